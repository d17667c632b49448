"""Issue 19 in intake over HTTP: a case's planned enforcement and the Chairman's decision on it (plan §3), the
leader's list, and outreach records by role; on SQLite, then the main journeys on PostgreSQL and RabbitMQ."""

import json
import uuid

import pika
import pytest
from intake_testkit import CLERK, LEADER, outbox, visit_body

from tiepdan.kit.amqp import Names
from tiepdan.kit.testing import bearer, wait_until
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker

FRONT = bearer("front", sub="mttq-1", agency="MTTQ", name="Lý Thị Quân")
PARTY_BUILDING = bearer("party_building", sub="bxd-1", agency="BXD")
CONGRESS_DAY = "2026-01-21"  # inside "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng" (critical); today is 19/01
PLAN = {"planned_on": CONGRESS_DAY, "enforcing_unit": "Đội Quản lý trật tự đô thị", "measure": "QĐ 12/QĐ-UBND"}


def guided_case(client):
    """A case of its own (a matter of its own) with a result: the clerk guided the citizen to the competent body."""
    body = visit_body(subject=f"Dự án {uuid.uuid4().hex[:8]}")
    case_id = client.post("/api/v1/visits", json=body, headers=CLERK).get_json()["case_id"]
    guided = client.post(
        f"/api/v1/cases/{case_id}/actions", json={"action": "guide", "reason": "Gửi UBND tỉnh"}, headers=CLERK
    )
    assert guided.status_code == 200
    return case_id


def talk(case_id=None, **overrides):
    body = {
        "case_id": case_id,
        "held_at": "2026-01-19T08:00:00+07:00",
        "topic": "religion",
        "talked_by": [{"staff_id": "s028", "agency": "MTTQ"}],
        "persons": 15,
        "audience": "Đoàn giáo dân giáo xứ Tổ 5",
        "outcome": "agreed_to_return",
    }
    body.update(overrides)
    return body


def test_an_enforcement_in_the_congress_week_waits_for_the_chairman_and_his_decision_is_kept(client):
    case_id = guided_case(client)
    path = f"/api/v1/cases/{case_id}/enforcement"
    planned = client.put(path, json=PLAN, headers=CLERK)
    assert planned.status_code == 200, planned.get_json()
    body = planned.get_json()
    assert body["needs_decision"] is True
    assert body["awaiting_decision"] is True
    assert body["special_period"]["name"] == "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
    assert body["special_period"]["inside"] is True
    assert body["revision"] == 1
    assert (
        client.post(f"{path}/decision", json={"decision": "go", "decision_no": "3/QĐ-UBND"}, headers=CLERK).status_code
        == 403
    )
    decided = client.post(f"{path}/decision", json={"decision": "hold", "decision_no": "3/QĐ-UBND"}, headers=LEADER)
    assert decided.status_code == 200
    assert decided.get_json()["decision"]["decision"] == "hold"
    assert decided.get_json()["awaiting_decision"] is False
    assert client.get(path, headers=CLERK).get_json()["decision"]["decision_no"] == "3/QĐ-UBND"
    moved = client.put(path, json={**PLAN, "planned_on": "2026-03-02"}, headers=CLERK).get_json()
    assert (moved["revision"], moved["previous_planned_on"], moved["decision"]) == (2, CONGRESS_DAY, None)
    cleared = client.delete(f"{path}?reason=dropped", headers=CLERK)
    assert cleared.get_json()["status"] == "cleared"
    assert client.get(path, headers=CLERK).status_code == 404  # cleared: no enforcement planned
    assert (
        client.post(f"{path}/decision", json={"decision": "go", "decision_no": "4"}, headers=LEADER).status_code == 409
    )


def test_bad_enforcement_requests_are_problems_naming_the_field(client):
    case_id = guided_case(client)
    path = f"/api/v1/cases/{case_id}/enforcement"
    past = client.put(path, json={**PLAN, "planned_on": "2026-01-18"}, headers=CLERK)
    assert past.status_code == 422
    assert past.mimetype == "application/problem+json"
    assert list(past.get_json()["errors"]) == ["planned_on"]
    other_unit = bearer("clerk", unit="tran-phu")
    assert client.put(path, json=PLAN, headers=other_unit).status_code == 404
    assert client.get(path, headers=CLERK).status_code == 404  # nothing planned yet
    assert client.put(path, json=PLAN, headers=bearer("police")).status_code == 403
    assert client.get("/api/v1/enforcements?from=2026-02-01&to=2026-01-01", headers=LEADER).status_code == 422


def test_the_leaders_list_is_soonest_first_page_by_page(client):
    days = ["2026-04-20", CONGRESS_DAY, "2026-02-10"]
    for day in days:
        case_id = guided_case(client)
        assert client.put(f"/api/v1/cases/{case_id}/enforcement", json={**PLAN, "planned_on": day}, headers=CLERK)
    first = client.get("/api/v1/enforcements?limit=2", headers=LEADER).get_json()
    second = client.get(f"/api/v1/enforcements?limit=2&cursor={first['next_cursor']}", headers=LEADER).get_json()
    listed = [e["planned_on"] for e in first["items"] + second["items"]]
    assert listed == sorted(days)
    assert second["next_cursor"] is None
    assert [e["needs_decision"] for e in first["items"] + second["items"]] == [True, True, False]
    march = client.get("/api/v1/enforcements?from=2026-02-01&to=2026-03-31", headers=CLERK).get_json()["items"]
    assert [e["planned_on"] for e in march] == ["2026-02-10"]


