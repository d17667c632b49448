"""Worker timers: deadline notices, the daily register summary, open/overdue gauges. Each run is idempotent."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from prometheus_client import Gauge

from tiepdan.intake.adapters import metrics
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain import events
from tiepdan.intake.domain.cases import Status
from tiepdan.intake.domain.register import day_summary
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork, intake_work
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.service import Runtime

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
    with intake_work(runtime.uow()) as uow:
        cases = uow.cases.due_by(horizon)
        if not cases:
            return 0
        sent = uow.cases.notices_sent([case.id for case in cases])
        calendars: dict[str, WorkingCalendar] = {}
        for case in cases:
            calendar = calendars.setdefault(case.unit, uow.roster.calendar(case.unit))
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
                uow.cases.add_notice(case, deadline, notice)
                uow.emit(event_type, events.deadline_notice(case, deadline), unit=case.unit, aggregate_id=case.id)
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
    with intake_work(runtime.uow()) as uow:
        units = {runtime.settings.unit} if runtime.settings.unit else set()
        for unit in sorted(units | uow.register.units_with_records()):
            closed = uow.register.days_closed(unit)
            day = min(filter(None, [uow.register.first_day(unit), yesterday]))
            while day <= yesterday:
                if closed.get(day, True):  # never summarised, or a record arrived since
                    _publish_day(uow, unit, day, config)
                    published += 1
                day += timedelta(days=1)
        uow.commit()
    return published


def _publish_day(uow: IntakeUnitOfWork, unit: str, day: date, config: IntakeConfig) -> None:
    visits, petitions = uow.register.day_of(unit, day)
    data = day_summary(day, visits, petitions, config.group_threshold)
    data["revision"] = uow.register.close_day(unit, day)
    uow.emit(events.REGISTER_CLOSED, data, unit=unit, aggregate_id=f"{unit}:{day.isoformat()}")


def observe_cases(runtime: Runtime, config: IntakeConfig) -> None:
    """Gauges of open and overdue cases per unit and kind, from the database (any process may serve /metrics)."""
    today = ward_today(config)
    with intake_work(runtime.uow()) as uow:
        open_counts = uow.queries.counts_by_unit_and_kind(statuses=OPEN_STATUSES)
        overdue_counts = uow.queries.counts_by_unit_and_kind(due_before=today)
    _publish(metrics.OPEN_CASES, open_counts, runtime, "open")
    _publish(metrics.OVERDUE_CASES, overdue_counts, runtime, "overdue")


def _publish(gauge: Gauge, counts: dict[tuple[str, str], int], runtime: Runtime, name: str) -> None:
    """Set every (unit, kind) seen so far, zero when it has none left (in multiprocess mode `clear()` would leave
    the last value in the shared files)."""
    seen: set[tuple[str, str]] = runtime.state.setdefault(f"intake_gauge_{name}", set())
    seen |= set(counts)
    for labels in seen:
        gauge.labels(*labels).set(counts.get(labels, 0))
