"""`GET /api/v1/inbox` on PostgreSQL: the alerts a person's receivers were told of, newest first, by role."""

from __future__ import annotations

import pytest
from alerts_harness import visit
from flask.testing import FlaskClient

from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app


@pytest.fixture
def client(pg_runtime: Runtime) -> FlaskClient:
    return create_service_app(pg_runtime).test_client()


def inbox(client: FlaskClient, role: str, **params: object) -> dict:
    answer = client.get("/api/v1/inbox", query_string=params, headers=bearer(role))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_each_role_reads_what_its_receivers_were_told(pg_runtime, client, clock):
    visit(pg_runtime, headcount=6, subject="Dự án A")
    clock.advance(minutes=1)
    visit(pg_runtime, headcount=25, subject="Dự án B")  # critical: the leader and the Party's standing committee
    clock.advance(minutes=1)
    visit(pg_runtime, kind="denunciation", party_related=True, subject="Nhân sự đại hội")

    police = inbox(client, "police")["items"]
    told = [(a["kind"], a["subject"]) for a in police]
    assert set(told[:2]) == {("hotspot", "Dự án B"), ("crowd", "Dự án B")}  # raised together, newest first
    assert told[2:] == [("crowd", "Dự án A")]
    assert police[0]["notices"] == [{"receiver": "police", "reason": "raised", "at": police[0]["notices"][0]["at"]}]
    assert [a["subject"] for a in inbox(client, "leader")["items"]] == ["Dự án B"]
    assert [a["kind"] for a in inbox(client, "party_standing")["items"]] == ["party_personnel", "crowd"]
    assert [a["kind"] for a in inbox(client, "party_inspection")["items"]] == ["party_personnel"]
    assert inbox(client, "province")["items"] == []  # told only on escalation

    first = inbox(client, "police", limit=2)
    assert len(first["items"]) == 2
    rest = inbox(client, "police", limit=2, cursor=first["next_cursor"])
    assert [a["subject"] for a in rest["items"]] == ["Dự án A"]
    assert rest["next_cursor"] is None


def test_a_role_with_no_receiver_is_refused(client):
    answer = client.get("/api/v1/inbox", headers=bearer("admin"))
    assert answer.status_code == 403
    assert answer.content_type == "application/problem+json"
