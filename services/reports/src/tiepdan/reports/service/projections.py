"""Projecting other services' events into the facts the forms count; every projection is idempotent.

The event consumer hands each projection an open unit of work and commits it with the message's id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.reports.adapters.repository import VisitRow
from tiepdan.reports.domain.cases import CaseDeadline
from tiepdan.reports.domain.coordination import PlanSeen, TaskSeen
from tiepdan.reports.domain.daily import AlertSeen
from tiepdan.reports.service.unit_of_work import ReportsWork


def record_visits(uow: ReportsWork, burst: Sequence[VisitRow]) -> int:
    """Record a burst of visits (one or many); returns how many were new."""
    recorded = uow.visits.record(burst)
    _follow_merges(uow, [values["case_id"] for values in burst])
    return recorded


def correct_visit(uow: ReportsWork, values: VisitRow) -> None:
    """`intake.visit.corrected` carries the visit as it now stands: its case's visits are counted again with it.
    A correction that arrives before the visit itself records the visit as corrected."""
    if uow.visits.case_of(values["visit_id"]) is None:
        uow.visits.record([values])
    else:
        uow.visits.correct(values)


def merge_case(uow: ReportsWork, merge: Mapping[str, Any]) -> None:
    """`intake.case.merged`: the merged case's visits and petitions count on the surviving case from now on (01/TCD
    counts the two as one case; 02/XLD follows the surviving case's decisions), and its deadlines are no longer
    watched (a merge is not the deadline met)."""
    uow.cases.add_merge(merge)
    merged = merge["case_id"]
    _move_case(uow, merged, _surviving(uow, merge["into"]))
    uow.cases.drop_deadlines(merged)


def record_petition(uow: ReportsWork, values: Mapping[str, Any]) -> None:
    uow.petitions.add(values)
    _follow_merges(uow, [values["case_id"]])


def correct_petition(uow: ReportsWork, values: Mapping[str, Any]) -> None:
    """`intake.petition.corrected` carries the petition as it now stands (kind, field, eligibility…)."""
    uow.petitions.correct(values)


def record_case_change(
    uow: ReportsWork, change: Mapping[str, Any], deadlines: Mapping[str, date], *, corrected: bool
) -> None:
    """A case's change and the deadlines it lists; a reclassified (`corrected`) case owes only those it now lists."""
    unit, case_id, at = change["unit"], change["case_id"], change["at"]
    uow.cases.add_change(change)
    for name, due in deadlines.items():
        uow.cases.set_deadline(CaseDeadline(unit=unit, case_id=case_id, name=name, due=due), at)
    if corrected:
        uow.cases.keep_deadlines(case_id, deadlines, set_by=at)


def record_deadline(uow: ReportsWork, deadline: CaseDeadline, set_at: datetime) -> None:
    """`deadline_due` and `overdue` name one deadline and its date: kept in case no case event carried it."""
    uow.cases.set_deadline(deadline, set_at)


def close_register_day(uow: ReportsWork, unit: str, day: date, counts: Mapping[str, Any], closed_at: datetime) -> None:
    uow.register_days.close(unit, day, counts, closed_at)


def record_alert(uow: ReportsWork, seen: AlertSeen) -> None:
    uow.alerts.save(seen.after(uow.alerts.get(seen.alert_id)))


def record_plan(uow: ReportsWork, seen: PlanSeen) -> None:
    uow.coordination.save_plan(seen.after(uow.coordination.plan(seen.plan_id)))


def record_task(uow: ReportsWork, seen: TaskSeen) -> None:
    uow.coordination.save_task(seen.after(uow.coordination.task(seen.task_id)))


def copy_calendar(uow: ReportsWork, unit: str, document: Mapping[str, Any], changed_at: datetime) -> bool:
    """Roster's calendar for the unit (special periods decide when the `daily` report is due); a calendar that does
    not parse is refused (ValueError: dead-lettered with the reason). True when the copy took it."""
    WorkingCalendar.from_dict(dict(document))
    return uow.calendars.apply(unit, document, changed_at)


def _follow_merges(uow: ReportsWork, case_ids: Sequence[str]) -> None:
    """Visits and petitions of a case merged before they arrived (a redelivery, or consumers in parallel) move to
    the surviving case. Read after the visits' chain locks: a merge that held them first has committed by now."""
    for merged in uow.cases.merged_among(case_ids):
        _move_case(uow, merged, _surviving(uow, merged))


def _surviving(uow: ReportsWork, case_id: str) -> str:
    """The case a merged one ended in, following merges of merged cases."""
    into = case_id
    while (following := uow.cases.merged_into(into)) is not None:
        into = following
    return into


def _move_case(uow: ReportsWork, merged: str, into: str) -> None:
    uow.visits.move_case(merged, into)
    uow.petitions.move_case(merged, into)
