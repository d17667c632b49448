"""Fixtures for the integration tests: a migrated alerts runtime on a real database, its HTTP client, a clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alerts_harness import Clock
from flask.testing import FlaskClient

from tiepdan.alerts.app import service_spec
from tiepdan.kit.service import Runtime
from tiepdan.kit.web import create_service_app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def runtime(make_runtime: Callable[..., Runtime], sqlite_url: str, clock: Clock) -> Runtime:
    """On SQLite (the embedded default); tests that must also hold on PostgreSQL use `pg_runtime`."""
    return make_runtime(service_spec(clock), sqlite_url)


@pytest.fixture
def pg_runtime(make_runtime: Callable[..., Runtime], pg_url: str, clock: Clock) -> Runtime:
    return make_runtime(service_spec(clock), pg_url)


@pytest.fixture
def client(runtime: Runtime) -> FlaskClient:
    return create_service_app(runtime).test_client()
