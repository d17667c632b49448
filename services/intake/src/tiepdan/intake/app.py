"""The intake service: its ServiceSpec and the WSGI app factory (`gunicorn 'tiepdan.intake.app:create_app()'`)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from tiepdan.intake.adapters.orm import Base
from tiepdan.intake.api import RESOURCES, register_api
from tiepdan.intake.api.context import intake_config
from tiepdan.intake.handlers import HANDLERS
from tiepdan.intake.service.response_plans import emit_overdue_tasks
from tiepdan.intake.service.search_index import index_pending
from tiepdan.intake.service.timers import close_register_days, emit_deadline_notices, observe_cases
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork
from tiepdan.kit.config import Settings
from tiepdan.kit.service import PeriodicTask, Runtime, ServiceSpec
from tiepdan.kit.web import create_service_app

#: How often the worker looks for deadlines to announce and days to close (seconds).
TIMER_INTERVAL_S = float(os.environ.get("TIEPDAN_INTAKE_TIMER_S", "60"))


def _deadlines(runtime: Runtime) -> None:
    emit_deadline_notices(runtime, intake_config(runtime))


def _register_days(runtime: Runtime) -> None:
    close_register_days(runtime, intake_config(runtime))


def _case_gauges(runtime: Runtime) -> None:
    observe_cases(runtime, intake_config(runtime))


def _search_index(runtime: Runtime) -> None:
    index_pending(runtime, intake_config(runtime).vault)


def _overdue_tasks(runtime: Runtime) -> None:
    emit_overdue_tasks(runtime, intake_config(runtime))


SERVICE = ServiceSpec(
    name="intake",
    title="Tiếp Dân — intake",
    metadata=Base.metadata,
    versions_dir=Path(__file__).parent / "migrations" / "versions",
    register_api=register_api,
    resources=RESOURCES,
    handlers=HANDLERS,
    unit_of_work=IntakeUnitOfWork,
    periodic=(
        PeriodicTask("deadline-notices", TIMER_INTERVAL_S, _deadlines),
        PeriodicTask("register-closure", TIMER_INTERVAL_S, _register_days),
        PeriodicTask("case-gauges", TIMER_INTERVAL_S / 2, _case_gauges, every_replica=True),
        PeriodicTask("search-index", TIMER_INTERVAL_S, _search_index),
        PeriodicTask("response-task-overdue", TIMER_INTERVAL_S, _overdue_tasks),
    ),
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Migrations run on start only in embedded mode; elsewhere `tiepdan db upgrade intake` (a deploy job) runs them."""
    runtime = runtime or Runtime(SERVICE, settings)
    if runtime.settings.embedded:
        runtime.start()
    intake_config(runtime)  # fail at start, not on the first request, when identity keys are missing
    return create_service_app(runtime)
