"""The legal rules of issue 16 through the API: filing limits, voter lists, the election cut-off, congress
personnel, urging, false names and withdrawal by part of a group — on SQLite, and the whole set on PostgreSQL."""

from datetime import UTC, datetime

import pytest
from intake_testkit import CLERK, LEADER, PARTY, outbox, petition_body, visit_body

from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.service.timers import emit_deadline_notices
from tiepdan.kit.calendar import default_calendar_data
from tiepdan.kit.events import Envelope
from tiepdan.kit.web import create_service_app

CANDIDATE = {"kind": "denunciation", "field": "election", "subject": "Người ứng cử tổ 5", "about_candidate": True}
GROUP = [
    {"full_name": "Trần Văn Bình", "id_number": "019085001234", "address": "Tổ 5"},
    {"full_name": "Lê Thị Hà", "id_number": "001190000001", "address": "Tổ 5"},
]


def act(client, case_id, headers=LEADER, **body):
    return client.post(f"/api/v1/cases/{case_id}/actions", json=body, headers=headers)


def created(response):
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def events_of(runtime, event_type):
    return [e["data"] for e in outbox(runtime) if e["type"] == event_type]


def test_a_complaint_filed_after_90_days_is_recorded_but_not_accepted(client, intake_runtime):
    visit = created(client.post("/api/v1/visits", json=visit_body(known_on="2025-10-01"), headers=CLERK))
    # 01/10/2025 + 90 days = 30/12/2025; the visit is on 19/01/2026
    assert visit["filing"]["file_by"]["date"] == "2025-12-30"
    assert visit["filing"]["file_by"]["rule_code"] == "complaint_filing"
    assert visit["filing"]["late"] is True
    assert visit["filing"]["basis"] == "Luật Khiếu nại 2011, Điều 11 khoản 7"
    refused = act(client, visit["case_id"], action="accept")
    assert refused.status_code == 409
    assert "Điều 11 khoản 7" in refused.get_json()["detail"]
    case = client.get(f"/api/v1/cases/{visit['case_id']}", headers=CLERK).get_json()
    assert case["filing_late"] is True
    assert [c["id"] for c in client.get("/api/v1/cases?filing_late=true", headers=CLERK).get_json()["items"]] == [
        visit["case_id"]
    ]
    assert case["status"] == "received"
    assert events_of(intake_runtime, "intake.case.opened")[0]["filing_late"] is True
    guided = act(client, visit["case_id"], action="guide", reason="Hết thời hiệu khiếu nại, hướng dẫn công dân")
    assert guided.get_json()["status"] == "guided"


def test_an_obstacle_extends_the_limit_with_its_reason(client):
    obstacle = {"from": "2025-12-01", "to": "2026-01-10", "reason": "Điều trị tại bệnh viện tỉnh"}
    body = petition_body(known_on="2025-10-01", filing_obstacle=obstacle)
    petition = created(client.post("/api/v1/petitions", json=body, headers=CLERK))
    assert petition["filing"]["late"] is False
    assert petition["filing"]["obstacle"] == {**obstacle, "days": 41}
    assert petition["filing"]["file_by"]["date"] == "2026-02-09"  # 30/12/2025 + 41 days
    assert act(client, petition["case_id"], action="accept").status_code == 200


def test_filing_facts_are_422_with_their_field(client):
    late_knowledge = client.post("/api/v1/petitions", json=petition_body(known_on="2026-02-01"), headers=CLERK)
    assert late_knowledge.status_code == 422
    assert "known_on" in late_knowledge.get_json()["errors"]
    no_start = petition_body(filing_obstacle={"from": "2025-12-01", "to": "2025-12-05", "reason": "Lũ lụt"})
    assert "filing_obstacle" in client.post("/api/v1/petitions", json=no_start, headers=CLERK).get_json()["errors"]
    no_reason = petition_body(known_on="2025-10-01", filing_obstacle={"from": "2025-12-01", "to": "2025-12-05"})
    assert client.post("/api/v1/petitions", json=no_reason, headers=CLERK).status_code == 422
    not_a_complaint = petition_body(kind="feedback", voter_list=True)
    assert "voter_list" in client.post("/api/v1/petitions", json=not_a_complaint, headers=CLERK).get_json()["errors"]


def test_a_second_complaint_has_30_days_from_the_first_decision(client):
    body = petition_body(complaint_round=2, known_on="2025-12-15")
    petition = created(client.post("/api/v1/petitions", json=body, headers=CLERK))
    assert petition["filing"]["file_by"]["rule_code"] == "complaint_second_filing"
    assert petition["filing"]["file_by"]["date"] == "2026-01-14"
    assert petition["filing"]["late"] is True  # received 16/01


