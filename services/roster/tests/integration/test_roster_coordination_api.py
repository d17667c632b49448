"""The coordination loop's roster part over HTTP, on SQLite and PostgreSQL: the working group and its duty in
special periods, unscheduled receptions with the police's security plan, incidents at the reception office."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from roster_api_support import CLERK, LEADER, POLICE, SCHEDULER, outbox, problem, solved

from tiepdan.kit.testing import bearer

CHAIR = bearer("leader", sub="s011", name="Ngô Văn Cường")
POLICE_ON_DUTY = bearer("police", sub="s015", name="Mai Đức Lộc")
GROUP = {
    "decision_no": "15/QĐ-UBND",
    "decision_date": "2025-12-20",
    "period": {"from": "2026-01-01", "to": "2026-03-31"},
    "members": [
        {"staff_id": "s011", "role": "head"},
        {"staff_id": "s023", "role": "deputy"},
        {"staff_id": "s015", "role": "member"},
        {"staff_id": "s028", "role": "member"},
    ],
    "note": "Phục vụ Đại hội XIV và bầu cử",
}


def soon(hours: float = 48) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(hours=hours)


def reception_body(**changes: Any) -> dict[str, Any]:
    return {
        "place": "Trụ sở tiếp công dân phường",
        "starts_at": soon().isoformat(),
        "ends_at": soon(51).isoformat(),
        "note": "Đoàn khoảng 30 người, đất đai tổ dân phố 5",
        "presiding_staff_id": "s011",
        "expected_headcount": 30,
        "field": "land",
        **changes,
    }


@pytest.mark.usefixtures("ward_imported")
def test_a_working_group_is_established_and_read(client, runtime):
    problem(client.post("/api/v1/working-groups", json=GROUP, headers=POLICE), 403)
    headers = {**LEADER, "Idempotency-Key": "qd-15"}
    created = client.post("/api/v1/working-groups", json=GROUP, headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    group = created.get_json()
    assert client.post("/api/v1/working-groups", json=GROUP, headers=headers).get_json()["id"] == group["id"]
    assert created.headers["Location"] == f"/api/v1/working-groups/{group['id']}"
    assert group["period"] == {"from": "2026-01-01", "to": "2026-03-31"}
    assert [(m["staff_id"], m["agency"], m["role_label"]) for m in group["members"]] == [
        ("s011", "LD", "Tổ trưởng"),
        ("s023", "UBKT", "Tổ phó"),
        ("s015", "CA", "Thành viên"),
        ("s028", "MTTQ", "Thành viên"),
    ]
    assert client.get(created.headers["Location"], headers=SCHEDULER).get_json() == group
    assert [g["id"] for g in client.get("/api/v1/working-groups", headers=LEADER).get_json()["items"]] == [group["id"]]
    problem(client.get("/api/v1/working-groups/unknown", headers=LEADER), 404)
    [event] = [e["data"] for e in outbox(runtime, "roster.working_group.established")]
    assert event == {
        "group_id": group["id"],
        "decision_no": "15/QĐ-UBND",
        "decision_date": "2025-12-20",
        "period": {"from": "2026-01-01", "to": "2026-03-31"},
        "member_count": 4,
        "agencies": ["LD", "UBKT", "CA", "MTTQ"],
    }


@pytest.mark.usefixtures("ward_imported")
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": [{"staff_id": "s999", "role": "member"}]}, "members.0.staff_id"),
        (
            {"members": [{"staff_id": "s001", "role": "head"}, {"staff_id": "s001", "role": "member"}]},
            "members.1.staff_id",
        ),
        ({"period": {"from": "2026-03-31", "to": "2026-01-01"}}, "period.to"),
        ({"members": [{"staff_id": "s001", "role": "chief"}]}, "members.0.role"),
    ],
)
def test_a_bad_decision_is_refused_naming_the_field(client, runtime, change, field):
    body = problem(client.post("/api/v1/working-groups", json={**GROUP, **change}, headers=LEADER), 422)
    assert field in body["errors"], body
    assert outbox(runtime, "roster.working_group.established") == []


@pytest.mark.usefixtures("ward_imported")
def test_special_period_shifts_have_a_working_group_member_on_duty(client, runtime):
    rules = client.get("/api/v1/coverage-rules", headers=SCHEDULER).get_json()
    rules["coverage"].append(
        {"level": "heightened", "days": "working", "shifts": ["morning", "afternoon"], "working_group_on_duty": True}
    )
    assert client.put("/api/v1/coverage-rules", json=rules, headers=SCHEDULER).status_code == 200
    members = [{"staff_id": "s023", "role": "head"}, {"staff_id": "s024", "role": "member"}]  # Party inspection
    assert client.post("/api/v1/working-groups", json={**GROUP, "members": members}, headers=LEADER).status_code == 201
    roster = solved(client, runtime, {"start": "2026-01-12", "end": "2026-01-13", "time_limit_s": 5})
    assert roster["violations"] == []
    for day in ("2026-01-12", "2026-01-13"):
        for shift in ("morning", "afternoon"):
            on = {a["staff_id"] for a in roster["assignments"] if a["date"] == day and a["shift"] == shift}
            assert on & {"s023", "s024"}, (day, shift)


@pytest.mark.usefixtures("ward_imported")
def test_a_reception_is_scheduled_moved_secured_and_cancelled(client, runtime):
    problem(client.post("/api/v1/receptions", json=reception_body(), headers=POLICE), 403)
    created = client.post("/api/v1/receptions", json=reception_body(), headers={**CHAIR, "Idempotency-Key": "r-1"})
    assert created.status_code == 201, created.get_data(as_text=True)
    reception = created.get_json()
    assert (reception["revision"], reception["status"], reception["scheduled_by"]) == (1, "scheduled", "s011")
    [scheduled] = [e["data"] for e in outbox(runtime, "roster.reception.scheduled")]
    assert scheduled["reception_id"] == reception["id"]
    assert (scheduled["scheduled_by"], scheduled["place"], scheduled["expected_headcount"]) == (
        "s011",
        "Trụ sở tiếp công dân phường",
        30,
    )
    assert "note" not in scheduled

    moved = client.patch(
        f"/api/v1/receptions/{reception['id']}",
        json={"starts_at": soon(72).isoformat(), "ends_at": soon(74).isoformat(), "place": "Hội trường UBND phường"},
        headers=CHAIR,
    )
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert moved.get_json()["revision"] == 2
    again = [e["data"] for e in outbox(runtime, "roster.reception.scheduled")]
    assert [(e["revision"], e["place"]) for e in again] == [
        (1, "Trụ sở tiếp công dân phường"),
        (2, "Hội trường UBND phường"),
    ]

    plan = {"officers": ["s015", "s016"], "notes": "Hai tổ tuần tra, kiểm soát cổng"}
    problem(client.put(f"/api/v1/receptions/{reception['id']}/security-plan", json=plan, headers=LEADER), 403)
    not_police = client.put(
        f"/api/v1/receptions/{reception['id']}/security-plan",
        json={**plan, "officers": ["s001"]},
        headers=POLICE_ON_DUTY,
    )
    assert "officers.0" in problem(not_police, 422)["errors"]
    secured = client.put(f"/api/v1/receptions/{reception['id']}/security-plan", json=plan, headers=POLICE_ON_DUTY)
    assert secured.status_code == 200, secured.get_data(as_text=True)
    assert secured.get_json()["security_plan"]["officers"] == ["s015", "s016"]
    read = client.get(f"/api/v1/receptions/{reception['id']}", headers=POLICE).get_json()
    assert read["security_plan"]["notes"] == "Hai tổ tuần tra, kiểm soát cổng"
    assert read["revision"] == 2

    cancelled = client.post(f"/api/v1/receptions/{reception['id']}/cancel", headers=CHAIR)
    assert cancelled.status_code == 200
    assert (cancelled.get_json()["status"], cancelled.get_json()["revision"]) == ("cancelled", 3)
    [event] = [e["data"] for e in outbox(runtime, "roster.reception.cancelled")]
    assert (event["reception_id"], event["revision"]) == (reception["id"], 3)
    problem(client.post(f"/api/v1/receptions/{reception['id']}/cancel", headers=CHAIR), 409)
    problem(client.patch(f"/api/v1/receptions/{reception['id']}", json={"place": "x"}, headers=CHAIR), 409)
    listed = client.get("/api/v1/receptions?status=cancelled", headers=SCHEDULER).get_json()
    assert [r["id"] for r in listed["items"]] == [reception["id"]]
    problem(client.get("/api/v1/receptions/unknown", headers=LEADER), 404)
    problem(client.get("/api/v1/receptions", headers=CLERK), 403)


@pytest.mark.usefixtures("ward_imported")
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": soon(47).isoformat()}, "ends_at"),
        ({"starts_at": "2020-01-01T08:00:00+07:00", "ends_at": "2020-01-01T10:00:00+07:00"}, "starts_at"),
        ({"presiding_staff_id": "s999"}, "presiding_staff_id"),
        ({"starts_at": "2030-01-01T08:00:00"}, "starts_at"),
    ],
)
def test_a_bad_reception_is_refused_naming_the_field(client, runtime, change, field):
    body = problem(client.post("/api/v1/receptions", json=reception_body(**change), headers=CHAIR), 422)
    assert field in body["errors"], body
    assert outbox(runtime, "roster.reception.scheduled") == []


def test_incidents_are_recorded_by_the_police_without_citizens(client, runtime):
    incident = {
        "occurred_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
        "what_happened": "Một người la lối tại phòng chờ",
        "action_taken": "Nhắc nhở, mời ra khu vực riêng",
        "case_ref": "HS-2026-0042",
    }
    problem(client.post("/api/v1/incidents", json=incident, headers=LEADER), 403)
    created = client.post("/api/v1/incidents", json=incident, headers={**POLICE_ON_DUTY, "Idempotency-Key": "i-1"})
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    assert body["case_ref"] == "HS-2026-0042"
    assert body["recorded_by"] == "Mai Đức Lộc"
    assert client.get(created.headers["Location"], headers=LEADER).get_json() == body
    assert [i["id"] for i in client.get("/api/v1/incidents", headers=LEADER).get_json()["items"]] == [body["id"]]
    problem(client.get("/api/v1/incidents", headers=CLERK), 403)
    identity = problem(
        client.post("/api/v1/incidents", json={**incident, "citizen_name": "Nguyễn Văn A"}, headers=POLICE), 422
    )
    assert "citizen_name" in identity["errors"]
    future = {**incident, "occurred_at": (datetime.now(UTC) + timedelta(hours=2)).isoformat()}
    assert "occurred_at" in problem(client.post("/api/v1/incidents", json=future, headers=POLICE), 422)["errors"]
    unknown = problem(client.post("/api/v1/incidents", json={**incident, "reception_id": "nope"}, headers=POLICE), 422)
    assert "reception_id" in unknown["errors"]
