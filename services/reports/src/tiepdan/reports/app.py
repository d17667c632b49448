"""The reports service: its ServiceSpec and the WSGI app factory (`gunicorn 'tiepdan.reports.app:create_app()'`)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tiepdan.kit.config import Settings
from tiepdan.kit.service import PeriodicTask, Runtime, ServiceSpec
from tiepdan.kit.web import create_service_app
from tiepdan.reports.adapters.orm import Base
from tiepdan.reports.api import register_api
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.handlers import BATCH_HANDLERS, HANDLERS
from tiepdan.reports.service.chairman import send_chairman_mails
from tiepdan.reports.service.schedule import deliver_pending, run_schedule
from tiepdan.reports.service.unit_of_work import ReportsUnitOfWork

_TIMERS = ReportSettings.from_env()

SERVICE = ServiceSpec(
    name="reports",
    title="Tiếp Dân — reports",
    metadata=Base.metadata,
    versions_dir=Path(__file__).parent / "migrations" / "versions",
    register_api=register_api,
    resources=("/api/v1/figures", "/api/v1/reports", "/api/v1/reconciliation", "/api/v1/units"),
    handlers=HANDLERS,
    batch_handlers=BATCH_HANDLERS,
    periodic=(
        PeriodicTask("report-schedule", _TIMERS.schedule_interval_s, run_schedule),
        PeriodicTask("report-delivery", _TIMERS.delivery_interval_s, deliver_pending),
        PeriodicTask("chairman-mail", _TIMERS.delivery_interval_s, send_chairman_mails),
    ),
    unit_of_work=ReportsUnitOfWork,
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Migrations run on start only in embedded mode; elsewhere `tiepdan db upgrade reports` runs them."""
    runtime = runtime or Runtime(SERVICE, settings or ReportSettings.from_env())
    if runtime.settings.embedded:
        runtime.start()
    return create_service_app(runtime)