def test_a_voter_list_complaint_is_answered_within_5_days(client, intake_runtime):
    body = petition_body(
        field="election", subject="Thiếu tên trong danh sách cử tri", voter_list=True, known_on="2026-01-05"
    )
    petition = created(client.post("/api/v1/petitions", json=body, headers=CLERK))
    assert petition["filing"]["file_by"]["rule_code"] == "voter_list_filing"
    assert petition["filing"]["late"] is False
    assert set(petition["deadlines"]) == {"voter_list_answer_by"}
    assert petition["deadlines"]["voter_list_answer_by"]["date"] == "2026-01-21"  # 16/01 + 5 days
    case = client.get(f"/api/v1/cases/{petition['case_id']}", headers=CLERK).get_json()
    assert case["voter_list"] is True
    assert events_of(intake_runtime, "intake.case.opened")[0]["voter_list"] is True


def test_matters_about_candidates_in_the_cut_off_are_held_and_forwarded_after_the_election(
    client, intake_runtime, clock
):
    clock.now = datetime(2026, 3, 6, 3, 0, tzinfo=UTC)
    visit = created(
        client.post(
            "/api/v1/visits", json=visit_body(received_at="2026-03-06T09:00:00+07:00", **CANDIDATE), headers=CLERK
        )
    )
    assert visit["election_hold"]["cutoff_from"] == "2026-03-05"
    assert visit["election_hold"]["forward_after"] == "2026-03-16"
    (held,) = events_of(intake_runtime, "intake.case.held")
    assert held["case_id"] == visit["case_id"]
    assert (held["reason"], held["election_day"], held["forward_after"]) == (
        "election_cutoff",
        "2026-03-15",
        "2026-03-16",
    )
    assert "Điều 61" in held["basis"]
    assert events_of(intake_runtime, "intake.case.opened")[0]["election_hold"] is True
    early = act(client, visit["case_id"], action="transfer", to_agency="Ủy ban bầu cử thành phố")
    assert early.status_code == 409
    assert "16/03/2026" in early.get_json()["detail"]
    clock.now = datetime(2026, 3, 16, 3, 0, tzinfo=UTC)
    forwarded = act(client, visit["case_id"], action="transfer", to_agency="Ủy ban bầu cử thành phố")
    assert forwarded.get_json()["status"] == "transferred"
    assert forwarded.get_json()["election_hold"]["election_day"] == "2026-03-15"
    listed = client.get("/api/v1/cases?election_hold=true", headers=LEADER).get_json()["items"]
    assert [c["id"] for c in listed] == [visit["case_id"]]
    assert client.get("/api/v1/cases?election_hold=false", headers=LEADER).get_json()["items"] == []


def test_a_matter_about_a_candidate_before_the_cut_off_is_not_held(client, intake_runtime, clock):
    clock.now = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)
    body = visit_body(received_at="2026-03-04T09:00:00+07:00", **CANDIDATE)
    visit = created(client.post("/api/v1/visits", json=body, headers=CLERK))
    assert visit["election_hold"] is None
    assert events_of(intake_runtime, "intake.case.held") == []


def test_the_election_day_comes_from_the_units_calendar(client, intake_runtime):
    calendar = default_calendar_data()
    calendar["events"].append({"date": "2026-01-25", "name": "Bầu cử bổ sung", "kind": "election_day"})
    note = Envelope("roster.calendar.changed", calendar, "bach-quang", "roster", "c-1")
    assert intake_runtime.processor().process(note.to_json().encode()).outcome.value == "done"
    visit = created(client.post("/api/v1/visits", json=visit_body(**CANDIDATE), headers=CLERK))
    assert (visit["election_hold"]["cutoff_from"], visit["election_hold"]["forward_after"]) == (
        "2026-01-15",
        "2026-01-26",
    )


def test_a_congress_personnel_denunciation_is_concluded_before_the_congress(client, intake_runtime, clock):
    clock.now = datetime(2026, 1, 12, 3, 0, tzinfo=UTC)
    body = petition_body(
        kind="denunciation", field="party", party_related=True, congress_personnel=True, received_on="2026-01-12"
    )
    petition = created(client.post("/api/v1/petitions", json=body, headers=CLERK))
    conclude_by = petition["deadlines"]["conclude_by"]
    assert conclude_by["date"] == "2026-01-16"
    assert "Quy định 22-QĐ/TW" in conclude_by["rule"]
    case = client.get(f"/api/v1/cases/{petition['case_id']}", headers=PARTY).get_json()
    assert case["congress_personnel"] is True
    clock.now = datetime(2026, 1, 17, 3, 0, tzinfo=UTC)
    assert emit_deadline_notices(intake_runtime, intake_runtime.state[CONFIG_KEY]) >= 1
    overdue = [e for e in events_of(intake_runtime, "intake.case.overdue") if e["case_id"] == petition["case_id"]]
    assert [(e["deadline"], e["date"]) for e in overdue] == [("conclude_by", "2026-01-16")]
    not_party = petition_body(kind="denunciation", congress_personnel=True, received_on="2026-01-12")
    assert "congress_personnel" in client.post("/api/v1/petitions", json=not_party, headers=CLERK).get_json()["errors"]


