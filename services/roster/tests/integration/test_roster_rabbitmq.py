"""On PostgreSQL and RabbitMQ with the real worker: a requested roster is solved in the background, and the published
roster (and a scheduled reception, an established working group) leaves through the outbox onto the
`tiepdan.events` exchange with the contract's routing key and fields."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pika
import pytest
from roster_api_support import SCHEDULER, fixture

from tiepdan.kit.amqp import Names
from tiepdan.kit.testing import bearer, wait_until
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker
from tiepdan.roster.app import SERVICE

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]


def test_the_worker_solves_and_the_published_roster_reaches_the_broker(
    make_runtime: Any, pg_url: str, amqp_url: str, amqp_prefix: str
) -> None:
    runtime = make_runtime(SERVICE, pg_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix)
    names = Names(amqp_prefix)
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(names.events, exchange_type="topic", durable=True)
    listener = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(listener, names.events, "roster.#")
    worker = Worker([runtime], amqp_url, amqp_prefix)
    worker.start()
    try:
        client = create_service_app(runtime).test_client()
        assert (
            client.post("/api/v1/staff/import", json=fixture("ward-staff.json"), headers=SCHEDULER).status_code == 200
        )
        accepted = client.post(
            "/api/v1/rosters", json={"start": "2026-02-16", "end": "2026-02-22", "time_limit_s": 3}, headers=SCHEDULER
        ).get_json()

        def status() -> str:
            return str(client.get(f"/api/v1/rosters/{accepted['id']}", headers=SCHEDULER).get_json()["status"])

        wait_until(lambda: status() == "draft", 60, what="the worker to solve the roster")
        assert client.post(f"/api/v1/rosters/{accepted['id']}/publish", headers=SCHEDULER).status_code == 200

        received: list[tuple[str, Any, dict[str, Any]]] = []

        def take() -> bool:
            method, properties, body = channel.basic_get(listener, auto_ack=True)
            if method is not None:
                received.append((method.routing_key, properties, json.loads(body)))
            return any(key == "roster.roster.published" for key, _, _ in received)

        wait_until(take, 30, what="roster.roster.published on the exchange")
    finally:
        worker.stop()
        connection.close()
    _, properties, envelope = next(r for r in received if r[0] == "roster.roster.published")
    assert properties.message_id == envelope["id"]
    assert properties.delivery_mode == 2
    assert envelope["source"] == "roster"
    assert envelope["unit"] == "bach-quang"
    assert envelope["data"]["roster_id"] == accepted["id"]
    assert envelope["data"]["period"] == {"from": "2026-02-16", "to": "2026-02-22"}
    assert {a["shift"] for a in envelope["data"]["assignments"]} == {"morning", "afternoon", "night"}  # Tết duty


def test_a_scheduled_reception_and_a_working_group_reach_the_broker(
    make_runtime: Any, pg_url: str, amqp_url: str, amqp_prefix: str
) -> None:
    """What alerts turns into `reception_scheduled` for the police on duty, and the working group's decision, leave
    through the outbox."""
    runtime = make_runtime(SERVICE, pg_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix)
    names = Names(amqp_prefix)
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(names.events, exchange_type="topic", durable=True)
    listener = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(listener, names.events, "roster.reception.*")
    channel.queue_bind(listener, names.events, "roster.working_group.*")
    worker = Worker([runtime], amqp_url, amqp_prefix)
    worker.start()
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    try:
        client = create_service_app(runtime).test_client()
        assert (
            client.post("/api/v1/staff/import", json=fixture("ward-staff.json"), headers=SCHEDULER).status_code == 200
        )
        body = {
            "place": "Trụ sở tiếp công dân",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
        }
        created = client.post("/api/v1/receptions", json=body, headers=bearer("leader", sub="s011"))
        assert created.status_code == 201, created.get_data(as_text=True)
        group = {
            "decision_no": "15/QĐ-UBND",
            "decision_date": "2025-12-20",
            "period": {"from": "2026-01-01", "to": "2026-03-31"},
            "members": [{"staff_id": "s011", "role": "head"}, {"staff_id": "s015", "role": "member"}],
        }
        established = client.post("/api/v1/working-groups", json=group, headers=bearer("leader", sub="s011"))
        assert established.status_code == 201, established.get_data(as_text=True)
        received: list[tuple[str, dict[str, Any]]] = []

        def take() -> bool:
            method, _, message = channel.basic_get(listener, auto_ack=True)
            if method is not None:
                received.append((method.routing_key, json.loads(message)))
            return len(received) >= 2

        wait_until(take, 30, what="roster.reception.scheduled and roster.working_group.established on the exchange")
    finally:
        worker.stop()
        connection.close()
    by_key = dict(received)
    assert sorted(by_key) == ["roster.reception.scheduled", "roster.working_group.established"]
    group_event = by_key["roster.working_group.established"]
    assert group_event["data"]["decision_no"] == "15/QĐ-UBND", group_event
    assert (group_event["data"]["group_id"], group_event["data"]["member_count"]) == (established.get_json()["id"], 2)
    envelope = by_key["roster.reception.scheduled"]
    assert (envelope["source"], envelope["unit"]) == ("roster", "bach-quang")
    data = envelope["data"]
    assert (data["reception_id"], data["scheduled_by"], data["revision"]) == (created.get_json()["id"], "s011", 1)
    assert datetime.fromisoformat(data["starts_at"]) == starts
