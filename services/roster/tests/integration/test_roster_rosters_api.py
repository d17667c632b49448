"""Rosters end to end over HTTP and the worker's solve task, on SQLite and PostgreSQL: request, solve, publish,
duty, leave re-planning."""

from __future__ import annotations

from datetime import date

import pytest
from roster_api_support import CLERK, LEADER, POLICE, SCHEDULER, checked, outbox, problem, solved

from tiepdan.roster.service.solving import solve_pending

# The solver's rosters within their time limits (fairness, exact gaps) are checked: no other test takes its CPU.
pytestmark = pytest.mark.alone


@pytest.mark.usefixtures("ward_imported")
def test_request_solve_publish_and_duty(client, runtime):
    roster = solved(client, runtime)
    assert roster["status"] == "draft"
    assert roster["violations"] == []
    assert set(roster["assignments"][0]) == {"date", "shift", "staff_id", "duty"}
    checked(roster, date(2026, 1, 12), date(2026, 1, 18))
    assert roster["stats"]["fairness"]["police"]["spread"] <= 1
    assert {"solve_time_s", "objective", "bound", "optimality_gap", "per_person"} <= set(roster["stats"])
    assert outbox(runtime, "roster.roster.published") == []

    published = client.post(f"/api/v1/rosters/{roster['id']}/publish", headers=LEADER)
    assert published.status_code == 200
    assert published.get_json()["status"] == "published"
    event = outbox(runtime, "roster.roster.published")[0]["data"]
    assert event["roster_id"] == roster["id"]
    assert event["period"] == {"from": "2026-01-12", "to": "2026-01-18"}
    assert event["shifts"][3] == {"code": "night", "start": "21:00", "end": "07:30"}
    first = event["assignments"][0]
    assert set(first) >= {"date", "shift", "staff_id", "staff_name", "agency", "skills", "duty"}
    assert "full_name" not in first
    problem(client.post(f"/api/v1/rosters/{roster['id']}/publish", headers=LEADER), 409)

    night = next(a for a in roster["assignments"] if a["shift"] == "night" and a["date"] == "2026-01-14")
    duty = client.get("/api/v1/duty?at=2026-01-15T03:00:00%2B07:00", headers=POLICE).get_json()
    on_duty = {(d["staff_id"], d["shift"]) for d in duty["items"]}
    assert (night["staff_id"], "night") in on_duty
    assert all(d["shift"] == "night" and d["staff_name"] for d in duty["items"])
    morning = client.get("/api/v1/duty?at=2026-01-15T01:00:00Z", headers=CLERK).get_json()  # 08:00 local
    expected = {a["staff_id"] for a in roster["assignments"] if a["date"] == "2026-01-15" and a["shift"] == "morning"}
    assert {d["staff_id"] for d in morning["items"]} == expected
    problem(client.get("/api/v1/duty?at=2026-01-15T08:00:00", headers=POLICE), 422)


@pytest.mark.usefixtures("ward_imported")
def test_leave_after_publishing_replans_only_the_affected_days(client, runtime):
    roster = solved(client, runtime)
    client.post(f"/api/v1/rosters/{roster['id']}/publish", headers=SCHEDULER)
    day = next(a["date"] for a in roster["assignments"] if a["staff_id"] == "s016")
    marked = client.post("/api/v1/staff/s016/leave", json={"from": day, "to": day, "reason": "ốm"}, headers=SCHEDULER)
    assert marked.status_code == 200, marked.get_data(as_text=True)
    [replan_id] = marked.get_json()["replans"]
    assert solve_pending(runtime) == 1

    replan = client.get(f"/api/v1/rosters/{replan_id}", headers=SCHEDULER).get_json()
    assert replan["status"] == "published"
    assert replan["replaces"] == roster["id"]
    assert replan["stats"]["replanned_days"] == [day]
    old = client.get(f"/api/v1/rosters/{roster['id']}", headers=SCHEDULER).get_json()
    assert old["status"] == "superseded"
    kept = {tuple(a.values()) for a in roster["assignments"] if a["date"] != day}
    assert {tuple(a.values()) for a in replan["assignments"] if a["date"] != day} == kept
    assert not [a for a in replan["assignments"] if a["staff_id"] == "s016" and a["date"] == day]
    staff = client.get("/api/v1/staff?limit=100", headers=SCHEDULER).get_json()["items"]
    checked(replan, date(2026, 1, 12), date(2026, 1, 18), staff=staff)
    published = outbox(runtime, "roster.roster.published")
    assert [e["data"]["roster_id"] for e in published] == [roster["id"], replan_id]
    assert published[-1]["data"]["replaces"] == roster["id"]


@pytest.mark.parametrize("at", ["0001-01-01T00:00:04Z", "9999-12-31T23:59:59-01:00"])
def test_duty_at_the_ends_of_the_calendar_is_nobody(client, at):
    answer = client.get("/api/v1/duty", query_string={"at": at}, headers=POLICE)
    assert answer.status_code == 200
    assert answer.get_json()["items"] == []
