"""Roster service on a real database (SQLite and PostgreSQL): the runtime, an HTTP client, the imported ward."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from roster_api_support import SCHEDULER, fixture

from tiepdan.kit.service import Runtime
from tiepdan.kit.web import create_service_app
from tiepdan.roster.app import SERVICE


@pytest.fixture
def runtime(make_runtime: Any, db_url: str) -> Runtime:
    built: Runtime = make_runtime(SERVICE, db_url)
    return built


@pytest.fixture
def client(runtime: Runtime) -> FlaskClient:
    return create_service_app(runtime).test_client()


@pytest.fixture
def ward_imported(client: FlaskClient) -> dict[str, Any]:
    response = client.post("/api/v1/staff/import", json=fixture("ward-staff.json"), headers=SCHEDULER)
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body
