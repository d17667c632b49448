"""Rosters over HTTP on SQLite only: listing and roles, gaps slot by slot, infeasible leader reception, exports.

The request → solve → publish → duty and leave re-planning paths run on PostgreSQL too
(test_roster_rosters_api.py); these add no database-specific behaviour, so they run once to keep the suite short.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from roster_api_support import CLERK, LEADER, POLICE, SCHEDULER, WEEK, checked, fixture, outbox, problem, solved

# The solver's rosters within their time limits (fairness, exact gaps) are checked: no other test takes its CPU.
pytestmark = pytest.mark.alone


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


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
