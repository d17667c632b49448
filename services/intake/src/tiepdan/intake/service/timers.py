"""Worker timers: deadline notices, the daily register summary, open/overdue gauges. Each run is idempotent."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from prometheus_client import Gauge
from sqlalchemy import func, select

from tiepdan.intake.adapters import metrics
from tiepdan.intake.adapters.orm import CaseRow, DeadlineNoticeRow, PetitionRow, RegisterClosureRow, VisitRow
from tiepdan.intake.adapters.repository import case_from_row
from tiepdan.intake.adapters.roster_copy import RosterCopy
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain import events
from tiepdan.intake.domain.cases import Status
from tiepdan.intake.domain.register import DayVisit, day_summary
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.kit.uow import UnitOfWork

log = logging.getLogger(__name__)

OPEN_STATUSES = (Status.RECEIVED.value, Status.ACCEPTED.value, Status.SUSPENDED.value)


def ward_today(config: IntakeConfig) -> date:
    return config.clock().astimezone(ZoneInfo(WorkingCalendar().timezone)).date()


def emit_deadline_notices(runtime: Runtime, config: IntakeConfig) -> int:
    """`intake.case.deadline_due` when a watched deadline is within the lead (working days), `intake.case.overdue`
    once it has passed; each once per case, deadline and date (an extended deadline is a new date)."""
    today = ward_today(config)
    horizon = today + timedelta(days=14 + 3 * config.lead_working_days)
    emitted = 0
    with runtime.uow() as uow:
        rows = uow.session.scalars(
            select(CaseRow).where(CaseRow.next_due.is_not(None), CaseRow.next_due <= horizon).order_by(CaseRow.seq)
        ).all()
        if not rows:
            return 0
        sent = {
            (n.case_id, n.deadline, n.due_on, n.notice)
            for n in uow.session.scalars(
                select(DeadlineNoticeRow).where(DeadlineNoticeRow.case_id.in_([r.id for r in rows]))
            )
        }
        calendars: dict[str, WorkingCalendar] = {}
        roster = RosterCopy(uow.session)
        for row in rows:
            case = case_from_row(row)
            calendar = calendars.setdefault(row.unit, roster.calendar(row.unit))
            for deadline in case.watched_deadlines():
                if deadline.date < today:
                    notice, event_type = "overdue", events.CASE_OVERDUE
                elif calendar.working_days_between(today, deadline.date) <= config.lead_working_days:
                    notice, event_type = "due", events.DEADLINE_DUE
                else:
                    continue
                key = (case.id, deadline.name, deadline.date, notice)
                if key in sent:
                    continue
                uow.session.add(
                    DeadlineNoticeRow(
                        unit=row.unit,
                        case_id=case.id,
                        deadline=deadline.name,
                        due_on=deadline.date,
                        notice=notice,
                        emitted_at=utcnow(),
                    )
                )
                uow.emit(event_type, events.deadline_notice(case, deadline), unit=row.unit, aggregate_id=case.id)
                sent.add(key)
                emitted += 1
        uow.commit()
    if emitted:
        log.info("deadline notices emitted", extra={"count": emitted})
    return emitted


def close_register_days(runtime: Runtime, config: IntakeConfig) -> int:
    """After each ward day ends, publish that day's register summary per unit (again, if back-dated records
    arrived since). The first day of a unit is its first record's day, or yesterday for a unit with none."""
    yesterday = ward_today(config) - timedelta(days=1)
    published = 0
    with runtime.uow() as uow:
        session = uow.session
        units = {runtime.settings.unit} if runtime.settings.unit else set()
        units |= set(session.scalars(select(VisitRow.unit).distinct()))
        units |= set(session.scalars(select(PetitionRow.unit).distinct()))
        for unit in sorted(units):
            closures = {
                c.day: c for c in session.scalars(select(RegisterClosureRow).where(RegisterClosureRow.unit == unit))
            }
            first_visit = session.scalar(select(func.min(VisitRow.received_on)).where(VisitRow.unit == unit))
            first_petition = session.scalar(select(func.min(PetitionRow.received_on)).where(PetitionRow.unit == unit))
            start = min(filter(None, [first_visit, first_petition, yesterday]))
            day = start
            while day <= yesterday:
                closure = closures.get(day)
                if closure is None or closure.stale:
                    _publish_day(uow, unit, day, closure, config)
                    published += 1
                day += timedelta(days=1)
        uow.commit()
    return published


def _publish_day(
    uow: UnitOfWork, unit: str, day: date, closure: RegisterClosureRow | None, config: IntakeConfig
) -> None:
    session = uow.session
    visits = [
        DayVisit(reception, headcount)
        for reception, headcount in session.execute(
            select(VisitRow.reception, VisitRow.headcount).where(VisitRow.unit == unit, VisitRow.received_on == day)
        )
    ]
    petitions = session.scalar(
        select(func.count()).select_from(PetitionRow).where(PetitionRow.unit == unit, PetitionRow.received_on == day)
    )
    data = day_summary(day, visits, int(petitions or 0), config.group_threshold)
    if closure is None:
        closure = RegisterClosureRow(unit=unit, day=day, closed_at=utcnow(), revision=1, stale=False)
        session.add(closure)
    else:
        closure.revision += 1
        closure.stale = False
        closure.closed_at = utcnow()
    data["revision"] = closure.revision
    uow.emit(events.REGISTER_CLOSED, data, unit=unit, aggregate_id=f"{unit}:{day.isoformat()}")


def observe_cases(runtime: Runtime, config: IntakeConfig) -> None:
    """Gauges of open and overdue cases per unit and kind, from the database (any process may serve /metrics)."""
    today = ward_today(config)
    with runtime.uow() as uow:
        open_counts = uow.session.execute(
            select(CaseRow.unit, CaseRow.kind, func.count())
            .where(CaseRow.status.in_(OPEN_STATUSES))
            .group_by(CaseRow.unit, CaseRow.kind)
        ).all()
        overdue_counts = uow.session.execute(
            select(CaseRow.unit, CaseRow.kind, func.count())
            .where(CaseRow.next_due < today)
            .group_by(CaseRow.unit, CaseRow.kind)
        ).all()
    _publish(metrics.OPEN_CASES, {(unit, kind): count for unit, kind, count in open_counts}, runtime, "open")
    _publish(metrics.OVERDUE_CASES, {(unit, kind): count for unit, kind, count in overdue_counts}, runtime, "overdue")


def _publish(gauge: Gauge, counts: dict[tuple[str, str], int], runtime: Runtime, name: str) -> None:
    """Set every (unit, kind) seen so far, zero when it has none left (in multiprocess mode `clear()` would leave
    the last value in the shared files)."""
    seen: set[tuple[str, str]] = runtime.state.setdefault(f"intake_gauge_{name}", set())
    seen |= set(counts)
    for labels in seen:
        gauge.labels(*labels).set(counts.get(labels, 0))
