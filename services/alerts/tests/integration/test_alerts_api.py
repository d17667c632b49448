"""The read API: filters, pagination, roles and units; severity changes re-route at once."""

from __future__ import annotations

from datetime import timedelta

from alerts_harness import ORDINARY, consume, envelope, visit, visit_data
from sqlalchemy import select

from tiepdan.alerts.adapters.orm import DeliveryRow
from tiepdan.kit.testing import bearer

LEADER = bearer("leader")


def test_filters_and_cursor_pagination(runtime, client):
    for i in range(5):
        visit(runtime, headcount=5 + i, subject=f"Chủ đề {i}")
    visit(runtime, headcount=25, subject="Rất đông")
    page = client.get("/api/v1/alerts", query_string={"kind": "crowd", "limit": 4}, headers=LEADER).get_json()
    assert len(page["items"]) == 4
    rest = client.get(
        "/api/v1/alerts", query_string={"kind": "crowd", "limit": 4, "cursor": page["next_cursor"]}, headers=LEADER
    ).get_json()
    assert len(rest["items"]) == 2
    assert rest["next_cursor"] is None
    assert {a["id"] for a in page["items"]}.isdisjoint({a["id"] for a in rest["items"]})
    critical = client.get("/api/v1/alerts", query_string={"severity": "critical"}, headers=LEADER).get_json()
    assert [a["subject"] for a in critical["items"]] == ["Rất đông"]
    assert (
        client.get("/api/v1/alerts", query_string={"status": "acknowledged"}, headers=LEADER).get_json()["items"] == []
    )


def test_bad_filters_are_422(client):
    response = client.get("/api/v1/alerts", query_string={"kind": "riot", "limit": 0}, headers=LEADER)
    assert response.status_code == 422
    assert {"kind", "limit"} <= set(response.get_json()["errors"])


def test_roles_without_alerts_are_refused(client):
    assert client.get("/api/v1/alerts", headers=bearer("ops")).status_code == 403
    assert client.get("/api/v1/alerts", headers=bearer("scheduler")).status_code == 403
    assert client.get("/api/v1/alerts").status_code == 401


def test_police_see_their_kinds_only(runtime, client):
    visit(runtime, headcount=6)
    consume(
        runtime,
        envelope(
            "intake.case.overdue",
            {
                "case_id": "c9",
                "deadline": "resolve_by",
                "date": "2026-06-10",
                "kind": "complaint",
                "field": "land",
                "area": "Tổ 5",
                "subject": "Đất",
            },
        ),
    )
    police = client.get("/api/v1/alerts", headers=bearer("police")).get_json()["items"]
    assert {a["kind"] for a in police} == {"crowd"}
    clerk = client.get("/api/v1/alerts", headers=bearer("clerk")).get_json()["items"]
    assert {a["kind"] for a in clerk} == {"crowd", "overdue"}
    overdue_id = next(a["id"] for a in clerk if a["kind"] == "overdue")
    assert client.get(f"/api/v1/alerts/{overdue_id}", headers=bearer("police")).status_code == 404


def test_another_units_alert_does_not_exist_for_the_caller(runtime, client):
    consume(runtime, envelope("intake.visit.registered", visit_data(headcount=6), unit="hang-bong"))
    (alert,) = client.get("/api/v1/alerts", headers=bearer("leader", unit="hang-bong")).get_json()["items"]
    assert alert["unit"] == "hang-bong"
    assert client.get("/api/v1/alerts", headers=LEADER).get_json()["items"] == []
    assert client.get(f"/api/v1/alerts/{alert['id']}", headers=LEADER).status_code == 404
    assert client.post(f"/api/v1/alerts/{alert['id']}/ack", json={}, headers=LEADER).status_code == 404
    province = bearer("province", units="*")
    assert [a["id"] for a in client.get("/api/v1/alerts", headers=province).get_json()["items"]] == [alert["id"]]


def test_a_crowd_turning_critical_reaches_the_leader_and_the_party_standing_committee_at_once(runtime, client):
    visit(runtime, headcount=12)
    visit(runtime, headcount=9, received_at=ORDINARY + timedelta(minutes=30))
    (alert,) = client.get("/api/v1/alerts", query_string={"kind": "crowd"}, headers=LEADER).get_json()["items"]
    assert (alert["severity"], alert["headcount"]) == ("critical", 21)
    assert alert["receivers"] == ["ward_office", "police", "leader", "party_standing"]
    log = client.get(f"/api/v1/alerts/{alert['id']}/deliveries", headers=LEADER).get_json()["items"]
    assert [(d["reason"], d["receiver"]) for d in log] == [
        ("raised", "ward_office"),
        ("raised", "police"),
        ("severity_raised", "ward_office"),
        ("severity_raised", "police"),
        ("severity_raised", "leader"),
        ("severity_raised", "party_standing"),
    ]


def test_party_personnel_notices_go_to_the_partys_receivers_only(runtime, client):
    visit(runtime, kind="denunciation", party_related=True, headcount=3)
    (alert,) = client.get("/api/v1/alerts", headers=bearer("party_inspection")).get_json()["items"]
    assert client.get(f"/api/v1/alerts/{alert['id']}/deliveries", headers=LEADER).status_code == 404
    with runtime.sessions() as session:
        receivers = set(session.scalars(select(DeliveryRow.receiver)))
    assert receivers == {"party_inspection", "party_standing"}


def test_counts_are_those_of_the_list_over_every_page(runtime, client):
    for i in range(3):
        visit(runtime, headcount=5 + i, subject=f"Chủ đề {i}")
    visit(runtime, headcount=25, subject="Rất đông")
    consume(runtime, envelope("intake.visit.registered", visit_data(headcount=6), unit="hang-bong"))

    def total(headers, **filters):
        answer = client.get("/api/v1/alerts/counts", query_string=filters, headers=headers)
        assert answer.status_code == 200
        return answer.get_json()["total"]

    listed = client.get("/api/v1/alerts", query_string={"status": "open", "limit": 500}, headers=LEADER).get_json()
    assert total(LEADER, status="open") == len(listed["items"]) >= 4
    assert total(LEADER, severity="critical") == 1
    assert total(LEADER, status="acknowledged") == 0
    assert total(bearer("police"), kind="overdue") == 0
    assert total(bearer("leader", unit="hang-bong")) == 1
    assert total(bearer("province", units="*")) == len(listed["items"]) + 1
    assert client.get("/api/v1/alerts/counts", query_string={"kind": "riot"}, headers=LEADER).status_code == 422
    assert client.get("/api/v1/alerts/counts", query_string={"by": "title"}, headers=LEADER).status_code == 422

    province = bearer("province", units="*")
    grouped = client.get(
        "/api/v1/alerts/counts", query_string={"status": "open", "by": ["unit", "severity"]}, headers=province
    ).get_json()
    by_unit: dict[str, int] = {}
    for group in grouped["groups"]:
        assert set(group) == {"unit", "severity", "count"}
        by_unit[group["unit"]] = by_unit.get(group["unit"], 0) + group["count"]
    assert by_unit == {"bach-quang": len(listed["items"]), "hang-bong": 1}
    assert grouped["total"] == len(listed["items"]) + 1
    critical = [g for g in grouped["groups"] if g["severity"] == "critical"]
    assert critical == [{"unit": "bach-quang", "severity": "critical", "count": 1}]
    assert client.get("/api/v1/alerts/counts", headers=LEADER).get_json()["groups"] == []
    assert client.get("/api/v1/alerts/counts", headers=bearer("ops")).status_code == 403
