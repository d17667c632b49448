"""The worker's timers: make the reports that are due, then deliver them to the province."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, union
from sqlalchemy.exc import IntegrityError

from tiepdan.kit.calendar import WorkingCalendar, with_shipped_years
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.reports.adapters import metrics
from tiepdan.reports.adapters.orm import Delivery, RegisterDay, ReportFile, ReportSnapshot, ScheduledRun, UnitCalendar
from tiepdan.reports.adapters.webhook import post_report
from tiepdan.reports.config import report_settings
from tiepdan.reports.domain.schedule import RetrySchedule, due_reports
from tiepdan.reports.domain.ward_time import WARD_TZ
from tiepdan.reports.service.snapshots import ReportRequest, generate_report, snapshot_document

log = logging.getLogger(__name__)
RETRIES = RetrySchedule()
DELIVERY_BATCH = 20


def known_units(runtime: Runtime) -> dict[str, WorkingCalendar]:
    """The deployment's own unit, and every unit that sent a calendar or closed a register day, with its calendar."""
    with runtime.uow() as uow:
        units = set(uow.session.scalars(union(select(UnitCalendar.unit), select(RegisterDay.unit))))
        calendars = {row.unit: row.document for row in uow.session.scalars(select(UnitCalendar))}
    units.add(runtime.settings.unit)
    default = WorkingCalendar.default()
    return {
        unit: WorkingCalendar.from_dict(with_shipped_years(calendars[unit])) if unit in calendars else default
        for unit in sorted(units)
    }


def run_schedule(runtime: Runtime, now: datetime | None = None) -> list[str]:
    """Make every due report not made yet; returns the ids made. Two workers racing make each report once."""
    now = now or utcnow()
    settings = report_settings(runtime)
    made: list[str] = []
    for unit, calendar in known_units(runtime).items():
        for due in due_reports(unit, calendar, now.astimezone(WARD_TZ), settings.cut_off, settings.daily_at):
            with runtime.uow() as uow:
                if uow.session.get(ScheduledRun, due.key) is not None:
                    continue
                request = ReportRequest(
                    template=due.template,
                    period=due.period,
                    units=frozenset({unit}),
                    requested_by="scheduler",
                    home_unit=unit,
                    trigger="schedule",
                    deliver=True,
                )
                snapshot = generate_report(uow, settings, request, now)
                uow.session.add(ScheduledRun(key=due.key, report_id=snapshot.id, created_at=now))
                try:
                    uow.commit()
                except IntegrityError:
                    log.info("scheduled report %s was made by another worker", due.key)
                    continue
                made.append(snapshot.id)
                log.info("scheduled report %s made as %s", due.key, snapshot.id)
    return made


def deliver_pending(runtime: Runtime, now: datetime | None = None) -> int:
    """POST each due delivery outside any transaction, then record the outcome; returns how many succeeded."""
    now = now or utcnow()
    settings = report_settings(runtime)
    with runtime.uow() as uow:
        due = uow.session.scalars(
            select(Delivery.report_id)
            .where(Delivery.status.in_(("pending", "retrying")), Delivery.next_attempt_at <= now)
            .order_by(Delivery.next_attempt_at)
            .limit(DELIVERY_BATCH)
        ).all()
    delivered = 0
    for report_id in due:
        with runtime.uow() as uow:
            snapshot = uow.session.get(ReportSnapshot, report_id)
            delivery = uow.session.get(Delivery, report_id)
            if snapshot is None or delivery is None:
                continue
            files = uow.session.scalars(select(ReportFile).where(ReportFile.report_id == report_id)).all()
            payload = snapshot_document(snapshot, files)
            url = delivery.url
        sent = post_report(url, settings.webhook_secret, report_id, payload)
        with runtime.uow() as uow:
            delivery = uow.session.get(Delivery, report_id, with_for_update=True)
            if delivery is None:
                continue
            delivery.attempts += 1
            delivery.last_status, delivery.last_error = sent.status, sent.error
            if sent.ok:
                delivery.status, delivery.delivered_at, delivery.next_attempt_at = "delivered", now, None
                delivered += 1
            elif delivery.attempts >= RETRIES.max_attempts:
                delivery.status, delivery.next_attempt_at = "failed", None
                log.error("report %s could not be delivered to the province: %s", report_id, sent.error)
            else:
                delivery.status = "retrying"
                delivery.next_attempt_at = now + RETRIES.delay_after(delivery.attempts)
            metrics.DELIVERIES.labels(delivery.status).inc()
            uow.commit()
    return delivered
