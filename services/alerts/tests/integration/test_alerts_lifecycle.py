"""Notices, escalation with a moved clock, acknowledgement and resolution, silences, inhibition, duty addressees."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from alerts_harness import ORDINARY, consume, envelope, published, report_body, visit
from sqlalchemy import select

from tiepdan.alerts.adapters.orm import DeliveryRow
from tiepdan.alerts.handlers.events import decode_inbound_report
from tiepdan.alerts.service import inbound
from tiepdan.kit.testing import bearer

LEADER = bearer("leader", name="Ngô Văn Cường")
POLICE = bearer("police", name="Mai Đức Lộc", agency="CA")


def run_timers(runtime):
    (task,) = [t for t in runtime.spec.periodic if t.name == "timers"]
    task.run(runtime)


def deliveries(client, alert_id):
    response = client.get(f"/api/v1/alerts/{alert_id}/deliveries", headers=LEADER)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def notices(client, alert_id):
    """(reason, receiver) of each AMQP delivery: one per notice, every receiver has the AMQP channel."""
    return [(d["reason"], d["receiver"]) for d in deliveries(client, alert_id) if d["channel"] == "amqp"]


def only_alert(client, kind, headers=LEADER):
    (alert,) = client.get("/api/v1/alerts", query_string={"kind": kind}, headers=headers).get_json()["items"]
    return alert


def test_unacknowledged_warning_escalates_every_sixty_minutes(runtime, client, clock):
    visit(runtime, headcount=6)
    alert = only_alert(client, "crowd")
    assert notices(client, alert["id"]) == [("raised", "ward_office"), ("raised", "police")]
    clock.advance(minutes=59, seconds=59)
    run_timers(runtime)
    assert only_alert(client, "crowd")["escalation_level"] == 0
    clock.advance(seconds=1)
    run_timers(runtime)
    escalated = only_alert(client, "crowd")
    assert escalated["escalation_level"] == 1
    assert escalated["receivers"] == ["ward_office", "police", "leader"]
    assert notices(client, alert["id"])[-1] == ("escalated", "leader")
    assert [e["type"] for e in published(runtime)][-1] == "alerts.alert.escalated"
    clock.advance(minutes=60)
    run_timers(runtime)
    assert only_alert(client, "crowd")["receivers"][-1] == "province"


def test_critical_escalates_after_fifteen_minutes(runtime, client, clock):
    visit(runtime, headcount=25)
    assert only_alert(client, "crowd")["severity"] == "critical"
    clock.advance(minutes=14)
    run_timers(runtime)
    assert only_alert(client, "crowd")["escalation_level"] == 0
    clock.advance(minutes=1)
    run_timers(runtime)
    assert only_alert(client, "crowd")["escalation_level"] == 1


def test_acknowledged_alert_stops_escalating_and_is_renotified(runtime, client, clock):
    visit(runtime, headcount=6)
    alert = only_alert(client, "crowd")
    clock.advance(minutes=10)
    acked = client.post(f"/api/v1/alerts/{alert['id']}/ack", json={"note": "Đã cử cán bộ"}, headers=POLICE)
    assert acked.status_code == 200, acked.get_json()
    body = acked.get_json()
    assert (body["status"], body["acknowledged_by"]) == ("acknowledged", "Mai Đức Lộc")
    assert body["notes"][0]["note"] == "Đã cử cán bộ"
    clock.advance(minutes=239)
    run_timers(runtime)
    assert [r for r, _ in notices(client, alert["id"])] == ["raised", "raised"]
    clock.advance(minutes=1)
    run_timers(runtime)
    assert notices(client, alert["id"])[-2:] == [("renotify", "ward_office"), ("renotify", "police")]
    assert only_alert(client, "crowd")["escalation_level"] == 0


def test_acknowledge_and_resolve_rules(runtime, client):
    visit(runtime, headcount=6)
    alert_id = only_alert(client, "crowd")["id"]
    assert client.post(f"/api/v1/alerts/{alert_id}/ack", json={}, headers=bearer("clerk")).status_code == 403
    assert client.post(f"/api/v1/alerts/{alert_id}/ack", json={}, headers=POLICE).status_code == 200
    second = client.post(f"/api/v1/alerts/{alert_id}/ack", json={}, headers=POLICE)
    assert second.status_code == 409
    assert second.mimetype == "application/problem+json"
    assert client.post(f"/api/v1/alerts/{alert_id}/resolve", json={}, headers=POLICE).status_code == 403
    resolved = client.post(f"/api/v1/alerts/{alert_id}/resolve", json={"note": "Đã đối thoại"}, headers=LEADER)
    assert resolved.status_code == 200
    assert [n["action"] for n in resolved.get_json()["notes"]] == ["acknowledged", "resolved"]
    assert client.post(f"/api/v1/alerts/{alert_id}/resolve", json={}, headers=LEADER).status_code == 409
    assert ("resolved", "police") in notices(client, alert_id)
    assert client.post("/api/v1/alerts/nope/ack", json={}, headers=POLICE).status_code == 404
    visit(runtime, headcount=7, received_at=ORDINARY + timedelta(hours=1))
    reopened = client.get("/api/v1/alerts", query_string={"kind": "crowd", "status": "open"}, headers=LEADER)
    (new,) = reopened.get_json()["items"]
    assert new["id"] != alert_id
    assert new["headcount"] == 7


def test_a_silence_mutes_notices_until_it_ends(runtime, client, clock):
    admin = bearer("admin", name="Quản trị")
    created = client.post(
        "/api/v1/silences",
        json={
            "matchers": {"kind": "crowd", "area": "to dan pho 5"},
            "ends_at": (clock.now + timedelta(hours=2)).isoformat(),
            "comment": "Đối thoại có kế hoạch với người dân",
        },
        headers=admin,
    )
    assert created.status_code == 201, created.get_json()
    silence = created.get_json()
    assert (silence["created_by"], silence["active"]) == ("Quản trị", True)
    visit(runtime, headcount=6)
    alert = only_alert(client, "crowd")
    assert deliveries(client, alert["id"]) == []
    clock.advance(minutes=90)
    run_timers(runtime)
    assert deliveries(client, alert["id"]) == []
    assert client.delete(f"/api/v1/silences/{silence['id']}", headers=admin).get_json()["active"] is False
    run_timers(runtime)
    assert notices(client, alert["id"]) == [("raised", "ward_office"), ("raised", "police")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"matchers": {}, "ends_at": "2030-01-01T00:00:00Z", "comment": "x"}, "matchers"),
        ({"matchers": {"kind": "crowd"}, "ends_at": "soon", "comment": "x"}, "ends_at"),
        ({"matchers": {"kind": "crowd"}, "comment": "x"}, "ends_at"),
    ],
)
def test_bad_silences_are_422(client, body, field):
    response = client.post("/api/v1/silences", json=body, headers=bearer("admin"))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_over_level_inhibits_the_hotspot_of_the_same_topic(runtime, client, clock):
    accepted = client.post("/api/v1/inbound-reports", json=report_body(level="central"), headers=bearer("province"))
    assert accepted.status_code == 202, accepted.get_json()
    over_level = only_alert(client, "over_level")
    assert over_level["id"] == accepted.get_json()["alert_id"]
    assert over_level["severity"] == "critical"
    for hours in (0, 1, 2):
        visit(runtime, received_at=ORDINARY + timedelta(hours=hours))
    hotspot = only_alert(client, "hotspot")
    assert deliveries(client, hotspot["id"]) == []
    clock.advance(minutes=120)
    run_timers(runtime)
    assert deliveries(client, hotspot["id"]) == []
    client.post(f"/api/v1/alerts/{over_level['id']}/resolve", json={"note": "Đã đưa dân về"}, headers=LEADER)
    run_timers(runtime)
    assert ("raised", "police") in notices(client, hotspot["id"])


def test_inbound_reports_need_the_province_role_and_valid_fields(client):
    assert client.post("/api/v1/inbound-reports", json=report_body(), headers=bearer("clerk")).status_code == 403
    bad = client.post(
        "/api/v1/inbound-reports", json=report_body(level="district", headcount=0), headers=bearer("province")
    )
    assert bad.status_code == 422
    assert {"level", "headcount"} <= set(bad.get_json()["errors"])
    naive = client.post(
        "/api/v1/inbound-reports", json=report_body(reported_at="2026-06-10T09:00"), headers=bearer("province")
    )
    assert naive.status_code == 422
    assert "reported_at" in naive.get_json()["errors"]


def test_the_same_report_over_amqp_is_one_contribution(runtime, client):
    raw = json.dumps(report_body(id="tinh-2026-06-10-001")).encode()
    processor = runtime.inbound_processor()
    assert processor.process(raw).outcome.value == "done"
    assert processor.process(raw).outcome.value == "duplicate"
    assert decode_inbound_report(raw).id == "tinh-2026-06-10-001"
    assert only_alert(client, "over_level")["headcount"] == 15
    assert processor.process(b'{"level": "nowhere"}').outcome.value == "dead"


def test_the_on_duty_officers_are_named_in_the_notice(runtime, client, clock):
    local_day = "2026-06-10"
    consume(
        runtime,
        envelope(
            "roster.roster.published",
            {
                "roster_id": "r-06",
                "period": {"from": "2026-06-08", "to": "2026-06-14"},
                "shifts": [{"code": "morning", "start": "07:30", "end": "11:30"}],
                "assignments": [
                    {
                        "date": local_day,
                        "shift": "morning",
                        "staff_id": "s015",
                        "staff_name": "Mai Đức Lộc",
                        "agency": "CA",
                        "skills": ["police"],
                        "duty": "on_call",
                    },
                    {
                        "date": local_day,
                        "shift": "morning",
                        "staff_id": "s001",
                        "staff_name": "Nguyễn Văn An",
                        "agency": "VP",
                        "skills": ["reception"],
                        "duty": "reception",
                    },
                ],
            },
        ),
    )
    visit(runtime, headcount=6)
    alert = only_alert(client, "crowd")
    assert deliveries(client, alert["id"])  # the delivery log is readable by the leader
    with runtime.sessions() as session:
        payloads = {r.receiver: r.payload for r in session.scalars(select(DeliveryRow))}
    assert [a["name"] for a in payloads["police"]["addressees"]] == ["Mai Đức Lộc"]
    assert [a["name"] for a in payloads["ward_office"]["addressees"]] == ["Nguyễn Văn An"]


def police_roster(roster_id: str, officer: str) -> dict:
    return {
        "roster_id": roster_id,
        "period": {"from": "2026-06-08", "to": "2026-06-14"},
        "shifts": [{"code": "morning", "start": "07:30", "end": "11:30"}],
        "assignments": [
            {
                "date": "2026-06-10",
                "shift": "morning",
                "staff_id": officer,
                "staff_name": officer,
                "agency": "CA",
                "skills": ["police"],
                "duty": "on_call",
            }
        ],
    }


def test_the_roster_published_last_at_roster_names_the_officer_whatever_order_they_arrive_in(runtime, client):
    replan, first_plan = police_roster("r-07", "Mai Đức Lộc"), police_roster("r-06", "Trần Văn Bình")
    consume(runtime, envelope("roster.roster.published", replan, occurred_at=ORDINARY - timedelta(days=1)))
    consume(runtime, envelope("roster.roster.published", first_plan, occurred_at=ORDINARY - timedelta(days=3)))
    visit(runtime, headcount=6)
    with runtime.sessions() as session:
        payloads = {r.receiver: r.payload for r in session.scalars(select(DeliveryRow))}
    assert [a["name"] for a in payloads["police"]["addressees"]] == ["Mai Đức Lộc"]


def test_metrics_expose_open_alerts_latency_and_deliveries(runtime, client):
    visit(runtime, headcount=6)
    run_timers(runtime)
    tasks = {t.name: t for t in runtime.spec.periodic}
    tasks["deliveries"].run(runtime)
    tasks["open-alerts-gauge"].run(runtime)
    text = client.get("/metrics").get_data(as_text=True)
    assert 'tiepdan_alerts_open{kind="crowd",severity="warning",status="open"} 1.0' in text
    assert 'tiepdan_alerts_open{kind="crowd",severity="warning",status="acknowledged"} 0.0' in text
    assert "tiepdan_alerts_event_to_alert_seconds_bucket" in text
    assert 'tiepdan_alerts_deliveries_total{channel="amqp",outcome="skipped"}' in text


def test_an_acknowledged_alert_leaves_the_open_series_of_the_gauge(runtime, client):
    visit(runtime, headcount=25)
    alert = only_alert(client, "crowd")
    assert client.post(f"/api/v1/alerts/{alert['id']}/ack", json={}, headers=POLICE).status_code == 200
    (gauges,) = [t for t in runtime.spec.periodic if t.name == "open-alerts-gauge"]
    assert gauges.every_replica, "each replica exports its own gauge: none may keep a stale count"
    gauges.run(runtime)
    text = client.get("/metrics").get_data(as_text=True)
    assert 'tiepdan_alerts_open{kind="crowd",severity="critical",status="open"} 0.0' in text
    assert 'tiepdan_alerts_open{kind="crowd",severity="critical",status="acknowledged"} 1.0' in text


def test_a_report_racing_the_worker_for_the_same_topic_is_retried_once(client, monkeypatch):
    real, calls = inbound.take_inbound_report, []

    def racing(uow, *args, **kwargs):
        calls.append(1)
        outcome = real(uow, *args, **kwargs)
        if len(calls) == 1:  # the worker's alert of the same key reaches the database first
            twin = dataclasses.replace(outcome.alert, id="the-workers-alert", fresh=[])
            uow.alerts.save(twin, kwargs["now"])
        return outcome

    monkeypatch.setattr(inbound, "take_inbound_report", racing)
    accepted = client.post("/api/v1/inbound-reports", json=report_body(), headers=bearer("province"))
    assert accepted.status_code == 202
    assert len(calls) == 2
    assert only_alert(client, "over_level")["id"] == accepted.get_json()["alert_id"]


def test_a_growing_alert_is_told_once_per_group_interval(runtime, client, clock):
    visit(runtime, headcount=6)
    alert_id = only_alert(client, "crowd")["id"]
    for minutes in (1, 2):
        visit(runtime, headcount=5, received_at=ORDINARY + timedelta(minutes=minutes))
    assert [r for r, _ in notices(client, alert_id)] == ["raised", "raised"]
    clock.advance(minutes=4)
    run_timers(runtime)
    assert len(notices(client, alert_id)) == 2
    clock.advance(minutes=1)
    run_timers(runtime)
    assert notices(client, alert_id)[2:] == [("updated", "ward_office"), ("updated", "police")]
    run_timers(runtime)
    assert len(notices(client, alert_id)) == 4
