"""On real RabbitMQ: intake's event in, `alerts.notify.police` out to an agency's own pika consumer; and a province
report arriving on `tiepdan.inbound`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator

import pika
import pytest
from alerts_harness import visit_data

from tiepdan.alerts.app import SERVICE
from tiepdan.alerts.worker_tasks import senders_of
from tiepdan.kit.amqp import Names
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker

pytestmark = pytest.mark.rabbitmq


@pytest.fixture
def broker_runtime(make_runtime: Callable[..., Runtime], sqlite_url: str, amqp_url: str, amqp_prefix: str) -> Runtime:
    return make_runtime(SERVICE, sqlite_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix)


@pytest.fixture
def worker(broker_runtime: Runtime, amqp_url: str, amqp_prefix: str) -> Iterator[Worker]:
    running = Worker([broker_runtime], amqp_url, amqp_prefix, relay_idle_s=0.05)
    running.start()
    assert running.consumer is not None
    assert running.consumer.ready.wait(15), "the alerts consumer did not start"
    yield running
    running.stop()
    senders_of(broker_runtime).close()


@pytest.fixture
def channel(amqp_url: str) -> Iterator[pika.adapters.blocking_connection.BlockingChannel]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        yield connection.channel()
    finally:
        connection.close()


def test_police_receive_alerts_notify_police_with_pika(worker, channel, amqp_prefix, broker_runtime):
    names = Names(amqp_prefix)
    # what the police's own integration does: bind a queue of theirs to their routing key
    channel.exchange_declare(names.events, exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, names.events, routing_key="alerts.notify.police")

    data = visit_data(headcount=12, received_at=utcnow().isoformat())
    body = json.dumps(
        {
            "id": str(uuid.uuid4()),
            "type": "intake.visit.registered",
            "version": 1,
            "unit": "bach-quang",
            "occurred_at": utcnow().isoformat(),
            "source": "intake",
            "correlation_id": "c",
            "data": data,
        },
        ensure_ascii=False,
    )
    channel.basic_publish(
        names.events,
        "intake.visit.registered",
        body.encode(),
        pika.BasicProperties(content_type="application/json", delivery_mode=2, type="intake.visit.registered"),
    )

    notice = _next_message(channel, queue, timeout_s=20)
    assert notice["type"] == "alerts.notify.police"
    assert notice["data"]["receiver"] == "police"
    assert notice["data"]["reason"] == "raised"
    assert notice["data"]["alert"]["kind"] in {"crowd", "hotspot"}
    assert notice["data"]["alert"]["headcount"] == 12

    client = create_service_app(broker_runtime).test_client()
    kinds = {a["kind"] for a in client.get("/api/v1/alerts", headers=bearer("police")).get_json()["items"]}
    assert kinds == {"crowd", "hotspot"}


def test_a_province_report_over_amqp_raises_over_level(worker, channel, amqp_prefix, broker_runtime):
    names = Names(amqp_prefix)
    channel.exchange_declare(names.inbound, exchange_type="topic", durable=True)
    report = {
        "id": "tinh-001",
        "reported_at": utcnow().isoformat(),
        "place": "Trụ sở Tiếp công dân Trung ương",
        "level": "central",
        "headcount": 20,
        "area": "Tổ dân phố 5",
        "field": "land",
        "subject": "Dự án số 3",
    }
    for _ in range(2):  # sent twice: counted once
        channel.basic_publish(names.inbound, "province.report", json.dumps(report).encode())
    client = create_service_app(broker_runtime).test_client()
    deadline = time.monotonic() + 20
    items: list[dict[str, object]] = []
    while time.monotonic() < deadline and not items:
        items = client.get("/api/v1/alerts", query_string={"kind": "over_level"}, headers=bearer("police")).get_json()[
            "items"
        ]
        time.sleep(0.2)
    (alert,) = items
    assert (alert["headcount"], alert["severity"]) == (20, "critical")


def _next_message(channel, queue: str, timeout_s: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        method, _properties, body = channel.basic_get(queue, auto_ack=True)
        if method is not None:
            return json.loads(body)
        time.sleep(0.1)
    raise AssertionError("no alerts.notify.police message arrived")
