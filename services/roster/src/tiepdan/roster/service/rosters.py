"""Use cases for rosters: request one (solved by the worker), publish it, re-plan after leave, who is on duty,
and the published roster as a file."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.db import utcnow
from tiepdan.kit.errors import Problem, conflict, not_found
from tiepdan.roster.adapters import export
from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.adapters.repository import Page
from tiepdan.roster.domain.duty import on_duty
from tiepdan.roster.domain.roster import EXPORTABLE, Assignment, Status, days_between, validate_period
from tiepdan.roster.domain.rules import Shift
from tiepdan.roster.service import events
from tiepdan.roster.service.results import DutyAt, OnDuty, RosterFile
from tiepdan.roster.service.unit_of_work import RosterWork

#: A re-plan changes a few days of a roster in force: it must be back quickly, so it gets at most this long.
REPLAN_TIME_LIMIT_S = 20.0


def request_roster(uow: RosterWork, start: date, end: date, time_limit_s: float, by: str) -> RosterRecord:
    """Queue a roster for the worker (`202 solving`); the caller commits, with the request's answer."""
    validate_period(start, end)
    roster = _new_roster(start, end, time_limit_s, by)
    uow.rosters.add(roster)
    return roster


def get_roster(uow: RosterWork, roster_id: str) -> RosterRecord:
    roster = uow.rosters.get(roster_id)
    if roster is None:
        raise not_found(f"lịch trực '{roster_id}'")
    return roster


def list_rosters(uow: RosterWork, limit: int, cursor: str | None, status: str | None) -> Page[RosterRecord]:
    """Newest request first."""
    return uow.rosters.page(limit, cursor, status)


def publish_roster(uow: RosterWork, roster_id: str, by: str) -> RosterRecord:
    """Only a solved draft can be published; the event carries every assignment with the officer's name."""
    roster = get_roster(uow, roster_id)
    if roster.status != Status.DRAFT:
        raise conflict(f"Chỉ công bố được lịch trực ở trạng thái 'draft' (hiện tại: '{roster.status}').")
    mark_published(uow, roster, by)
    uow.commit()
    return roster


def mark_published(uow: RosterWork, roster: RosterRecord, by: str) -> None:
    roster.status, roster.published_at, roster.published_by = Status.PUBLISHED, utcnow(), by
    uow.emit("roster.roster.published", events.roster_published(roster), unit=roster.unit, aggregate_id=roster.id)


def request_replans(uow: RosterWork, staff_ids: set[str], by: str, reason: str) -> list[str]:
    """For each published roster in which one of these people is now assigned on a day they cannot work, queue a
    re-plan of only those days (the worker pins every other assignment and publishes the result); returns the
    re-plans' ids."""
    people = {p.id: p for p in uow.staff.all() if p.id in staff_ids}
    pending = uow.rosters.replanning()
    queued = []
    for published in uow.rosters.published():
        clashes = [
            a for a in published.planned() if a.staff_id in people and not people[a.staff_id].is_available(a.date)
        ]
        if not clashes or published.id in pending:
            continue
        replan = _new_roster(published.start, published.end, min(published.time_limit_s, REPLAN_TIME_LIMIT_S), by)
        replan.unit, replan.replaces, replan.replan_reason = published.unit, published.id, reason
        uow.rosters.add(replan)
        queued.append(replan.id)
    return queued


def _new_roster(start: date, end: date, time_limit_s: float, by: str) -> RosterRecord:
    return RosterRecord(
        id=str(uuid.uuid4()),
        start=start,
        end=end,
        status=Status.SOLVING,
        time_limit_s=time_limit_s,
        requested_by=by,
        created_at=utcnow(),
        attempts=0,
        assignments=[],
        violations=[],
        reasons=[],
        stats={},
        shifts=[],
        staff={},
    )


