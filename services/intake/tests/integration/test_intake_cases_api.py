"""Cases through the API: actions, 409 on refused transitions, history, deadlines, filters."""

from datetime import UTC, datetime

import pytest
from intake_testkit import CLERK, LEADER, outbox, petition_body, visit_body


@pytest.fixture
def case_id(client):
    return client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]


def act(client, case_id, headers=LEADER, **body):
    return client.post(f"/api/v1/cases/{case_id}/actions", json=body, headers=headers)


def test_case_file_has_visits_history_and_deadlines(client, case_id):
    case = client.get(f"/api/v1/cases/{case_id}", headers=CLERK).get_json()
    assert case["status"] == "received"
    assert case["reply_due"] == "2026-02-02"
    assert case["process_by"] == "2026-01-29"
    assert case["resolve_by"] is None
    assert case["deadlines"]["reply_due"]["day_type"] == "working"
    assert len(case["visits"]) == 1
    assert case["history"][0]["action"] == "open_by_visit"
    assert case["history"][0]["actor"] == "clerk-1"


def test_accept_then_resolve_with_history_and_events(client, case_id, intake_runtime):
    accepted = act(client, case_id, action="accept", complex=True, reason="Đủ điều kiện thụ lý")
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    body = accepted.get_json()
    assert body["status"] == "accepted"
    assert body["resolve_by"] == "2026-03-05"  # 19/1 + 45 days
    assert body["deadlines"]["resolve_by"]["rule_code"] == "complaint_resolution_complex"
    resolved = act(client, case_id, action="resolve", decision_no="15/QĐ-UBND", reason="Giải quyết lần đầu").get_json()
    assert resolved["status"] == "resolved"
    assert resolved["decision_no"] == "15/QĐ-UBND"
    history = [(h["action"], h["from_status"], h["to_status"], h["actor"], h["reason"]) for h in resolved["history"]]
    assert history[1:] == [
        ("accept", "received", "accepted", "leader-1", "Đủ điều kiện thụ lý"),
        ("resolve", "accepted", "resolved", "leader-1", "Giải quyết lần đầu"),
    ]
    changed = [e["data"] for e in outbox(intake_runtime) if e["type"] == "intake.case.changed"]
    assert [(c["previous_status"], c["status"], c["action"]) for c in changed] == [
        ("received", "accepted", "accept"),
        ("accepted", "resolved", "resolve"),
    ]
    assert changed[0]["deadlines"]["resolve_by"] == {
        "date": "2026-03-05",
        "rule": body["deadlines"]["resolve_by"]["rule"],
        "rule_code": "complaint_resolution_complex",
        "day_type": "calendar",
        "other_day_type_date": "2026-03-30",  # 45 working days, across Tết
        "provisional": False,
        "counted_from": "2026-01-19",
    }
    assert changed[1]["complaint_round"] == 1
    assert changed[1]["outcome"] == "resolved"
    assert changed[1]["competent"] is True


def test_refused_transition_is_409_and_changes_nothing(client, case_id):
    response = act(client, case_id, action="resolve", decision_no="1")
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert "'received'" in response.get_json()["detail"]
    case = client.get(f"/api/v1/cases/{case_id}", headers=CLERK).get_json()
    assert case["status"] == "received"
    assert len(case["history"]) == 1


def test_action_fields_are_422(client, case_id):
    response = act(client, case_id, action="transfer")
    assert response.status_code == 422
    assert "to_agency" in response.get_json()["errors"]
    assert act(client, case_id, action="close").status_code == 422


def test_clerk_may_act_but_not_decide(client, case_id):
    assert act(client, case_id, headers=CLERK, action="accept").status_code == 200
    assert act(client, case_id, headers=CLERK, action="resolve", decision_no="1").status_code == 403
    assert act(client, case_id, headers=CLERK, action="extend", reason="x").status_code == 403


def test_unknown_case_is_404(client):
    assert client.get("/api/v1/cases/nope", headers=CLERK).status_code == 404
    assert act(client, "nope", action="accept").status_code == 404


def test_other_units_cases_do_not_exist_for_the_caller(client, case_id):
    from tiepdan.kit.testing import bearer

    other = bearer("leader", unit="phuong-khac")
    assert client.get(f"/api/v1/cases/{case_id}", headers=other).status_code == 404
    assert act(client, case_id, headers=other, action="accept").status_code == 404
    assert client.get("/api/v1/cases", headers=other).get_json()["items"] == []


def test_filters_and_overdue(client, clock):
    complaint = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    petition = client.post("/api/v1/petitions", json=petition_body(kind="recommendation"), headers=CLERK).get_json()
    assert {c["id"] for c in client.get("/api/v1/cases?kind=recommendation", headers=CLERK).get_json()["items"]} == {
        petition["case_id"]
    }
    assert client.get("/api/v1/cases?overdue=true", headers=CLERK).get_json()["items"] == []
    clock.now = datetime(2026, 1, 27, 3, tzinfo=UTC)  # petition (16/1 + 10 = 26/1) is now overdue
    overdue = client.get("/api/v1/cases?overdue=true", headers=CLERK).get_json()["items"]
    assert [c["id"] for c in overdue] == [petition["case_id"]]
    assert overdue[0]["overdue"] is True
    assert client.get("/api/v1/cases?status=received&field=land", headers=CLERK).get_json()["items"][0]["id"] == (
        complaint
    )
    assert client.get("/api/v1/cases?status=closed", headers=CLERK).status_code == 422


def test_denunciation_extensions_through_the_api(client):
    case_id = client.post("/api/v1/petitions", json=petition_body(kind="denunciation"), headers=CLERK).get_json()[
        "case_id"
    ]
    act(client, case_id, action="accept")
    first = act(client, case_id, action="extend", reason="Vụ việc phức tạp").get_json()
    second = act(client, case_id, action="extend", reason="Đặc biệt phức tạp").get_json()
    assert first["extensions"] == 1
    assert second["extensions"] == 2
    assert second["resolve_by"] > first["resolve_by"]
    assert act(client, case_id, action="extend", reason="Lần ba").status_code == 409


def test_the_clerk_records_the_acceptance_notice_to_the_denouncer(client):
    case_id = client.post("/api/v1/petitions", json=petition_body(kind="denunciation"), headers=CLERK).get_json()[
        "case_id"
    ]
    accepted = act(client, case_id, action="accept").get_json()
    assert accepted["deadlines"]["notify_by"]["day_type"] == "working"
    assert act(client, case_id, headers=CLERK, action="notify").status_code == 422
    notified = act(client, case_id, headers=CLERK, action="notify", notice_no="07/TB-UBND")
    assert notified.status_code == 200, notified.get_json()
    assert "notify_by" not in notified.get_json()["deadlines"]
    assert notified.get_json()["history"][-1]["details"]["notice_no"] == "07/TB-UBND"
    assert act(client, case_id, headers=CLERK, action="notify", notice_no="08/TB-UBND").status_code == 409


def test_history_cannot_be_rewritten_in_the_database(client, case_id, intake_runtime):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for statement in ("UPDATE case_history SET reason = 'sửa lén'", "DELETE FROM case_history"):
        with intake_runtime.engine.begin() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))


def test_acceptance_day_is_the_wards_day(client, case_id, clock):
    clock.now = datetime(2026, 1, 19, 18, 0, tzinfo=UTC)  # 01:00 on Tuesday 20/1 in Hà Nội
    accepted = act(client, case_id, action="accept").get_json()
    assert accepted["accepted_on"] == "2026-01-20"
    assert accepted["resolve_by"] == "2026-02-23"  # 20/1 + 30 days falls in Tết → first working day after
