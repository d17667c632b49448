"""The alerts service: its ServiceSpec and the WSGI app factory (`gunicorn 'tiepdan.alerts.app:create_app()'`)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tiepdan.kit.config import Settings
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import InboundQueue, Runtime, ServiceSpec
from tiepdan.kit.web import create_service_app

from .adapters.orm import Base
from .api import RESOURCES, register_api
from .config import AlertsSettings
from .handlers.events import (
    INBOUND_PATTERNS,
    decode_inbound_report,
    make_batch_handlers,
    make_handlers,
    make_inbound_handlers,
)
from .service.clock import CLOCK_KEY, Clock
from .service.unit_of_work import AlertsUnitOfWork
from .worker_tasks import make_periodic_tasks


def service_spec(clock: Clock = utcnow) -> ServiceSpec:
    """The service with its handlers, timers and views reading time from `clock` (tests pass a clock they move)."""

    def install_clock(runtime: Runtime) -> None:
        runtime.state[CLOCK_KEY] = clock

    return ServiceSpec(
        name="alerts",
        title="Tiếp Dân — alerts",
        metadata=Base.metadata,
        versions_dir=Path(__file__).parent / "migrations" / "versions",
        register_api=register_api,
        resources=RESOURCES,
        handlers=make_handlers(clock),
        batch_handlers=make_batch_handlers(clock),
        periodic=make_periodic_tasks(clock),
        inbound=InboundQueue(INBOUND_PATTERNS, decode_inbound_report, make_inbound_handlers(clock)),
        on_start=install_clock,
        unit_of_work=AlertsUnitOfWork,
    )


SERVICE = service_spec()


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Migrations run on start only in embedded mode; elsewhere `tiepdan db upgrade alerts` (a deploy job) runs them."""
    runtime = runtime or Runtime(SERVICE, settings or AlertsSettings.from_env())
    if runtime.settings.embedded:
        runtime.start()
    return create_service_app(runtime)
