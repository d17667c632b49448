"""Handling plans on PostgreSQL and RabbitMQ: the journey open → task → the overdue timer run by the worker's timer
leases (two replicas) → the event through the outbox onto the wire → report → close; and a timer run killed before
its commit, redone by the next run, announces the task exactly once."""

import contextlib
import json
import time
import uuid
from dataclasses import replace
from datetime import datetime

import pika
import pytest
from conftest import make_config
from intake_testkit import CLERK, LEADER, POLICE, outbox, visit_body
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.app import SERVICE
from tiepdan.intake.service.response_plans import announce_overdue_tasks, emit_overdue_tasks
from tiepdan.intake.service.timers import ward_today
from tiepdan.kit.amqp import Names
from tiepdan.kit.events import Envelope
from tiepdan.kit.testing import wait_until
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker

pytestmark = pytest.mark.postgres

PLANS = "/api/v1/response-plans"
OVERDUE = "intake.response_task.overdue"


def _open_plan_with_a_task(client):
    case_id = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    body = {
        "reason": "hotspot",
        "title": "Điểm nóng dự án khu dân cư số 3",
        "alert_ids": ["a-1"],
        "case_ids": [case_id],
    }
    plan = client.post(PLANS, json=body, headers={**CLERK, "Idempotency-Key": "plan-pg"})
    assert plan.status_code == 201, plan.get_json()
    plan_id = plan.get_json()["id"]
    task = {"title": "Vận động công dân", "assignee_agency": "MTTQ", "due_on": "2026-01-20"}
    created = client.post(f"{PLANS}/{plan_id}/tasks", json=task, headers=LEADER)
    assert created.status_code == 201, created.get_json()
    return case_id, plan_id, created.get_json()["id"]


def _overdue_in_outbox(runtime):
    return [e for e in outbox(runtime) if e["type"] == OVERDUE]


@pytest.mark.rabbitmq
def test_the_journey_with_the_overdue_timer_on_two_worker_replicas(make_runtime, pg_url, amqp_url, amqp_prefix, clock):
    overdue_task = next(t for t in SERVICE.periodic if t.name == "response-task-overdue")
    fast = replace(SERVICE, periodic=(replace(overdue_task, interval_s=0.2),))
    replicas = [make_runtime(fast, pg_url) for _ in range(2)]
    config = make_config(clock)  # every replica reads the one settable clock
    for runtime in replicas:
        runtime.state[CONFIG_KEY] = config
    names = Names(amqp_prefix)
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(names.events, exchange_type="topic", durable=True)
    probe = f"{amqp_prefix}probe.{uuid.uuid4().hex[:6]}"
    channel.queue_declare(probe, exclusive=True)
    for pattern in ("intake.response_plan.*", "intake.response_task.*"):
        channel.queue_bind(probe, names.events, routing_key=pattern)
    workers = [Worker([runtime], amqp_url, amqp_prefix) for runtime in replicas]
    received: list[dict] = []

    def take() -> None:
        while True:
            method, _properties, body = channel.basic_get(probe, auto_ack=True)
            if method is None:
                return
            received.append(json.loads(body))

    def arrived(event_type: str, count: int = 1):
        def check() -> bool:
            take()
            return sum(e["type"] == event_type for e in received) >= count

        return check

    for worker in workers:
        worker.start()
    try:
        client = create_service_app(replicas[0]).test_client()
        case_id, plan_id, task_id = _open_plan_with_a_task(client)
        wait_until(arrived("intake.response_task.assigned"), timeout=20, what="the task on RabbitMQ")
        assert not any(e["type"] == OVERDUE for e in received)  # due 20/1, today 19/1

        clock.now = datetime.fromisoformat("2026-01-21T03:00:00+00:00")
        wait_until(arrived(OVERDUE), timeout=20, what="the overdue task announced by a worker's timer")
        time.sleep(1.0)  # five more ticks of each replica's timer
        take()
        overdue = [e for e in received if e["type"] == OVERDUE]
        assert len(overdue) == 1
        assert len(_overdue_in_outbox(replicas[0])) == 1
        data = overdue[0]["data"]
        assert (data["task_id"], data["plan_id"], data["assignee_agency"], data["due_on"]) == (
            task_id,
            plan_id,
            "MTTQ",
            "2026-01-20",
        )
        assert overdue[0]["unit"] == "bach-quang"
        assert Envelope.from_json(json.dumps(overdue[0])).schema_errors() == []

        report = {"notes": "Đã vận động, công dân đồng ý về", "completed": True}
        assert client.post(f"{PLANS}/{plan_id}/tasks/{task_id}/reports", json=report, headers=POLICE).status_code == 201
        closing = {"outcome": "citizens_returned", "note": "Đã ổn định"}
        assert client.post(f"{PLANS}/{plan_id}/close", json=closing, headers=LEADER).status_code == 200
        wait_until(arrived("intake.response_plan.closed"), timeout=20, what="the closing on RabbitMQ")
        by_type = {e["type"]: e["data"] for e in received}
        assert by_type["intake.response_plan.opened"]["case_ids"] == [case_id]
        assert by_type["intake.response_plan.opened"]["alert_ids"] == ["a-1"]
        assert (
            by_type["intake.response_task.reported"]["completed"],
            by_type["intake.response_task.reported"]["late"],
        ) == (True, True)
        closed = by_type["intake.response_plan.closed"]
        assert (closed["outcome"], closed["reason"], closed["tasks"], closed["tasks_overdue"]) == (
            "citizens_returned",
            "hotspot",
            1,
            1,
        )
        for event in received:
            assert Envelope.from_json(json.dumps(event)).schema_errors() == [], event["type"]
        assert sum(e["type"] == OVERDUE for e in received) == 1
    finally:
        for worker in workers:
            worker.stop()
        connection.close()


def test_a_timer_run_killed_before_its_commit_is_redone_once(pg_runtime, clock):
    client = create_service_app(pg_runtime).test_client()
    _case_id, _plan_id, task_id = _open_plan_with_a_task(client)
    config = pg_runtime.state[CONFIG_KEY]
    clock.now = datetime.fromisoformat("2026-01-21T03:00:00+00:00")

    with contextlib.suppress(DBAPIError), pg_runtime.uow() as uow:
        assert announce_overdue_tasks(uow, ward_today(config), clock.now) == 1  # marked and staged, not committed
        pid = uow.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with pg_runtime.engine.connect() as admin:  # the worker dies: the server ends its session and transaction
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            admin.commit()
        uow.commit()
    assert _overdue_in_outbox(pg_runtime) == []

    assert emit_overdue_tasks(pg_runtime, config) == 1
    assert emit_overdue_tasks(pg_runtime, config) == 0
    clock.now = datetime.fromisoformat("2026-01-25T03:00:00+00:00")
    assert emit_overdue_tasks(pg_runtime, config) == 0
    [announced] = _overdue_in_outbox(pg_runtime)
    assert announced["data"]["task_id"] == task_id
