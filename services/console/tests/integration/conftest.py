"""The console on a real database (SQLite and PostgreSQL): its runtime, app and a browser-like client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tiepdan.console.app import SERVICE
from tiepdan.console.service.config import ConsoleConfig
from tiepdan.console.web.app import create_console_app
from tiepdan.kit.service import Runtime


@pytest.fixture
def runtime(make_runtime: Any, db_url: str) -> Runtime:
    built: Runtime = make_runtime(SERVICE, db_url)
    return built


@pytest.fixture
def make_app(runtime: Runtime) -> Callable[..., Flask]:
    def build(**config: Any) -> Flask:
        app = create_console_app(runtime, ConsoleConfig(**config))
        app.testing = True
        return app

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