def test_outreach_by_role_and_topic(client):
    case_id = guided_case(client)
    recorded = client.post("/api/v1/outreach", json=talk(case_id), headers=FRONT)
    assert recorded.status_code == 201, recorded.get_json()
    assert recorded.get_json()["topic_label"] == "Tôn giáo"
    on_land = client.post("/api/v1/outreach", json=talk(case_id, topic="land"), headers=FRONT)
    assert on_land.status_code == 403
    assert on_land.mimetype == "application/problem+json"
    by_clerk = client.post("/api/v1/outreach", json=talk(case_id, topic="land"), headers=CLERK)
    assert by_clerk.status_code == 201
    policy = client.post("/api/v1/outreach", json=talk(case_id, topic="policy"), headers=PARTY_BUILDING)
    assert policy.status_code == 201
    front_reads = client.get("/api/v1/outreach", headers=FRONT).get_json()["items"]
    assert [o["topic"] for o in front_reads] == ["policy", "religion"]
    assert client.get(f"/api/v1/outreach/{by_clerk.get_json()['id']}", headers=FRONT).status_code == 403
    assert client.get(f"/api/v1/outreach/{by_clerk.get_json()['id']}", headers=LEADER).status_code == 200
    assert client.get("/api/v1/outreach", headers=bearer("police")).status_code == 403


def test_bad_outreach_is_a_problem_naming_the_field_and_a_retry_records_once(client):
    neither = client.post("/api/v1/outreach", json=talk(), headers=CLERK)
    assert neither.status_code == 422
    assert set(neither.get_json()["errors"]) == {"case_id", "alert_id"}
    other_unit = client.post("/api/v1/visits", json=visit_body(), headers=bearer("clerk", unit="tran-phu")).get_json()[
        "case_id"
    ]
    missing = client.post("/api/v1/outreach", json=talk(other_unit), headers=CLERK)
    assert missing.status_code == 404
    assert list(missing.get_json()["errors"]) == ["case_id"]
    assert (
        client.post("/api/v1/outreach", json=talk(other_unit), headers=bearer("clerk", unit="tran-phu")).status_code
        == 409
    )
    group = talk(alert_id="a-1", group_at="central", outcome="will_petition_again")
    key = {"Idempotency-Key": "outreach-1"}
    first = client.post("/api/v1/outreach", json=group, headers=CLERK | key)
    again = client.post("/api/v1/outreach", json=group, headers=CLERK | key)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert len(client.get("/api/v1/outreach", headers=CLERK).get_json()["items"]) == 1


@pytest.mark.postgres
def test_enforcement_decision_and_outreach_on_postgresql(pg_runtime):
    client = create_service_app(pg_runtime).test_client()
    case_id = guided_case(client)
    path = f"/api/v1/cases/{case_id}/enforcement"
    assert client.put(path, json=PLAN, headers=CLERK).status_code == 200
    assert client.put(path, json=PLAN, headers=CLERK).status_code == 200  # the same again: nothing new to tell
    decided = client.post(f"{path}/decision", json={"decision": "go", "decision_no": "5/QĐ-UBND"}, headers=LEADER)
    assert decided.status_code == 200
    events = [e for e in outbox(pg_runtime) if e["type"].startswith("intake.enforcement.")]
    assert [e["type"] for e in events] == ["intake.enforcement.planned", "intake.enforcement.decided"]
    assert events[0]["data"]["planned_on"] == CONGRESS_DAY
    assert events[0]["data"]["revision"] == 1
    assert events[1]["data"]["decision"] == "go"
    assert events[1]["data"]["decided_by"] == "leader"
    assert client.get("/api/v1/enforcements", headers=LEADER).get_json()["items"][0]["decision"]["decision"] == "go"
    assert client.post("/api/v1/outreach", json=talk(case_id), headers=FRONT).status_code == 201
    assert client.post("/api/v1/outreach", json=talk(case_id, topic="land"), headers=FRONT).status_code == 403
    assert [o["case_id"] for o in client.get("/api/v1/outreach", headers=FRONT).get_json()["items"]] == [case_id]


@pytest.mark.postgres
@pytest.mark.rabbitmq
def test_a_planned_enforcement_reaches_the_bus(pg_runtime, amqp_url, amqp_prefix):
    names = Names(amqp_prefix)
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(names.events, exchange_type="topic", durable=True)
    probe = f"{amqp_prefix}probe.{uuid.uuid4().hex[:6]}"
    channel.queue_declare(probe, exclusive=True)
    channel.queue_bind(probe, names.events, routing_key="intake.enforcement.#")
    worker = Worker([pg_runtime], amqp_url, amqp_prefix)
    worker.start()
    try:
        client = create_service_app(pg_runtime).test_client()
        case_id = guided_case(client)
        client.put(f"/api/v1/cases/{case_id}/enforcement", json=PLAN, headers=CLERK)
        received = []

        def got_plan():
            method, _properties, body = channel.basic_get(probe, auto_ack=True)
            if method is not None:
                received.append((method.routing_key, json.loads(body)))
            return bool(received)

        wait_until(got_plan, timeout=20, what="intake.enforcement.planned on RabbitMQ")
        key, body = received[0]
        assert key == "intake.enforcement.planned"
        assert body["data"]["case_id"] == case_id
        assert body["data"]["enforcing_unit"] == "Đội Quản lý trật tự đô thị"
    finally:
        worker.stop()
        connection.close()