def in_force(published: Iterable[RosterRecord], start: date, end: date) -> list[Assignment]:
    """From published rosters in order of publication: for each day from `start` to `end`, the assignments of the
    latest roster published for it."""
    by_day: dict[date, list[Assignment]] = {}
    for roster in published:
        assignments = roster.planned()
        for day in days_between(max(start, roster.start), min(end, roster.end)):
            by_day[day] = [a for a in assignments if a.date == day]
    return sorted(a for day_assignments in by_day.values() for a in day_assignments)


def duty_at(uow: RosterWork, at: datetime) -> DutyAt:
    """Who is on duty at `at` according to the latest published roster of each day (night shifts included)."""
    if at.tzinfo is None:
        raise Problem(422, "Thời điểm phải có múi giờ.", {"at": ["Cần dạng RFC 3339 có múi giờ, ví dụ +07:00."]})
    calendar = WorkingCalendar.from_dict(uow.calendar.document())
    try:
        local_day = at.astimezone(ZoneInfo(calendar.timezone)).date()
        day_before = local_day - timedelta(days=1)
    except OverflowError:  # the first or last day a date can hold: no roster's night shift reaches it
        return DutyAt(at, calendar.timezone)
    published = uow.rosters.published_overlapping(day_before, local_day)
    shifts, staff, roster_of = _snapshots(published, day_before, local_day)
    current = on_duty(at, in_force(published, day_before, local_day), shifts.values(), calendar.timezone)
    return DutyAt(at, calendar.timezone, [_on_duty(a, shifts[a.shift], staff, roster_of) for a in current])


def _on_duty(a: Assignment, shift: Shift, staff: dict[str, Any], roster_of: dict[date, str]) -> OnDuty:
    person = staff.get(a.staff_id, {})
    return OnDuty(
        date=a.date,
        shift=a.shift,
        start=shift.starts_at(a.date),
        end=shift.ends_at(a.date),
        staff_id=a.staff_id,
        staff_name=person.get("name", ""),
        agency=person.get("agency", ""),
        skills=person.get("skills", []),
        duty=str(a.duty),
        roster_id=roster_of.get(a.date),
    )


def _snapshots(
    published: list[RosterRecord], first: date, last: date
) -> tuple[dict[str, Shift], dict[str, Any], dict[date, str]]:
    """The shifts and officers as the rosters in force knew them, and which roster is in force on each day."""
    shifts: dict[str, Shift] = {}
    staff: dict[str, Any] = {}
    roster_of: dict[date, str] = {}
    for roster in published:  # oldest publication first: later ones win
        shifts.update({s.code: s for s in roster.shift_list()})
        staff.update(roster.staff or {})
        for day in days_between(max(first, roster.start), min(last, roster.end)):
            roster_of[day] = roster.id
    return shifts, staff, roster_of


def export_xlsx(uow: RosterWork, roster_id: str) -> RosterFile:
    """The published roster, one sheet per month, names by day and shift."""
    roster = _exportable(uow, roster_id)
    calendar = WorkingCalendar.from_dict(uow.calendar.document(roster.unit))
    days = {d: "working" if calendar.is_working_day(d) else "off" for d in days_between(roster.start, roster.end)}
    content = export.roster_xlsx(roster.start, roster.end, roster.shift_list(), roster.planned(), roster.staff, days)
    return RosterFile(content, export.XLSX, f"lich-truc-{roster.start}-{roster.end}.xlsx")


def export_ics(uow: RosterWork, roster_id: str, staff_id: str | None = None) -> RosterFile:
    """The published roster as iCalendar; with `staff_id`, that officer's shifts only."""
    roster = _exportable(uow, roster_id)
    assignments = [a for a in roster.planned() if not staff_id or a.staff_id == staff_id]
    text = export.roster_ics(roster.id, roster.shift_list(), assignments, roster.staff, roster.timezone)
    return RosterFile(text.encode("utf-8"), export.ICS, f"lich-truc-{roster.start}-{roster.end}.ics")


def _exportable(uow: RosterWork, roster_id: str) -> RosterRecord:
    roster = get_roster(uow, roster_id)
    if roster.status not in EXPORTABLE:
        raise conflict(f"Chỉ xuất được lịch trực đã công bố (hiện tại: '{roster.status}').")
    return roster
