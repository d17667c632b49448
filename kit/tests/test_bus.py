"""The bus on real RabbitMQ and PostgreSQL: outage, relay crash, poison messages, ordering."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pika
import pytest
from sample.service import SAMPLE, Applied, Note, visit_event
from sqlalchemy import func, select

from tiepdan.kit import metrics
from tiepdan.kit.amqp import AmqpConsumer, AmqpPublisher, Names, Subscription
from tiepdan.kit.db import UnitScope, outbox_table
from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import wait_until
from tiepdan.kit.worker import Worker

pytestmark = [pytest.mark.postgres, pytest.mark.rabbitmq]
WARD = UnitScope(units=None, write_unit="bach-quang")


def commit_visit(runtime: Runtime, visit_id: str, case_id: str, subject: str = "Dự án") -> None:
    with runtime.uow(WARD) as uow:
        uow.session.add(Note(id=visit_id, text=f"visit {visit_id}", headcount=1))
        data = visit_event(visit_id, 1, case_id) | {"subject": subject}
        uow.emit("intake.visit.registered", data, aggregate_id=case_id)
        uow.commit()


def applied(runtime: Runtime) -> list[Applied]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Applied).order_by(Applied.seq)))


def pending(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).where(outbox_table.c.published_at.is_(None))) or 0)


@pytest.fixture
def consumer(amqp_url: str, amqp_prefix: str) -> Iterator[Any]:
    stop = threading.Event()
    started: list[AmqpConsumer] = []

    def start(runtime: Runtime, url: str = amqp_url) -> AmqpConsumer:
        sub = Subscription("test", SAMPLE.subscribes, runtime.processor())
        amqp_consumer = AmqpConsumer(url, Names(amqp_prefix), [sub], delivery_limit=runtime.settings.delivery_limit)
        threading.Thread(target=amqp_consumer.run, args=(stop.is_set,), daemon=True).start()
        assert amqp_consumer.ready.wait(15), "consumer did not connect"
        started.append(amqp_consumer)
        return amqp_consumer

    yield start
    stop.set()


def test_commits_survive_a_broker_outage_and_apply_once_in_order(
    make_runtime: Any, pg_url: str, amqp_url: str, amqp_prefix: str, tcp_proxy: Any
) -> None:
    proxy = tcp_proxy("127.0.0.1", 5672)
    runtime = make_runtime(SAMPLE, pg_url, amqp_url=proxy.url(), amqp_prefix=amqp_prefix)
    worker = Worker.for_runtime(runtime)
    worker.start()
    try:
        assert worker.consumer is not None
        assert worker.consumer.ready.wait(15), "queues must exist before the outage, as in any deployment"
        proxy.cut()
        wait_until(lambda: not worker.consumer.ready.is_set(), 10, what="the consumer to notice the outage")
        for i in range(200):
            commit_visit(runtime, f"v{i:03d}", f"case-{i % 7}")
        assert pending(runtime) == 200
        assert applied(runtime) == []
        proxy.restore()
        wait_until(lambda: len(applied(runtime)) == 200, 90, what="all 200 effects after the broker came back")
        assert pending(runtime) == 0
    finally:
        worker.stop()
    rows = applied(runtime)
    assert len({r.visit_id for r in rows}) == 200
    for case in {r.case_id for r in rows}:
        visits = [r.visit_id for r in rows if r.case_id == case]
        assert visits == sorted(visits), f"{case} applied out of commit order: {[r.visit_id for r in rows]}"


def test_after_a_long_outage_the_next_short_one_is_recovered_from_at_once(
    consumer: Any, make_runtime: Any, pg_url: str, amqp_prefix: str, tcp_proxy: Any
) -> None:
    """The reconnect back-off grows within one outage, not across outages: a consumer that waited up to 30 s
    in a past one must not wait as long after every later broker blip."""
    proxy = tcp_proxy("127.0.0.1", 5672)
    runtime = make_runtime(SAMPLE, pg_url, amqp_prefix=amqp_prefix)
    amqp_consumer = consumer(runtime, proxy.url())
    proxy.cut()
    time.sleep(8)  # failed reconnects: 0.5 s, 1 s, 2 s, 4 s, then 8 s
    proxy.restore()
    wait_until(amqp_consumer.ready.is_set, 30, what="the consumer back after the long outage")
    proxy.cut()
    wait_until(lambda: not amqp_consumer.ready.is_set(), 10, what="the consumer to notice the short outage")
    proxy.restore()
    wait_until(amqp_consumer.ready.is_set, 3, what="the consumer back at once after the short outage")


def test_a_relay_crash_between_publish_and_mark_redelivers_but_applies_once(
    make_runtime: Any, pg_url: str, amqp_url: str, amqp_prefix: str, consumer: Any
) -> None:
    runtime = make_runtime(SAMPLE, pg_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix)
    consumer(runtime)
    for i in range(10):
        commit_visit(runtime, f"v{i}", "case-1")
    publisher = AmqpPublisher(amqp_url, Names(amqp_prefix))
    duplicates = metrics.BUS_CONSUMED.labels("test", "duplicate")
    before = duplicates._value.get()

    def publish_then_crash(batch: Any) -> None:
        publisher(batch)
        raise RuntimeError("relay killed after the broker confirmed, before marking the rows sent")

    with pytest.raises(RuntimeError):
        runtime.relay.relay_once(publish_then_crash)
    assert pending(runtime) == 10
    assert runtime.relay.relay_once(publisher) == 10
    publisher.close()
    wait_until(lambda: duplicates._value.get() - before >= 10, 30, what="the redelivered copies")
    assert [r.visit_id for r in applied(runtime)] == [f"v{i}" for i in range(10)]


def test_poison_messages_go_to_the_dlq_with_their_reason_and_the_queue_keeps_flowing(
    make_runtime: Any, pg_url: str, amqp_url: str, amqp_prefix: str, consumer: Any
) -> None:
    runtime = make_runtime(SAMPLE, pg_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix, delivery_limit=3)
    consumer(runtime)
    names = Names(amqp_prefix)
    good = Envelope("intake.visit.registered", visit_event("after-poison", 1), "bach-quang", "intake", "c")
    failing = Envelope(
        "intake.visit.registered", visit_event("fails", 1) | {"subject": "poison"}, "bach-quang", "intake", "c"
    )
    unknown = good.to_dict() | {"type": "intake.visit.teleported", "id": str(uuid.uuid4())}
    bodies = [b"{not json", json.dumps(unknown).encode(), failing.to_json().encode(), good.to_json().encode()]
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    for body in bodies:
        channel.basic_publish(
            names.events,
            "intake.visit.registered",
            body,
            pika.BasicProperties(content_type="application/json", delivery_mode=2),
        )
    wait_until(lambda: [r.visit_id for r in applied(runtime)] == ["after-poison"], 30, what="the good message")
    dlq = names.queue("test") + ".dlq"
    reasons: list[str] = []

    def drain() -> bool:
        method, properties, _ = channel.basic_get(dlq, auto_ack=True)
        if method is not None:
            reasons.append(properties.headers["x-tiepdan-reason"])
        return len(reasons) == 3

    wait_until(drain, 30, what="three dead letters")
    connection.close()
    assert any("not JSON" in r for r in reasons)
    assert any("unknown event type" in r for r in reasons)
    assert any("failed 3 times" in r and "this event always fails" in r for r in reasons)
