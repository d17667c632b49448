"""The AsyncAPI 3.0 document of the bus, built from the event catalogue (`tiepdan.kit.contract.EVENT_TYPES`).

Each service serves the messages it publishes and those it consumes at `/asyncapi.json` (`/<service>/asyncapi.json`
in the platform's URL space); the embedded platform serves one document for all at `/asyncapi.json`. The payload
of each message is the very schema the test suite checks every event against (`contract.message_schema`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator

from .contract import ENVELOPE, EVENT_TYPES, EventType, message_schema
from .service import ServiceSpec

ASYNCAPI_VERSION = "3.0.0"
AMQP_BINDING_VERSION = "0.3.0"
#: The official JSON Schema of AsyncAPI 3.0.0, from the npm package @asyncapi/specs 6.11.1 (Apache-2.0).
SCHEMA_FILE = "asyncapi-3.0.0.schema.json"

Document = dict[str, Any]


def channel_id(entry: EventType) -> str:
    """A component key (letters, digits, dots): the routing key without its `{parameter}` parts."""
    return re.sub(r"\.?\{[^}]*\}", "", entry.name)


def message_id(entry: EventType, version: int) -> str:
    return f"{channel_id(entry)}.v{version}"


def build_document(specs: Sequence[ServiceSpec], title: str, description: str = "") -> Document:
    """The messages `specs` publish (catalogue entries whose publisher they are) and consume (their handlers, on
    `tiepdan.events` and `tiepdan.inbound`), with one `send` or `receive` operation per service and channel."""
    operations: dict[str, Any] = {}
    used: dict[str, EventType] = {}
    for spec in specs:
        sent = [entry for entry in EVENT_TYPES.values() if entry.publisher == spec.name]
        received = [_consumed(spec.name, name) for name in sorted(_subscriptions(spec))]
        for action, entries in (("send", sent), ("receive", received)):
            for entry in entries:
                used[entry.name] = entry
                operations[f"{spec.name}.{action}.{channel_id(entry)}"] = _operation(spec.name, action, entry)
    entries = sorted(used.values(), key=lambda entry: entry.name)
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": title, "version": "v1", "description": description or _DESCRIPTION},
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {
                "host": "{host}",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "The deployment's RabbitMQ. Every exchange and queue name takes its prefix "
                "(TIEPDAN_AMQP_PREFIX, empty by default).",
                "variables": {"host": {"default": "127.0.0.1:5672", "description": "host:port of the broker"}},
            }
        },
        "channels": {channel_id(entry): _channel(entry) for entry in entries},
        "operations": dict(sorted(operations.items())),
        "components": {
            "schemas": {"Envelope": ENVELOPE},
            "messages": {
                message_id(entry, version): _message(entry, version)
                for entry in entries
                for version in sorted(entry.versions)
            },
        },
    }


_DESCRIPTION = (
    "Events on RabbitMQ: topic exchange `tiepdan.events`, routing key = the event's type; a consuming service binds "
    "a durable quorum queue `<service>.events` to the types it handles (dead letters after the delivery limit go to "
    "`<service>.events.dlq` through `tiepdan.dlx`). Messages agencies send from outside arrive on `tiepdan.inbound` "
    "(queue `<service>.inbound`). Each enveloped message is JSON (UTF-8): `id`, `type`, `version`, `unit`, "
    "`occurred_at`, `source`, `correlation_id` and the type's `data`. Consumers apply each `id` once. Fields may be "
    "added to any message at any time, never renamed or dropped: a changed meaning is a new version. No message "
    "ever carries a citizen's name, ID number, phone, address, or a denouncer's identity."
)


def _subscriptions(spec: ServiceSpec) -> Iterable[str]:
    yield from spec.handlers
    if spec.inbound is not None:
        yield from spec.inbound.handlers


def _consumed(service: str, name: str) -> EventType:
    entry = EVENT_TYPES.get(name)
    if entry is None:
        raise ValueError(f"{service} handles {name!r}, which the event catalogue lacks")
    return entry


def _channel(entry: EventType) -> dict[str, Any]:
    channel: dict[str, Any] = {
        "address": entry.name,
        "title": entry.name,
        "description": f"{entry.summary} Exchange `{entry.exchange}`, routing key `{entry.name}`.",
        "messages": {
            f"v{version}": {"$ref": f"#/components/messages/{message_id(entry, version)}"}
            for version in sorted(entry.versions)
        },
        "bindings": {
            "amqp": {
                "is": "routingKey",
                "exchange": {"name": entry.exchange, "type": "topic", "durable": True, "autoDelete": False},
                "bindingVersion": AMQP_BINDING_VERSION,
            }
        },
    }
    if entry.parameters:
        channel["parameters"] = {name: {"description": text} for name, text in entry.parameters.items()}
    return channel


def _message(entry: EventType, version: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "name": entry.name,
        "title": f"{entry.name} v{version}",
        "summary": entry.summary,
        "contentType": "application/json",
        "payload": message_schema(entry, version),
        "bindings": {
            "amqp": {"contentEncoding": "utf-8", "messageType": entry.name, "bindingVersion": AMQP_BINDING_VERSION}
        },
    }
    if entry.enveloped:
        message["correlationId"] = {"location": "$message.payload#/correlation_id"}
    return message


def _operation(service: str, action: str, entry: EventType) -> dict[str, Any]:
    channel = channel_id(entry)
    if action == "send":
        text = f"{service} publishes {entry.name}: persistent, with publisher confirms."
        binding: dict[str, Any] = {"deliveryMode": 2}
    else:
        queue = f"{service}.{'events' if entry.exchange == 'tiepdan.events' else 'inbound'}"
        text = f"{service} consumes {entry.name} from queue `{queue}`, applying each message id once."
        binding = {"ack": True}
    return {
        "action": action,
        "channel": {"$ref": f"#/channels/{channel}"},
        "summary": text,
        "messages": [{"$ref": f"#/channels/{channel}/messages/v{version}"} for version in sorted(entry.versions)],
        "bindings": {"amqp": binding | {"bindingVersion": AMQP_BINDING_VERSION}},
    }


@cache
def _specification() -> Draft7Validator:
    text = resources.files("tiepdan.kit").joinpath("data", SCHEMA_FILE).read_text(encoding="utf-8")
    return Draft7Validator(json.loads(text))


def document_errors(document: Document) -> list[str]:
    """What breaks the official AsyncAPI 3.0 JSON Schema, and every local `$ref` that points nowhere."""
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(document)'}: {error.message}"
        for error in _specification().iter_errors(document)
    ]
    errors += [f"{ref}: points nowhere" for ref in _local_refs(document) if _resolve(document, ref) is None]
    return errors


def _local_refs(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _local_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _local_refs(value)


def _resolve(document: Document, ref: str) -> Any:
    if not ref.startswith("#/"):
        return None
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node
