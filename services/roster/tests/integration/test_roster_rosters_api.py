"""Rosters end to end over HTTP and the worker's solve task: request, solve, publish, duty, leave, exports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from roster_api_support import CLERK, LEADER, POLICE, SCHEDULER, check_roster, fixture, outbox, problem

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.roster.service.solving import solve_pending

WEEK = {"start": "2026-01-12", "end": "2026-01-18", "time_limit_s": 3}


def solved(client, runtime, body=WEEK):
    accepted = client.post("/api/v1/rosters", json=body, headers=SCHEDULER)
    assert accepted.status_code == 202, accepted.get_data(as_text=True)
    assert accepted.get_json()["status"] == "solving"
    assert accepted.headers["Location"] == f"/api/v1/rosters/{accepted.get_json()['id']}"
    assert solve_pending(runtime) >= 1
    return client.get(accepted.headers["Location"], headers=SCHEDULER).get_json()


def checked(roster, start, end, staff=None):
    problems = check_roster(
        staff=staff or fixture("ward-staff.json")["staff"],
        rules=fixture("coverage-rules.json"),
        calendar=WorkingCalendar.from_dict(fixture("calendar-2026.json")),
        start=start,
        end=end,
        assignments=roster["assignments"],
        reported_gaps=[v for v in roster["violations"] if v.get("rule") == "coverage"],
    )
    assert problems == []


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
def test_rosters_are_listed_and_roles_enforced(client, runtime):
    problem(client.post("/api/v1/rosters", json=WEEK, headers=CLERK), 403)
    problem(client.post("/api/v1/rosters", json=WEEK, headers=POLICE), 403)
    problem(client.post("/api/v1/rosters", json={**WEEK, "end": "2026-01-01"}, headers=SCHEDULER), 422)
    first = client.post("/api/v1/rosters", json=WEEK, headers={**SCHEDULER, "Idempotency-Key": "k-1"})
    again = client.post("/api/v1/rosters", json=WEEK, headers={**SCHEDULER, "Idempotency-Key": "k-1"})
    assert first.get_json()["id"] == again.get_json()["id"]
    listed = client.get("/api/v1/rosters?status=solving", headers=POLICE).get_json()
    assert [r["id"] for r in listed["items"]] == [first.get_json()["id"]]
    problem(client.get("/api/v1/rosters/unknown", headers=POLICE), 404)


def test_unmet_coverage_is_listed_and_announced_slot_by_slot(client, runtime):
    ward = fixture("ward-staff.json")
    for officer in ward["staff"]:
        if "police" in officer["skills"] and officer["id"] != "s015":
            officer["leave"] = [{"from": "2026-01-19", "to": "2026-01-20", "reason": "tăng cường"}]
    assert client.post("/api/v1/staff/import", json=ward, headers=SCHEDULER).status_code == 200
    roster = solved(client, runtime, {"start": "2026-01-19", "end": "2026-01-20", "time_limit_s": 8})
    assert roster["status"] == "draft"
    gaps = [v for v in roster["violations"] if v["rule"] == "coverage"]
    assert {g["skill"] for g in gaps} == {"police"}
    assert sum(g["missing"] for g in gaps) == 10
    checked(roster, date(2026, 1, 19), date(2026, 1, 20), staff=ward["staff"])
    announced = [e["data"] for e in outbox(runtime, "roster.coverage.gap")]
    assert [(a["date"], a["shift"], a["skill"], a["missing"]) for a in announced] == [
        (g["date"], g["shift"], g["skill"], g["missing"]) for g in gaps
    ]
    assert all(a["roster_id"] == roster["id"] for a in announced)


def test_leader_reception_that_cannot_hold_is_infeasible(client, runtime):
    ward = fixture("ward-staff.json")
    for leader in ward["staff"]:
        if "leader" in leader["skills"]:
            leader["leave"] = [{"from": "2026-02-02", "to": "2026-02-08"}]
    client.post("/api/v1/staff/import", json=ward, headers=SCHEDULER)
    roster = solved(client, runtime, {"start": "2026-02-02", "end": "2026-02-08", "time_limit_s": 3})
    assert roster["status"] == "infeasible"
    assert roster["assignments"] == []
    assert "chair" in roster["reasons"][0]
    problem(client.post(f"/api/v1/rosters/{roster['id']}/publish", headers=SCHEDULER), 409)


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


@pytest.mark.usefixtures("ward_imported")
def test_exports_of_a_published_roster(client, runtime):
    roster = solved(client, runtime, {"start": "2026-01-26", "end": "2026-02-03", "time_limit_s": 3})
    problem(client.get(f"/api/v1/rosters/{roster['id']}/file.xlsx", headers=SCHEDULER), 409)
    client.post(f"/api/v1/rosters/{roster['id']}/publish", headers=SCHEDULER)

    xlsx = client.get(f"/api/v1/rosters/{roster['id']}/file.xlsx", headers=POLICE)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["01-2026", "02-2026"]
    january = book["01-2026"]
    assert january["A1"].value == "Ngày"
    assert [c.value for c in january["A"]][1:] == [f"{d}/01/2026" for d in range(26, 32)]
    header = [c.value for c in january[1]]
    column = header.index("morning 07:30–11:30") + 1
    names = january.cell(row=2, column=column).value.split("\n")
    expected = [a for a in roster["assignments"] if a["date"] == "2026-01-26" and a["shift"] == "morning"]
    assert len(names) == len(expected)
    cells = [value for row in january.iter_rows(values_only=True) for value in row if isinstance(value, str)]
    assert any("Ngô Văn Cường (tiếp định kỳ)" in value for value in cells)  # the chair's weekly reception

    ics = client.get(f"/api/v1/rosters/{roster['id']}/file.ics", headers=LEADER)
    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    text = ics.get_data(as_text=True)
    assert text.count("BEGIN:VEVENT") == len(roster["assignments"])
    assert "\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    mine = client.get(f"/api/v1/rosters/{roster['id']}/file.ics?staff_id=s015", headers=POLICE).get_data(as_text=True)
    assert mine.count("BEGIN:VEVENT") == len([a for a in roster["assignments"] if a["staff_id"] == "s015"])