def test_urge_feeds_the_urged_outcome(client, intake_runtime):
    petition = created(client.post("/api/v1/petitions", json=petition_body(), headers=CLERK))
    assert act(client, petition["case_id"], headers=CLERK, action="urge").status_code == 422
    urged = act(client, petition["case_id"], headers=CLERK, action="urge", to_agency="UBND tỉnh", notice_no="09/UBND")
    assert urged.status_code == 200, urged.get_data(as_text=True)
    assert (urged.get_json()["status"], urged.get_json()["outcome"]) == ("filed", "urged")
    (changed,) = events_of(intake_runtime, "intake.case.changed")
    assert (changed["action"], changed["competent"], changed["status"]) == ("urge", False, "filed")


def test_a_false_name_stops_the_denunciation(client, intake_runtime):
    body = petition_body(kind="denunciation", citizens=[{"full_name": "Nguyễn Văn A", "address": "Tổ 3"}])
    petition = created(client.post("/api/v1/petitions", json=body, headers=CLERK))
    reason = "Ông Nguyễn Văn A xác nhận bằng văn bản không viết đơn"
    flagged = act(client, petition["case_id"], action="flag_false_name", reason=reason).get_json()
    assert (flagged["status"], flagged["processable"], flagged["false_name"]) == ("filed", False, True)
    assert flagged["false_name_reason"] == reason
    assert act(client, petition["case_id"], action="accept").status_code == 409
    assert events_of(intake_runtime, "intake.case.changed")[0]["false_name"] is True
    redacted = client.get(f"/api/v1/cases/{petition['case_id']}", headers=CLERK).get_json()
    assert (redacted["false_name"], redacted["false_name_reason"]) == (True, "[đã ẩn]")
    listed = client.get("/api/v1/cases?kind=denunciation", headers=CLERK).get_json()["items"]
    assert [c["false_name_reason"] for c in listed] == ["[đã ẩn]"]


def test_some_of_a_group_withdraw_and_the_rest_goes_on(client, intake_runtime):
    visit = created(client.post("/api/v1/visits", json=visit_body(headcount=6, citizens=GROUP), headers=CLERK))
    act(client, visit["case_id"], action="accept")
    partial = act(client, visit["case_id"], action="withdraw", persons=2, reason="2 người có đơn rút khiếu nại")
    body = partial.get_json()
    assert (body["status"], body["complainants"], body["withdrawn_persons"]) == ("accepted", 6, 2)
    assert body["history"][-1]["details"] == {"partial": True, "persons": 2, "remaining": 4}
    assert body["resolve_by"] is not None
    assert events_of(intake_runtime, "intake.case.changed")[-1]["withdrawn_persons"] == 2
    assert act(client, visit["case_id"], action="withdraw").get_json()["status"] == "withdrawn"


@pytest.mark.postgres
def test_the_legal_rules_on_postgresql(pg_runtime, clock):
    client = create_service_app(pg_runtime).test_client()
    late = created(
        client.post(
            "/api/v1/visits", json=visit_body(known_on="2025-10-01", headcount=6, citizens=GROUP), headers=CLERK
        )
    )
    assert act(client, late["case_id"], action="accept").status_code == 409
    assert act(client, late["case_id"], action="withdraw", persons=1).get_json()["withdrawn_persons"] == 1
    again = created(
        client.post(
            "/api/v1/visits", json=visit_body(known_on="2025-10-01", headcount=6, citizens=GROUP), headers=CLERK
        )
    )
    assert again["case_id"] == late["case_id"]
    case = client.get(f"/api/v1/cases/{late['case_id']}", headers=CLERK).get_json()
    assert (case["filing_late"], case["filing"]["file_by"]["date"], case["complainants"]) == (True, "2025-12-30", 6)
    clock.now = datetime(2026, 3, 6, 3, 0, tzinfo=UTC)
    held = created(
        client.post("/api/v1/petitions", json=petition_body(received_on="2026-03-06", **CANDIDATE), headers=CLERK)
    )
    case = client.get(f"/api/v1/cases/{held['case_id']}", headers=LEADER).get_json()
    assert case["election_hold"]["forward_after"] == "2026-03-16"
    assert act(client, held["case_id"], action="accept").status_code == 409
    urged = act(client, held["case_id"], action="flag_false_name", reason="Mạo danh")
    assert urged.get_json()["false_name"] is True
