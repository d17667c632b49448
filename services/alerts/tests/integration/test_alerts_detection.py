"""Events in, alerts out: every detector, its threshold edge, dedup under redelivery and out-of-order events."""

from __future__ import annotations

from datetime import timedelta

from alerts_harness import ORDINARY, consume, envelope, published, visit, visit_data

from tiepdan.kit.inbox import Outcome
from tiepdan.kit.testing import bearer

CLERK = bearer("clerk")


def alerts(client, kind=None, headers=CLERK, **query):
    params = {"kind": kind, **query} if kind else query
    response = client.get("/api/v1/alerts", query_string=params, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_crowd_is_five_people_not_four(runtime, client):
    visit(runtime, headcount=4, subject="Bốn người")
    assert alerts(client, "crowd") == []
    visit(runtime, headcount=5, subject="Năm người")
    (crowd,) = alerts(client, "crowd")
    assert (crowd["headcount"], crowd["visit_count"], crowd["severity"]) == (5, 1, "warning")
    assert crowd["title"].startswith("Đoàn đông người (5 người)")


def test_a_petition_with_five_signers_is_a_crowd(runtime, client):
    data = {
        "petition_id": "p1",
        "case_id": "c1",
        "channel": "post",
        "received_on": "2026-06-10",
        "signers": 5,
        "headcount": 5,
        "kind": "complaint",
        "field": "housing",
        "subject": "Chung cư cũ",
        "area": "Tổ 2",
        "eligible": True,
        "party_related": False,
        "repeat": False,
    }
    consume(runtime, envelope("intake.petition.received", data))
    (crowd,) = alerts(client, "crowd")
    assert crowd["headcount"] == 5
    assert crowd["visit_count"] == 0


def test_one_open_alert_per_key_and_redelivery_counts_once(runtime, client):
    first = envelope("intake.visit.registered", visit_data(headcount=6, case_id="c1"))
    assert consume(runtime, first) is Outcome.DONE
    assert consume(runtime, first) is Outcome.DUPLICATE
    replay = envelope("intake.visit.registered", dict(first.data))  # the same visit under a new message id
    assert consume(runtime, replay) is Outcome.DONE
    visit(runtime, headcount=7, case_id="c2", received_at=ORDINARY + timedelta(hours=1))
    (crowd,) = alerts(client, "crowd")
    assert (crowd["headcount"], crowd["visit_count"], crowd["case_ids"]) == (13, 2, ["c1", "c2"])
    kinds = [e["type"] for e in published(runtime) if e["data"]["kind"] == "crowd"]
    assert kinds == ["alerts.alert.raised", "alerts.alert.updated"]


def test_hotspot_from_out_of_order_visits_inside_seven_days(runtime, client):
    for days in (6, 3, 0):  # delivered newest first
        visit(runtime, received_at=ORDINARY + timedelta(days=days))
    (hotspot,) = alerts(client, "hotspot")
    assert hotspot["visit_count"] == 3
    assert hotspot["first_seen"] == "2026-06-10T02:00:00Z"
    assert hotspot["last_seen"] == "2026-06-16T02:00:00Z"


def test_hotspot_window_edge(runtime, client):
    visit(runtime, subject="Cạnh cửa sổ")
    visit(runtime, subject="Cạnh cửa sổ", received_at=ORDINARY + timedelta(days=3))
    visit(runtime, subject="Cạnh cửa sổ", received_at=ORDINARY + timedelta(days=7))
    assert alerts(client, "hotspot") == []
    visit(runtime, subject="Cạnh cửa sổ", received_at=ORDINARY + timedelta(days=7, seconds=-1))
    (hotspot,) = alerts(client, "hotspot")
    assert hotspot["visit_count"] == 3


def test_hotspot_by_ten_people(runtime, client):
    visit(runtime, headcount=4, subject="Mười người")
    visit(runtime, headcount=5, subject="Mười người", received_at=ORDINARY + timedelta(days=1))
    assert alerts(client, "hotspot") == []
    visit(runtime, headcount=1, subject="Mười người", received_at=ORDINARY + timedelta(days=2))
    assert alerts(client, "hotspot")[0]["headcount"] == 10


def test_repeat_on_the_third_visit_and_after_resolution(runtime, client):
    visit(runtime, case_id="k1", case_visit_count=2, case_status="accepted")
    assert alerts(client, "repeat") == []
    visit(runtime, case_id="k1", case_visit_count=3, case_status="accepted")
    visit(runtime, case_id="k2", case_visit_count=2, case_status="resolved")
    repeats = {a["group_key"]: a for a in alerts(client, "repeat")}
    assert set(repeats) == {"case:k1", "case:k2"}
    assert repeats["case:k1"]["visit_count"] == 3
    assert "đã giải quyết" in repeats["case:k2"]["title"]


def test_overdue_and_coverage_gap(runtime, client):
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
    consume(
        runtime,
        envelope(
            "roster.coverage.gap",
            {"roster_id": "r1", "date": "2026-01-20", "shift": "evening", "skill": "police", "missing": 1},
        ),
    )
    (overdue,) = alerts(client, "overdue")
    assert overdue["case_ids"] == ["c9"]
    (gap,) = alerts(client, "coverage_gap")
    assert gap["severity"] == "critical"  # 20 January 2026 is inside the congress: warning raised one level
    assert "Thiếu người trực" in gap["title"]


def test_the_calendar_copy_from_roster_decides_special_periods(runtime, client):
    visit(runtime, headcount=6, subject="Trước", received_at=ORDINARY)
    calendar = {
        "timezone": "Asia/Ho_Chi_Minh",
        "days_off": [],
        "make_up_working_days": [],
        "special_periods": [{"from": "2026-06-10", "to": "2026-06-12", "level": "heightened", "name": "Kỳ họp HĐND"}],
    }
    consume(runtime, envelope("roster.calendar.changed", calendar))
    visit(runtime, headcount=6, subject="Sau", received_at=ORDINARY)
    by_subject = {a["subject"]: a for a in alerts(client, "crowd")}
    assert by_subject["Trước"]["severity"] == "warning"
    assert by_subject["Sau"]["severity"] == "critical"
    assert by_subject["Sau"]["special_period"] == "Kỳ họp HĐND"


def test_a_party_denunciation_is_the_partys_alone(runtime, client):
    visit(runtime, kind="denunciation", party_related=True, headcount=8, subject="Nhân sự đại hội")
    (party,) = alerts(client, headers=bearer("party_inspection"))
    assert party["kind"] == "party_personnel"
    assert party["receivers"] == ["party_inspection", "party_standing"]
    assert alerts(client, headers=bearer("party_standing")) == [party]
    for role in ("clerk", "leader", "admin", "police", "province"):
        assert alerts(client, headers=bearer(role)) == []
        assert client.get(f"/api/v1/alerts/{party['id']}", headers=bearer(role)).status_code == 404


def test_rules_are_data(runtime, client):
    admin = bearer("admin")
    rules = client.get("/api/v1/alert-rules", headers=admin).get_json()
    rules["detectors"]["crowd"]["min_headcount"] = 3
    saved = client.put("/api/v1/alert-rules", json=rules, headers=admin)
    assert saved.status_code == 200, saved.get_json()
    visit(runtime, headcount=3, subject="Ba người")
    assert alerts(client, "crowd")[0]["headcount"] == 3


def test_bad_rules_are_422_with_paths(client):
    admin = bearer("admin")
    rules = client.get("/api/v1/alert-rules", headers=admin).get_json()
    rules["routes"][0]["receivers"] = ["ghost"]
    rules["detectors"]["hotspot"]["window_hours"] = 0
    response = client.put("/api/v1/alert-rules", json=rules, headers=admin)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert {"routes[0].receivers[0]", "detectors.hotspot.window_hours"} <= set(response.get_json()["errors"])
    assert client.put("/api/v1/alert-rules", json=rules, headers=bearer("leader")).status_code == 403


def test_a_matter_about_a_candidate_held_before_the_election_alerts_the_leader(runtime, client):
    held = {
        "case_id": "c-held",
        "reason": "election_cutoff",
        "kind": "denunciation",
        "field": "election",
        "area": "Tổ 5",
        "subject": "Người ứng cử tổ 5",
        "received_on": "2026-03-06",
        "election_day": "2026-03-15",
        "cutoff_from": "2026-03-05",
        "forward_after": "2026-03-16",
    }
    consume(runtime, envelope("intake.case.held", held))
    consume(runtime, envelope("intake.case.held", held))  # the same matter again: one alert, counted once
    (alert,) = alerts(client, "election_hold")
    assert alert["case_ids"] == ["c-held"]
    assert alert["group_key"] == "case:c-held"
    assert alert["receivers"] == ["leader", "ward_office"]
    assert alert["severity"] == "critical"  # 6 March is inside the pre-election period: warning raised one level
    assert "chuyển sau ngày 15/03/2026" in alert["title"]
