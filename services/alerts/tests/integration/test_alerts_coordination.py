"""Issue 19 on PostgreSQL and RabbitMQ: intake's `intake.enforcement.planned` for a day inside the congress, published
on the bus, raises `enforcement_in_special_period` for the leader, and the Chairman's recorded `go` acknowledges it;
roster's `roster.reception.scheduled` reaches the police's own queue as `alerts.notify.police`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pika
import pytest

from tiepdan.alerts.app import SERVICE
from tiepdan.alerts.worker_tasks import senders_of
from tiepdan.kit.amqp import Names
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import TEST_UNIT, bearer
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]


@pytest.fixture
def broker_runtime(make_runtime: Callable[..., Runtime], pg_url: str, amqp_url: str, amqp_prefix: str) -> Runtime:
    return make_runtime(SERVICE, pg_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix)


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
def channel(amqp_url: str, amqp_prefix: str) -> Iterator[Any]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        opened = connection.channel()
        opened.exchange_declare(Names(amqp_prefix).events, exchange_type="topic", durable=True)
        yield opened
    finally:
        connection.close()


def publish(channel: Any, prefix: str, event_type: str, data: dict[str, Any]) -> None:
    """As intake's or roster's outbox relay does: an envelope on `tiepdan.events`, routing key = its type."""
    body = {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "version": 1,
        "unit": TEST_UNIT,
        "occurred_at": utcnow().isoformat(),
        "source": event_type.split(".")[0],
        "correlation_id": "issue-19",
        "data": data,
    }
    channel.basic_publish(
        Names(prefix).events,
        event_type,
        json.dumps(body, ensure_ascii=False).encode(),
        pika.BasicProperties(content_type="application/json", delivery_mode=2, type=event_type),
    )


def wait_for(read: Callable[[], Any], timeout_s: float = 20) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = read()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("nothing arrived in time")


def test_an_enforcement_planned_in_congress_week_alerts_the_leader_and_the_decision_acknowledges_it(
    worker, channel, amqp_prefix, broker_runtime
):
    client = create_service_app(broker_runtime).test_client()

    def enforcement_alerts(role: str = "leader") -> list[dict[str, Any]]:
        query = {"kind": "enforcement_in_special_period"}
        answer = client.get("/api/v1/alerts", query_string=query, headers=bearer(role))
        return answer.get_json()["items"] if answer.status_code == 200 else []

    planned = {
        "case_id": "case-19",
        "planned_on": "2026-01-21",
        "enforcing_unit": "Đội Quản lý trật tự đô thị",
        "revision": 1,
        "field": "land",
        "subject": "Thu hồi đất dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
    }
    publish(channel, amqp_prefix, "intake.enforcement.planned", planned)
    (alert,) = wait_for(enforcement_alerts)
    assert (alert["severity"], alert["status"], alert["group_key"]) == ("critical", "open", "case:case-19|2026-01-21")
    assert alert["case_ids"] == ["case-19"]
    assert alert["receivers"] == ["leader", "ward_office"]
    assert alert["details"]["period"] == "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
    assert alert["title"].startswith("Cưỡng chế dự kiến ngày 21/01/2026, trong thời gian Đại hội")
    assert enforcement_alerts("police") == []

    decided = {
        "case_id": "case-19",
        "planned_on": "2026-01-21",
        "decision": "go",
        "decided_by": "leader",
        "decided_at": (utcnow() - timedelta(minutes=1)).isoformat(),
    }
    publish(channel, amqp_prefix, "intake.enforcement.decided", decided)
    (acknowledged,) = wait_for(lambda: [a for a in enforcement_alerts() if a["status"] == "acknowledged"])
    assert acknowledged["acknowledged_by"] == "Chủ tịch UBND phường"


def test_a_scheduled_reception_reaches_the_polices_queue(worker, channel, amqp_prefix, broker_runtime):
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, Names(amqp_prefix).events, routing_key="alerts.notify.police")
    starts = utcnow() + timedelta(days=1)
    scheduled = {
        "reception_id": "reception-19",
        "place": "Hội trường UBND phường",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "scheduled_by": "s001",
        "revision": 1,
    }
    publish(channel, amqp_prefix, "roster.reception.scheduled", scheduled)

    def next_notice() -> dict[str, Any] | None:
        method, _properties, body = channel.basic_get(queue, auto_ack=True)
        return None if method is None else json.loads(body)

    notice = wait_for(next_notice)
    assert (notice["data"]["reason"], notice["data"]["alert"]["kind"]) == ("raised", "reception_scheduled")
    assert notice["data"]["alert"]["details"]["place"] == "Hội trường UBND phường"
