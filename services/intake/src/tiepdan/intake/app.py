"""The intake service: its ServiceSpec and the WSGI app factory (`gunicorn 'tiepdan.intake.app:create_app()'`)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from tiepdan.kit.config import Settings
from tiepdan.kit.service import Runtime, ServiceSpec
from tiepdan.kit.web import create_service_app

from .adapters.orm import Base
from .api import register_api

SERVICE = ServiceSpec(
    name="intake",
    title="Tiếp Dân — intake",
    metadata=Base.metadata,
    versions_dir=Path(__file__).parent / "migrations" / "versions",
    register_api=register_api,
    resources=(),
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Migrations run on start only in embedded mode; elsewhere `tiepdan db upgrade intake` (a deploy job) runs them."""
    runtime = runtime or Runtime(SERVICE, settings)
    if runtime.settings.embedded:
        runtime.start()
    return create_service_app(runtime)
