"""The worker's timers: make the reports that are due, then deliver them to the province (and the daily report of
a special period to the Chairman, service/chairman.py)."""

from __future__ import annotations

import logging
from datetime import datetime

from tiepdan.kit.calendar import WorkingCalendar, with_shipped_years
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.reports.adapters import metrics
from tiepdan.reports.adapters.webhook import Sent, post_report
from tiepdan.reports.config import ReportSettings, report_settings
from tiepdan.reports.domain.schedule import AlreadyMade, RetrySchedule, ScheduledReport, due_reports
from tiepdan.reports.domain.ward_time import WARD_TZ
from tiepdan.reports.service.chairman import address_to_chairman
from tiepdan.reports.service.snapshots import ReportRequest, generate_report, snapshot_document
from tiepdan.reports.service.unit_of_work import ReportsWork, reports_work

log = logging.getLogger(__name__)
RETRIES = RetrySchedule()
DELIVERY_BATCH = 20


def known_units(uow: ReportsWork, home_unit: str) -> dict[str, WorkingCalendar]:
    """The deployment's own unit, and every unit that sent a calendar or closed a register day, with its calendar."""
    units = uow.calendars.units_heard_of() | {home_unit}
    calendars = uow.calendars.documents()
    default = WorkingCalendar.default()
    return {
        unit: WorkingCalendar.from_dict(with_shipped_years(calendars[unit])) if unit in calendars else default
        for unit in sorted(units)
    }


def make_scheduled(uow: ReportsWork, settings: ReportSettings, due: ScheduledReport, now: datetime) -> str | None:
    """Make one due report unless it was made; returns its id. The schedule's record commits with the report."""
    if uow.schedule.made(due.key):
        return None
    request = ReportRequest(
        template=due.template,
        period=due.period,
        units=frozenset({due.unit}),
        requested_by="scheduler",
        home_unit=due.unit,
        trigger="schedule",
        deliver=True,
    )
    snapshot = generate_report(uow, settings, request, now)
    if due.template == "daily":  # made only on the days of a special period (domain/schedule.py)
        address_to_chairman(uow, settings, snapshot, due.unit)
    uow.schedule.add(due.key, snapshot.id, now)
    uow.commit()
    return snapshot.id


def run_schedule(runtime: Runtime, now: datetime | None = None) -> list[str]:
    """Make every due report not made yet; returns the ids made. Two workers racing make each report once."""
    now = now or utcnow()
    settings = report_settings(runtime)
    with reports_work(runtime.uow()) as uow:
        calendars = known_units(uow, runtime.settings.unit)
    made: list[str] = []
    for unit, calendar in calendars.items():
        for due in due_reports(unit, calendar, now.astimezone(WARD_TZ), settings.cut_off, settings.daily_at):
            with reports_work(runtime.uow()) as uow:
                try:
                    report_id = make_scheduled(uow, settings, due, now)
                except AlreadyMade:
                    log.info("scheduled report %s was made by another worker", due.key)
                    continue
            if report_id is not None:
                made.append(report_id)
                log.info("scheduled report %s made as %s", due.key, report_id)
    return made


def deliver_pending(runtime: Runtime, now: datetime | None = None) -> int:
    """POST each due delivery outside any transaction, then record the outcome; returns how many succeeded."""
    now = now or utcnow()
    settings = report_settings(runtime)
    with reports_work(runtime.uow()) as uow:
        due = uow.deliveries.due(now, DELIVERY_BATCH)
    delivered = 0
    for report_id in due:
        with reports_work(runtime.uow()) as uow:
            snapshot = uow.snapshots.get(report_id)
            delivery = uow.deliveries.get(report_id)
            if snapshot is None or delivery is None:
                continue
            payload = snapshot_document(snapshot, uow.snapshots.files_of(report_id))
            url = delivery.url
        sent = post_report(url, settings.webhook_secret, report_id, payload)
        with reports_work(runtime.uow()) as uow:
            delivered += record_attempt(uow, report_id, sent, now)
    return delivered


def record_attempt(uow: ReportsWork, report_id: str, sent: Sent, now: datetime) -> int:
    """The outcome of one POST: delivered, retried later, or failed after the last attempt; 1 when delivered."""
    delivery = uow.deliveries.get(report_id, for_update=True)
    if delivery is None:
        return 0
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = sent.status, sent.error
    if sent.ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
    elif delivery.attempts >= RETRIES.max_attempts:
        delivery.status, delivery.next_attempt_at = "failed", None
        log.error("report %s could not be delivered to the province: %s", report_id, sent.error)
    else:
        delivery.status = "retrying"
        delivery.next_attempt_at = now + RETRIES.delay_after(delivery.attempts)
    metrics.DELIVERIES.labels(delivery.status).inc()
    uow.commit()
    return int(sent.ok)
