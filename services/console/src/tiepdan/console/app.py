"""The console service: its ServiceSpec and the WSGI app factory (`gunicorn 'tiepdan.console.app:create_app()'`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask

from tiepdan.kit.config import Settings
from tiepdan.kit.service import Runtime, ServiceSpec

from .adapters.orm import Base
from .config import ConsoleConfig
from .service.accounts import ensure_first_admin
from .service.setup import prepare
from .service.unit_of_work import ConsoleUnitOfWork, console_work
from .web.app import create_console_app

log = logging.getLogger(__name__)


def _no_api(_api: Any) -> None:
    """The console serves pages, not an OpenAPI document."""


SERVICE = ServiceSpec(
    name="console",
    title="Tiếp Dân — console",
    metadata=Base.metadata,
    versions_dir=Path(__file__).parent / "migrations" / "versions",
    register_api=_no_api,
    resources=("/",),  # every path no API owns: the pages, /login, /admin, /oauth/token, /.well-known/jwks.json
    on_start=prepare,
    web_app=create_console_app,
    unit_of_work=ConsoleUnitOfWork,
)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Migrations run on start only in embedded mode; elsewhere `tiepdan db upgrade console` (a deploy job) runs
    them. The first administrator is made here from TIEPDAN_CONSOLE_ADMIN_PASSWORD when there is no account yet."""
    runtime = runtime or Runtime(SERVICE, settings)
    if runtime.settings.embedded:
        runtime.start()
    else:
        prepare(runtime)
    config = ConsoleConfig.from_env()
    if config.admin_password and ensure_first_admin(
        console_work(runtime), config.admin_password, runtime.settings.unit
    ):
        log.info("first administrator 'admin' created from TIEPDAN_CONSOLE_ADMIN_PASSWORD")
    return create_console_app(runtime, config)
