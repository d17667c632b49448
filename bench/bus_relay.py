"""Outbox relay throughput vs raw pika with pipelined confirms, same broker, same run (issue 2, item 7).

Both publish the same persistent messages to the topic exchange, routed into one quorum queue; the relay reads
its rows from PostgreSQL, publishes with publisher confirms and marks them sent. Target: ratio >= 0.5.
Run: `make bench BENCH=bus_relay` (N via BENCH_BUS_MESSAGES, default 20000).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pika
from kombu import Connection
from sqlalchemy import MetaData, delete, select

from bench.common import AMQP_URL, record, scratch_database
from tiepdan.kit import metrics
from tiepdan.kit.amqp import AmqpPublisher, Names, Subscription, declare_topology
from tiepdan.kit.db import UnitScope, outbox_table
from tiepdan.kit.service import Runtime, ServiceSpec
from tiepdan.kit.testing import delete_amqp_names, test_settings

WINDOW = 1000


def _visit(i: int) -> dict[str, Any]:
    return {
        "visit_id": f"v{i}",
        "case_id": f"c{i % 97}",
        "received_at": "2026-01-19T08:30:00+07:00",
        "reception": "regular",
        "headcount": 1 + i % 9,
        "is_group": i % 9 >= 4,
        "repeat": False,
        "kind": "complaint",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
        "party_related": False,
        "case_first_visit_at": "2026-01-19T08:30:00+07:00",
        "case_visit_count": 1,
        "case_status": "received",
    }


def _fill_outbox(runtime: Runtime, count: int) -> None:
    scope = UnitScope(units=None, write_unit="bach-quang")
    for start in range(0, count, 1000):
        with runtime.uow(scope) as uow:
            for i in range(start, min(count, start + 1000)):
                uow.emit("intake.visit.registered", _visit(i), aggregate_id=f"c{i % 97}")
            uow.commit()


def _queue_depth(names: Names) -> int:
    with Connection(AMQP_URL) as connection:
        _, count, _ = connection.default_channel.queue_declare(names.queue("bench"), passive=True)
        return int(count)


def _raw_pika(names: Names, bodies: list[bytes]) -> float:
    """Pipelined confirms with about WINDOW unconfirmed messages in flight (SelectConnection)."""
    state = {"sent": 0, "acked": 0, "channel": None, "started": 0.0, "finished": 0.0}
    total = len(bodies)

    def publish_more() -> None:
        channel = state["channel"]
        while state["sent"] < total and state["sent"] - state["acked"] < WINDOW:
            i = state["sent"]
            channel.basic_publish(
                names.events,
                "intake.visit.registered",
                bodies[i],
                pika.BasicProperties(
                    content_type="application/json",
                    delivery_mode=2,
                    message_id=str(uuid.uuid4()),
                    type="intake.visit.registered",
                ),
            )
            state["sent"] += 1

    def on_confirm(frame: Any) -> None:
        tag = frame.method.delivery_tag
        state["acked"] = tag if frame.method.multiple else max(state["acked"], tag)
        if state["acked"] >= total:
            state["finished"] = time.perf_counter()
            connection.close()
        else:
            publish_more()

    def on_channel(channel: Any) -> None:
        state["channel"] = channel
        channel.confirm_delivery(on_confirm)
        state["started"] = time.perf_counter()
        publish_more()

    connection = pika.SelectConnection(
        pika.URLParameters(AMQP_URL), on_open_callback=lambda c: c.channel(on_open_callback=on_channel)
    )
    connection.ioloop.call_later(300, connection.ioloop.stop)
    connection.add_on_close_callback(lambda *_: connection.ioloop.stop())
    connection.ioloop.start()
    if state["acked"] < total:
        raise RuntimeError(f"raw pika confirmed only {state['acked']} of {total}")
    return total / (state["finished"] - state["started"])


def _declare(names: Names) -> None:
    with Connection(AMQP_URL) as connection:
        declare_topology(connection.default_channel, names, [Subscription("bench", ("intake.#",))])


def _relay_round(runtime: Runtime, names: Names, count: int) -> tuple[float, int, list[bytes]]:
    """The worker's relay loop as deployed (pipelined on PostgreSQL) until every row is confirmed."""
    _fill_outbox(runtime, count)
    with runtime.sessions() as session:
        bodies = [row[0].encode() for row in session.execute(select(outbox_table.c.body).order_by(outbox_table.c.seq))]
        session.execute(delete(outbox_table).where(outbox_table.c.published_at.is_not(None)))
        session.commit()
    publisher = AmqpPublisher(AMQP_URL, names)
    published = metrics.BUS_PUBLISHED.labels("bench")
    before = published._value.get()
    started = time.perf_counter()
    runtime.relay.relay_pipelined(publisher, lambda: published._value.get() - before >= count, idle_s=0.01)
    rate = count / (time.perf_counter() - started)
    publisher.close()
    return rate, _queue_depth(names), bodies[-count:]


def main() -> None:
    """Rounds alternate relay and raw pika, each into a fresh quorum queue, so broker state favours neither."""
    count = int(os.environ.get("BENCH_BUS_MESSAGES", "20000"))
    rounds = int(os.environ.get("BENCH_BUS_ROUNDS", "3"))
    relay_rates: list[float] = []
    raw_rates: list[float] = []
    depths: list[int] = []
    with scratch_database() as url, tempfile.TemporaryDirectory() as versions:
        spec = ServiceSpec("bench", "bench", MetaData(), Path(versions), lambda api: None, ())
        runtime = Runtime(spec, test_settings("bench", url, amqp_url=AMQP_URL))
        runtime.migrate()
        try:
            for _ in range(rounds):
                names = Names(f"bench{uuid.uuid4().hex[:6]}.")
                _declare(names)
                try:
                    rate, depth, bodies = _relay_round(runtime, names, count)
                    relay_rates.append(rate)
                    depths.append(depth)
                finally:
                    delete_amqp_names(AMQP_URL, names.prefix)
                names = Names(f"bench{uuid.uuid4().hex[:6]}.")
                _declare(names)
                try:
                    raw_rates.append(_raw_pika(names, bodies))
                finally:
                    delete_amqp_names(AMQP_URL, names.prefix)
        finally:
            runtime.dispose()
    relay, raw = statistics.median(relay_rates), statistics.median(raw_rates)
    record(
        "bus_relay",
        {
            "messages_per_round": count,
            "rounds": rounds,
            "relay_batch": runtime.settings.relay_batch,
            "queue_depth_after_each_relay_round": depths,
            "relay_msgs_per_s_rounds": [round(r) for r in relay_rates],
            "raw_pika_pipelined_msgs_per_s_rounds": [round(r) for r in raw_rates],
            "relay_msgs_per_s": round(relay),
            "raw_pika_pipelined_msgs_per_s": round(raw),
            "ratio": round(relay / raw, 3),
            "target_ratio": 0.5,
            "command": "make bench BENCH=bus_relay",
        },
    )


if __name__ == "__main__":
    main()
