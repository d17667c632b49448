"""Staff, agencies, calendar and coverage rules over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from datetime import date

from roster_api_support import CLERK, POLICE, SCHEDULER, fixture, outbox, problem

from tiepdan.kit.calendar import WorkingCalendar, default_calendar_data
from tiepdan.kit.testing import bearer


def test_import_keeps_the_given_ids_and_is_repeatable(client, ward_imported):
    assert ward_imported == {"agencies": 8, "staff": 32, "created": 32, "updated": 0, "replans": []}
    chair = client.get("/api/v1/staff/s011", headers=SCHEDULER).get_json()
    assert chair["full_name"] == "Ngô Văn Cường"
    assert sorted(chair["skills"]) == ["chair", "leader"]
    again = client.post("/api/v1/staff/import", json=fixture("ward-staff.json"), headers=SCHEDULER).get_json()
    assert (again["created"], again["updated"]) == (0, 32)
    agencies = client.get("/api/v1/agencies", headers=SCHEDULER).get_json()
    assert {"code": "CA", "name": "Công an phường"} in agencies


def test_staff_list_is_paginated(client, ward_imported):
    first = client.get("/api/v1/staff?limit=20", headers=SCHEDULER).get_json()
    assert len(first["items"]) == 20
    assert first["items"][0]["id"] == "s001"
    second = client.get(f"/api/v1/staff?limit=20&cursor={first['next_cursor']}", headers=SCHEDULER).get_json()
    assert [p["id"] for p in second["items"]][-1] == "s032"
    assert second["next_cursor"] is None


def test_bad_import_names_each_field(client):
    document = fixture("ward-staff.json")
    document["staff"][0]["agency"] = "XYZ"
    document["staff"][3]["leave"] = [{"from": "2026-02-10", "to": "2026-02-01"}]
    body = problem(client.post("/api/v1/staff/import", json=document, headers=SCHEDULER), 422)
    assert "staff.3.leave.0.to" in body["errors"]
    document["staff"][3]["leave"] = []
    body = problem(client.post("/api/v1/staff/import", json=document, headers=SCHEDULER), 422)
    assert "XYZ" in body["errors"]["staff.0.agency"][0]
    assert client.get("/api/v1/staff", headers=SCHEDULER).get_json()["items"] == []


def test_create_and_replace_one_officer(client, ward_imported):
    created = client.post(
        "/api/v1/staff",
        json={"full_name": "Phan Thị Hoa", "agency": "VP", "skills": ["reception"]},
        headers=SCHEDULER,
    )
    assert created.status_code == 201
    staff_id = created.get_json()["id"]
    replaced = client.put(
        f"/api/v1/staff/{staff_id}",
        json={"full_name": "Phan Thị Hoa", "agency": "VP", "skills": ["reception", "legal"]},
        headers=SCHEDULER,
    )
    assert replaced.get_json()["skills"] == ["legal", "reception"]
    duplicate = client.post(
        "/api/v1/staff",
        json={"id": "s001", "full_name": "X", "agency": "VP", "skills": ["reception"]},
        headers=SCHEDULER,
    )
    problem(duplicate, 409)
    unknown_agency = client.post(
        "/api/v1/staff", json={"full_name": "Y", "agency": "ZZ", "skills": []}, headers=SCHEDULER
    )
    assert "agency" in problem(unknown_agency, 422)["errors"]
    problem(client.get("/api/v1/staff/nobody", headers=SCHEDULER), 404)


def test_roles_and_tokens(client):
    problem(client.get("/api/v1/staff"), 401)
    problem(client.post("/api/v1/staff/import", json=fixture("ward-staff.json"), headers=POLICE), 403)
    problem(client.get("/api/v1/staff", headers=CLERK), 403)


def test_calendar_default_change_and_event(client, runtime):
    built_in = client.get("/api/v1/calendar", headers=CLERK).get_json()
    assert built_in == default_calendar_data()
    assert built_in["years"] == [2026, 2027]
    changed = copy.deepcopy(built_in)
    changed["special_periods"].append(
        {"from": "2026-05-18", "to": "2026-05-20", "level": "heightened", "name": "Kỳ họp HĐND"}
    )
    response = client.put("/api/v1/calendar", json=changed, headers=SCHEDULER)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert client.get("/api/v1/calendar", headers=POLICE).get_json()["special_periods"][-1]["name"] == "Kỳ họp HĐND"
    events = outbox(runtime, "roster.calendar.changed")
    assert len(events) == 1
    assert events[0]["data"] == changed
    assert events[0]["unit"] == "bach-quang"


def test_a_calendar_put_without_a_body_changes_nothing(client, runtime):
    response = client.put("/api/v1/calendar", headers=SCHEDULER)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert client.get("/api/v1/calendar", headers=CLERK).get_json() == default_calendar_data()
    assert outbox(runtime, "roster.calendar.changed") == []


def test_a_years_document_without_timezone_keeps_the_calendars(client):
    whole = {**default_calendar_data(), "timezone": "Asia/Bangkok"}
    assert client.put("/api/v1/calendar", json=whole, headers=SCHEDULER).status_code == 200
    year_2028 = {"year": 2028, "days_off": [{"from": "2028-01-01", "to": "2028-01-01"}]}
    response = client.put("/api/v1/calendar", json=year_2028, headers=SCHEDULER)
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = client.get("/api/v1/calendar", headers=CLERK).get_json()
    assert stored["timezone"] == "Asia/Bangkok"
    assert {"from": "2028-01-01", "to": "2028-01-01"} in stored["days_off"]


def test_a_new_year_is_added_and_the_known_years_are_kept(client, runtime):
    year_2028 = {
        "year": 2028,
        "basis": "Thông báo lịch nghỉ lễ, Tết năm 2028",
        "days_off": [{"from": "2028-01-01", "to": "2028-01-03", "name": "Tết Dương lịch"}],
    }
    response = client.put("/api/v1/calendar", json=year_2028, headers=SCHEDULER)
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = client.get("/api/v1/calendar", headers=CLERK).get_json()
    assert stored["years"] == [2026, 2027, 2028]
    assert stored["basis"]["2028"] == "Thông báo lịch nghỉ lễ, Tết năm 2028"
    calendar = WorkingCalendar.from_dict(stored)
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert not calendar.is_working_day(date(2026, 2, 16))
    assert calendar.last_known_day == date(2028, 12, 31)
    events = outbox(runtime, "roster.calendar.changed")
    assert events[-1]["data"] == stored
    # the same year again replaces only that year
    year_2028["days_off"] = []
    client.put("/api/v1/calendar", json=year_2028, headers=SCHEDULER)
    again = WorkingCalendar.from_dict(client.get("/api/v1/calendar", headers=CLERK).get_json())
    assert again.years == frozenset({2026, 2027, 2028})
    assert not again.is_working_day(date(2027, 1, 1))


def test_a_year_document_with_a_day_of_another_year_is_refused(client, runtime):
    stray = {"year": 2028, "days_off": [{"from": "2029-01-01", "to": "2029-01-01", "name": "Tết Dương lịch"}]}
    body = problem(client.put("/api/v1/calendar", json=stray, headers=SCHEDULER), 422)
    assert "days_off.0.from" in body["errors"]
    assert outbox(runtime, "roster.calendar.changed") == []


def test_bad_calendar_is_refused_with_field_paths(client, runtime):
    document = fixture("calendar-2026.json")
    document["special_periods"][0]["level"] = "urgent"
    document["days_off"][0]["to"] = "2025-12-31"
    body = problem(client.put("/api/v1/calendar", json=document, headers=SCHEDULER), 422)
    assert set(body["errors"]) >= {"special_periods.0.level", "days_off.0.to"}
    problem(client.put("/api/v1/calendar", json=fixture("calendar-2026.json"), headers=CLERK), 403)
    assert outbox(runtime, "roster.calendar.changed") == []


def test_coverage_rules_default_validation_and_change(client):
    rules = client.get("/api/v1/coverage-rules", headers=SCHEDULER).get_json()
    assert rules["shifts"] == fixture("coverage-rules.json")["shifts"]
    broken = copy.deepcopy(rules)
    broken["coverage"][0]["level"] = "urgent"
    broken["personal"]["fair_share"] = ["weekend"]
    body = problem(client.put("/api/v1/coverage-rules", json=broken, headers=SCHEDULER), 422)
    assert set(body["errors"]) == {"coverage.0.level", "personal.fair_share"}
    rules["personal"]["max_consecutive_days"] = 5
    saved = client.put("/api/v1/coverage-rules", json=rules, headers=bearer("admin"))
    assert saved.status_code == 200
    assert client.get("/api/v1/coverage-rules", headers=SCHEDULER).get_json()["personal"]["max_consecutive_days"] == 5


def test_calendar_events_carry_the_kinds_intake_reads(client):
    document = fixture("calendar-2026.json")
    assert {e.get("kind") for e in document["events"]} >= {"election_day", "party_congress"}
    stored = client.put("/api/v1/calendar", json=document, headers=SCHEDULER)
    assert stored.status_code == 200, stored.get_data(as_text=True)
    assert stored.get_json()["events"] == sorted(document["events"], key=lambda event: event["date"])
    document["events"][0]["kind"] = "festival"
    body = problem(client.put("/api/v1/calendar", json=document, headers=SCHEDULER), 422)
    assert "events.0.kind" in body["errors"]
