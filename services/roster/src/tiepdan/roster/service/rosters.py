"""Use cases for rosters: request one (solved by the worker), publish it, re-plan after leave, who is on duty."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tiepdan.kit.db import utcnow
from tiepdan.kit.errors import Problem, conflict, not_found
from tiepdan.kit.uow import UnitOfWork
from tiepdan.roster.adapters import repository
from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.domain.duty import on_duty
from tiepdan.roster.domain.roster import validate_period
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.service import events

SOLVING, DRAFT, INFEASIBLE, PUBLISHED, SUPERSEDED = "solving", "draft", "infeasible", "published", "superseded"
REPLAN_TIME_LIMIT_S = 20.0


def request_roster(uow: UnitOfWork, start: date, end: date, time_limit_s: float, by: str) -> RosterRecord:
    """Queue a roster for the worker (`202 solving`); the caller commits, with the request's answer."""
    validate_period(start, end)
    record = RosterRecord(
        id=str(uuid.uuid4()),
        start=start,
        end=end,
        status=SOLVING,
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
    uow.session.add(record)
    return record


def get_roster(uow: UnitOfWork, roster_id: str) -> RosterRecord:
    record = repository.roster_record(uow.session, roster_id)
    if record is None:
        raise not_found(f"lịch trực '{roster_id}'")
    return record


def publish_roster(uow: UnitOfWork, roster_id: str, by: str) -> RosterRecord:
    """Only a solved draft can be published; the event carries every assignment with the officer's name."""
    record = get_roster(uow, roster_id)
    if record.status != DRAFT:
        raise conflict(f"Chỉ công bố được lịch trực ở trạng thái 'draft' (hiện tại: '{record.status}').")
    mark_published(uow, record, by)
    uow.commit()
    return record


def mark_published(uow: UnitOfWork, record: RosterRecord, by: str) -> None:
    record.status, record.published_at, record.published_by = PUBLISHED, utcnow(), by
    uow.session.flush()
    uow.emit("roster.roster.published", events.roster_published(record), unit=record.unit, aggregate_id=record.id)


def request_replans(uow: UnitOfWork, staff_ids: set[str], by: str, reason: str) -> list[RosterRecord]:
    """For each published roster in which one of these people is now assigned on a day they cannot work, queue a
    re-plan of only those days (the worker pins every other assignment and publishes the result)."""
    people = {r.staff_id: repository.staff_record_to_domain(r) for r in repository.staff_records(uow.session)}
    pending = set(uow.session.scalars(select(RosterRecord.replaces).where(RosterRecord.status == SOLVING)).all())
    queued = []
    stmt = select(RosterRecord).where(RosterRecord.status == PUBLISHED).order_by(RosterRecord.start)
    for published in uow.session.scalars(stmt):
        clashes = [
            a
            for a in repository.assignments_of(published)
            if a.staff_id in staff_ids and a.staff_id in people and not people[a.staff_id].is_available(a.date)
        ]
        if not clashes or published.id in pending:
            continue
        replan = _replan_record(published, by, reason)
        uow.session.add(replan)
        queued.append(replan)
    return queued


def _replan_record(published: RosterRecord, by: str, reason: str) -> RosterRecord:
    return RosterRecord(
        id=str(uuid.uuid4()),
        unit=published.unit,
        start=published.start,
        end=published.end,
        status=SOLVING,
        time_limit_s=min(published.time_limit_s, REPLAN_TIME_LIMIT_S),
        replaces=published.id,
        replan_reason=reason,
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


def duty_at(uow: UnitOfWork, at: datetime) -> dict[str, Any]:
    """Who is on duty at `at` according to the latest published roster of each day (night shifts included)."""
    if at.tzinfo is None:
        raise Problem(422, "Thời điểm phải có múi giờ.", {"at": ["Cần dạng RFC 3339 có múi giờ, ví dụ +07:00."]})
    calendar = repository.working_calendar(uow.session)
    try:
        local_day = at.astimezone(ZoneInfo(calendar.timezone)).date()
        day_before = local_day - timedelta(days=1)
    except OverflowError:  # the first or last day a date can hold: no roster's night shift reaches it
        return {"at": at.isoformat(), "timezone": calendar.timezone, "items": []}
    records = repository.published_overlapping(uow.session, day_before, local_day)
    in_force = repository.published_assignments(uow.session, day_before, local_day)
    shifts, staff, roster_of = _shift_and_staff_snapshots(records, day_before, local_day)
    current = on_duty(at, in_force, shifts.values(), calendar.timezone)
    items = []
    for a in current:
        shift = shifts[a.shift]
        person = staff.get(a.staff_id, {})
        items.append(
            {
                "date": a.date.isoformat(),
                "shift": a.shift,
                "start": shift.starts_at(a.date).isoformat(),
                "end": shift.ends_at(a.date).isoformat(),
                "staff_id": a.staff_id,
                "staff_name": person.get("name", ""),
                "agency": person.get("agency", ""),
                "skills": person.get("skills", []),
                "duty": str(a.duty),
                "roster_id": roster_of.get(a.date),
            }
        )
    return {"at": at.isoformat(), "timezone": calendar.timezone, "items": items}


def _shift_and_staff_snapshots(
    records: list[RosterRecord], first: date, last: date
) -> tuple[dict[str, Any], dict[str, Any], dict[date, str]]:
    shifts: dict[str, Any] = {}
    staff: dict[str, Any] = {}
    roster_of: dict[date, str] = {}
    for record in records:  # oldest publication first: later ones win
        if record.shifts:
            shifts.update({s.code: s for s in CoverageRules.from_dict({"shifts": record.shifts}).shifts})
        staff.update(record.staff or {})
        for ordinal in range(max(first, record.start).toordinal(), min(last, record.end).toordinal() + 1):
            roster_of[date.fromordinal(ordinal)] = record.id
    return shifts, staff, roster_of


def roster_summary(record: RosterRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "start": record.start,
        "end": record.end,
        "status": record.status,
        "replaces": record.replaces,
        "created_at": record.created_at,
        "solved_at": record.solved_at,
        "published_at": record.published_at,
    }
