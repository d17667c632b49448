"""POST/GET /api/v1/petitions: eligibility, anonymous denunciations, signers, processing deadline, linking."""

from intake_testkit import CLERK, outbox, petition_body, visit_body


def post(client, **overrides):
    return client.post("/api/v1/petitions", json=petition_body(**overrides), headers=CLERK)


def test_petition_is_received_with_processing_deadline(client, intake_runtime):
    response = post(client)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["eligible"] is True
    assert body["processable"] is True
    assert body["signers"] == 1
    # complaint: acceptance within 10 days of receipt (16/1 → 26/1, a Monday)
    assert body["process_by"] == "2026-01-26"
    assert body["process_by_rule"]["rule_code"] == "complaint_acceptance"
    event = next(e for e in outbox(intake_runtime) if e["type"] == "intake.petition.received")
    assert event["data"]["signers"] == 1
    assert event["data"]["headcount"] == 1
    assert event["data"]["received_on"] == "2026-01-16"


def test_recommendation_processing_is_ten_calendar_days_moved_past_tet(client, clock):
    from datetime import UTC, datetime

    clock.now = datetime(2026, 2, 11, tzinfo=UTC)
    body = post(client, kind="recommendation", received_on="2026-02-10").get_json()
    assert body["process_by"] == "2026-02-23"
    assert body["process_by_rule"]["other_day_type_date"] == "2026-03-03"


def test_many_signers_make_one_case(client):
    body = post(client, signers=120).get_json()
    assert body["signers"] == 120
    assert body["case_is_new"] is True


def test_anonymous_denunciation_is_accepted_and_marked_not_processable(client):
    response = post(client, kind="denunciation", citizens=[])
    assert response.status_code == 201
    body = response.get_json()
    assert body["eligible"] is False
    assert body["processable"] is False
    assert any("nặc danh" in reason for reason in body["ineligible_reasons"])
    accept = client.post(f"/api/v1/cases/{body['case_id']}/actions", json={"action": "accept"}, headers=CLERK)
    assert accept.status_code == 409


def test_denunciation_initial_processing_in_working_days(client):
    body = post(client, kind="denunciation", received_on="2026-01-05").get_json()
    assert body["process_by_rule"]["day_type"] == "working"
    assert body["process_by"] == "2026-01-13"  # 7 working days with Saturday 10/1 worked
    several = post(client, kind="denunciation", received_on="2026-01-05", several_places=True, subject="B").get_json()
    assert several["process_by"] == "2026-01-16"


def test_petition_after_a_visit_by_the_same_person_links_to_its_case(client):
    visit = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()
    person = visit_body()["citizens"][0]
    body = post(
        client,
        citizens=[{"full_name": person["full_name"], "id_number": person["id_number"]}],
        field="land",
        subject="dự án khu dân cư số 3",
    ).get_json()
    assert body["case_id"] == visit["case_id"]
    assert body["repeat"] is True


def test_petition_validation(client):
    cases = [
        ({"channel": "fax"}, "channel"),
        ({"received_on": "2026-01-20"}, "received_on"),
        ({"signers": 0}, "signers"),
        ({"channel": "transferred"}, "sender_agency"),
        ({"citizens": [{"full_name": "A", "id_number": "000123456789"}]}, "citizens.0.id_number"),
    ]
    for overrides, field in cases:
        response = post(client, **overrides)
        assert response.status_code == 422, overrides
        assert field in response.get_json()["errors"], (overrides, response.get_json())


def test_transferred_petition_keeps_sender(client):
    body = post(client, channel="transferred", sender_agency="Thanh tra tỉnh").get_json()
    items = client.get("/api/v1/petitions?channel=transferred", headers=CLERK).get_json()["items"]
    assert [p["id"] for p in items] == [body["id"]]
    assert items[0]["sender_agency"] == "Thanh tra tỉnh"


def test_unsigned_petition_is_not_eligible(client):
    body = post(client, signed=False, dated=False).get_json()
    assert body["eligible"] is False
    assert len(body["ineligible_reasons"]) == 2
    assert client.get("/api/v1/petitions?eligible=false", headers=CLERK).get_json()["items"][0]["id"] == body["id"]
