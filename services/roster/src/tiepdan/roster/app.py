"""The roster service: its ServiceSpec and the WSGI app factory (`gunicorn 'tiepdan.roster.app:create_app()'`)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tiepdan.kit.config import Settings
from tiepdan.kit.service import PeriodicTask, Runtime, ServiceSpec
from tiepdan.kit.web import create_service_app

from . import config
from .adapters.orm import Base
from .api import register_api
from .service.solving import solve_pending
from .service.unit_of_work import RosterUnitOfWork

SERVICE = ServiceSpec(
    name=config.SERVICE_NAME,
    title="Tiếp Dân — roster",
    metadata=Base.metadata,
    versions_dir=Path(__file__).parent / "migrations" / "versions",
    register_api=register_api,
    resources=(
        "/api/v1/staff",
        "/api/v1/agencies",
        "/api/v1/calendar",
        "/api/v1/coverage-rules",
        "/api/v1/rosters",
        "/api/v1/duty",
        "/api/v1/working-groups",
        "/api/v1/receptions",
        "/api/v1/incidents",
    ),
    periodic=(PeriodicTask("solve-rosters", config.SOLVE_POLL_S, solve_pending),),
    unit_of_work=RosterUnitOfWork,
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Migrations run on start only in embedded mode; elsewhere `tiepdan db upgrade roster` (a deploy job) runs them."""
    runtime = runtime or Runtime(SERVICE, settings or config.settings())
    if runtime.settings.embedded:
        runtime.start()
    return create_service_app(runtime)
