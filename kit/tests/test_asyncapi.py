"""The AsyncAPI document built from the event catalogue: valid against the official AsyncAPI 3.0 JSON Schema, complete,
and served by every service app at /asyncapi.json."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from sample.service import SAMPLE

from tiepdan.kit.asyncapi import build_document, channel_id, document_errors, message_id
from tiepdan.kit.contract import EVENT_TYPES, message_schema
from tiepdan.kit.service import InboundQueue
from tiepdan.kit.web import create_service_app

PUBLISHERS = sorted({entry.publisher for entry in EVENT_TYPES.values()})


def every_publisher() -> list:
    """A spec per publisher of the catalogue, without handlers: the document then holds every message."""
    return [replace(SAMPLE, name=name, handlers={}, batch_handlers={}) for name in PUBLISHERS]


def test_the_whole_catalogue_is_a_valid_asyncapi_3_document() -> None:
    document = build_document(every_publisher(), "all")
    assert document["asyncapi"] == "3.0.0"
    assert document_errors(document) == []
    assert set(document["channels"]) == {channel_id(entry) for entry in EVENT_TYPES.values()}
    messages = document["components"]["messages"]
    for entry in EVENT_TYPES.values():
        for version in entry.versions:
            assert messages[message_id(entry, version)]["payload"] == message_schema(entry, version)


def test_parametrised_and_inbound_channels_say_where_they_are() -> None:
    channels = build_document(every_publisher(), "all")["channels"]
    notify = channels["alerts.notify"]
    assert notify["address"] == "alerts.notify.{receiver}"
    assert set(notify["parameters"]) == {"receiver"}
    inbound = channels["province.report"]
    assert inbound["bindings"]["amqp"]["exchange"]["name"] == "tiepdan.inbound"
    assert channels["intake.visit.registered"]["bindings"]["amqp"]["exchange"]["name"] == "tiepdan.events"


def test_a_service_document_holds_what_it_publishes_and_consumes() -> None:
    spec = replace(
        SAMPLE,
        name="alerts",
        inbound=InboundQueue(
            ("province.report",), lambda body: pytest.fail("not decoded here"), {"province.report": id}
        ),
    )
    document = build_document([spec], "alerts")
    operations = document["operations"]
    assert operations["alerts.receive.intake.visit.registered"]["action"] == "receive"
    assert operations["alerts.receive.province.report"]["channel"] == {"$ref": "#/channels/province.report"}
    assert operations["alerts.send.alerts.notify"]["action"] == "send"
    assert "intake.petition.received" not in document["channels"]  # neither published nor consumed by it
    assert document_errors(document) == []


def test_a_handler_of_a_type_the_catalogue_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match=r"intake\.nothing"):
        build_document([replace(SAMPLE, handlers={"intake.nothing": id}, batch_handlers={})], "x")


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("operations", "test.receive.intake.visit.registered", "action"), "publish", "is not valid"),
        (("channels", "intake.visit.registered", "messages", "v1", "$ref"), "#/components/messages/nope", "nowhere"),
        (
            ("components", "messages", "intake.visit.registered.v1", "payload", "type"),
            "objekt",
            "is not valid",
        ),
        (("info", "version"), 1, "is not of type 'string'"),
    ],
)
def test_a_broken_document_is_found_out(path: tuple[str, ...], value: object, expected: str) -> None:
    document = copy.deepcopy(build_document([SAMPLE], "sample"))
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert any(expected in error for error in document_errors(document))


def test_each_service_app_serves_its_document(make_runtime, sqlite_url: str) -> None:
    client = create_service_app(make_runtime(SAMPLE, sqlite_url)).test_client()
    response = client.get("/asyncapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document_errors(document) == []
    assert set(document["channels"]) == {"intake.visit.registered"}
    assert document["operations"]["test.receive.intake.visit.registered"]["action"] == "receive"
