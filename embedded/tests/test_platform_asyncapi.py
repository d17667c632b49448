"""The bus as AsyncAPI 3.0 in the platform's URL space: one document for all at /asyncapi.json, each service's own
at /<service>/asyncapi.json, and the events a visit really publishes match the schemas the document serves."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from sqlalchemy import select
from werkzeug.test import Client

from tiepdan.embedded.platform import Platform
from tiepdan.kit import testing
from tiepdan.kit.asyncapi import channel_id, document_errors
from tiepdan.kit.contract import EVENT_TYPES, FORMATS, event_type
from tiepdan.kit.db import outbox_table
from tiepdan.kit.testing import bearer

SERVICES = ("intake", "roster", "alerts", "reports")

VISIT = {
    "reception": "regular",
    "host_name": "Nguyễn Thị Lan",
    "headcount": 7,
    "citizens": [{"full_name": "Trần Văn Bình", "id_number": "019085001234", "representative": True}],
    "kind": "complaint",
    "field": "land",
    "subject": "Dự án khu dân cư số 3",
    "area": "Tổ dân phố 5",
    "summary": "Đề nghị xem xét lại giá bồi thường đất",
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    data: Path = tmp_path_factory.mktemp("var")
    built = Platform.build(settings_for=lambda name: testing.test_settings(name, f"sqlite:///{data / name}.db"))
    yield built
    for runtime in built.runtimes.values():
        runtime.dispose()


@pytest.fixture
def client(platform: Platform) -> Client:
    return Client(platform.wsgi())


def operations_of(document: dict, service: str, action: str) -> set[str]:
    prefix = f"{service}.{action}."
    return {key.removeprefix(prefix) for key in document["operations"] if key.startswith(prefix)}


def test_one_document_describes_every_message_of_the_platform(client: Client) -> None:
    response = client.get("/asyncapi.json")
    assert response.status_code == 200
    document = response.json
    assert document_errors(document) == []
    assert set(document["channels"]) == {channel_id(entry) for entry in EVENT_TYPES.values()}
    assert document["channels"]["alerts.notify"]["address"] == "alerts.notify.{receiver}"
    assert "province.report" in operations_of(document, "alerts", "receive")
    assert "roster.calendar.changed" in operations_of(document, "intake", "receive")
    assert "alerts.alert.raised" in operations_of(document, "reports", "receive")


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_serves_what_it_publishes_and_consumes(client: Client, platform: Platform, service: str) -> None:
    response = client.get(f"/{service}/asyncapi.json")
    assert response.status_code == 200
    document = response.json
    assert document_errors(document) == []
    published = {channel_id(e) for e in EVENT_TYPES.values() if e.publisher == service}
    spec = platform.runtimes[service].spec
    consumed = set(spec.handlers) | set(spec.inbound.handlers if spec.inbound else ())
    assert published
    assert operations_of(document, service, "send") == published
    assert operations_of(document, service, "receive") == consumed
    assert set(document["channels"]) == published | consumed


def test_the_index_points_at_the_documents(client: Client) -> None:
    index = client.get("/api").json
    assert index["asyncapi"]["all"] == "/asyncapi.json"
    assert index["asyncapi"]["alerts"] == "/alerts/asyncapi.json"


def test_a_visit_publishes_events_the_served_schemas_accept(client: Client, platform: Platform) -> None:
    headers = bearer("clerk") | {"Idempotency-Key": "asyncapi-visit-1"}
    assert client.post("/api/v1/visits", json=VISIT, headers=headers).status_code == 201
    document = client.get("/asyncapi.json").json
    with platform.runtimes["intake"].sessions() as session:
        rows = session.execute(select(outbox_table.c.type, outbox_table.c.body)).all()
    assert {"intake.visit.registered", "intake.case.opened"} <= {row.type for row in rows}
    for row in rows:
        entry = event_type(row.type)
        assert entry is not None
        ref = document["channels"][channel_id(entry)]["messages"]["v1"]["$ref"]
        payload = document["components"]["messages"][ref.rsplit("/", 1)[1]]["payload"]
        body = json.loads(row.body)
        assert list(Draft7Validator(payload, format_checker=FORMATS).iter_errors(body)) == []
        wrong = body | {"data": body["data"] | {"headcount": "bảy", "kind": "riot"}}
        assert list(Draft7Validator(payload, format_checker=FORMATS).iter_errors(wrong))
