"""POST/GET /api/v1/visits: validation, linking, deadlines, idempotency, Vietnamese round trip."""

import pytest
from intake_testkit import CLERK, LEADER, outbox, visit_body

from tiepdan.intake.api.schemas import VisitCreated


def post(client, headers=CLERK, **overrides):
    return client.post("/api/v1/visits", json=visit_body(**overrides), headers=headers)


def problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


def test_visit_is_registered_with_reply_due_and_a_new_case(client):
    response = post(client)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["case_is_new"] is True
    assert body["repeat"] is False
    assert body["is_group"] is False
    assert body["headcount"] == 1
    # Mon 19/1 + 10 working days = Mon 2/2
    assert body["reply_due"] == "2026-02-02"
    assert body["reply_due_rule"]["day_type"] == "working"
    assert "Điều 28" in body["reply_due_rule"]["rule"]


@pytest.mark.parametrize(
    "overrides",
    [{}, {"refusal": {"reason_code": "already_resolved", "notice_no": "07/TB-UBND"}}, {"host_name": None}],
)
def test_the_answer_is_exactly_its_documented_schema(client, overrides):
    """Every field VisitCreated documents is in the answer, and nothing else."""
    created = post(client, **overrides)
    assert created.status_code == 201, created.get_data(as_text=True)
    documented = {field.data_key or name for name, field in VisitCreated().fields.items()}
    assert set(created.get_json()) == documented


def test_vietnamese_text_round_trips_byte_for_byte(client):
    subject = "Dự án khu dân cư số 3 — ngõ 12/4, đường Hoàng Văn Thụ (Ưu tiên)"
    summary = "Đề nghị xem xét lại giá bồi thường đất; hộ ông Nguyễn Văn Ấn, bà Lương Thị Ửng"
    created = post(client, subject=subject, summary=summary).get_json()
    case = client.get(f"/api/v1/cases/{created['case_id']}", headers=CLERK).get_json()
    assert case["subject"] == subject
    assert case["visits"][0]["summary"] == summary
    assert case["visits"][0]["citizens"][0]["full_name"] == "Trần Văn Bình"
    assert case["visits"][0]["citizens"][0]["address"] == "Tổ 5, phường Bách Quang"


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        ("2026-02-12T09:00:00+07:00", "2026-03-05"),  # Thursday before Tết: reply due across the holiday
        ("2026-01-05T09:00:00+07:00", "2026-01-16"),  # the make-up Saturday 10/1 counts as a working day
    ],
)
def test_reply_due_follows_the_working_calendar(client, clock, received_at, due):
    from datetime import UTC, datetime

    clock.now = datetime(2026, 2, 27, tzinfo=UTC)
    body = post(client, received_at=received_at).get_json()
    assert body["reply_due"] == due


def test_ward_day_boundary_is_hanoi_time(client):
    # 23:30 UTC on 18/1 is 06:30 on 19/1 in Hà Nội
    created = post(client, received_at="2026-01-18T23:30:00Z").get_json()
    visits = client.get("/api/v1/visits?from=2026-01-19&to=2026-01-19", headers=CLERK).get_json()["items"]
    assert [v["id"] for v in visits] == [created["id"]]


def test_group_with_representatives(client):
    citizens = [visit_body()["citizens"][0], {"full_name": "Lê Văn Cường", "id_number": "123456789"}]
    body = post(client, headcount=7, citizens=citizens).get_json()
    assert body["is_group"] is True
    case = client.get(f"/api/v1/cases/{body['case_id']}", headers=CLERK).get_json()
    assert all(c["representative"] for c in case["visits"][0]["citizens"])


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"headcount": 0}, "headcount", "từ 1"),
        (
            {"headcount": 1, "citizens": [{"full_name": "A"}, {"full_name": "B"}]},
            "headcount",
            "nhỏ hơn số công dân",
        ),
        ({"headcount": 6, "citizens": [{"full_name": n} for n in "ABC"]}, "citizens", "tối đa 2"),
        ({"headcount": 12, "citizens": [{"full_name": n} for n in "ABCDEF"]}, "citizens", "tối đa 5"),
        ({"headcount": 8, "citizens": []}, "citizens", "người đại diện"),
        ({"citizens": []}, "citizens", "ít nhất một công dân"),
        ({"citizens": [{"full_name": "A", "id_number": "097085001234"}]}, "citizens.0.id_number", "'097'"),
        ({"citizens": [{"full_name": "A", "id_number": "01908500123"}]}, "citizens.0.id_number", "11 chữ số"),
        ({"citizens": [{"full_name": "A", "id_number": "B1234567"}]}, "citizens.0.id_number", "passport"),
        ({"citizens": [{"full_name": "A", "phone": "12345"}]}, "citizens.0.phone", "Số điện thoại"),
        ({"citizens": [{"full_name": ""}]}, "citizens.0.full_name", "Độ dài"),
        ({"citizens": [{"full_name": "A", "id_type": "visa", "id_number": "1"}]}, "citizens.0.id_type", "id_type"),
        ({"kind": "complain"}, "kind", "complaint"),
        ({"field": "roads"}, "field", "land"),
        ({"reception": "weekly"}, "reception", "regular"),
        ({"subject": ""}, "subject", "Độ dài"),
        ({"area": ""}, "area", "Độ dài"),
        ({"subject": "x" * 301}, "subject", "300"),
        ({"summary": "x" * 5001}, "summary", "5000"),
        ({"received_at": "2026-01-20T08:30:00+07:00"}, "received_at", "tương lai"),
        ({"received_at": "2026-01-19T08:30:00"}, "received_at", "múi giờ"),
        ({"complaint_round": 3}, "complaint_round", "1 hoặc 2"),
        ({"case_id": "no-such-case"}, "case_id", "Không tìm thấy"),
        ({"refusal": {"reason_code": "already_resolved"}}, "refusal.notice_no", "số thông báo"),
        ({"refusal": {"reason_code": "bored"}}, "refusal.reason_code", "intoxicated"),
        ({"colour": "red"}, "colour", ""),
        ({"host_name": "x" * 201}, "host_name", "200"),
        ({"handled_by": "x" * 301}, "handled_by", "300"),
        ({"notes": "x" * 2001}, "notes", "2000"),
        ({"paper_file_ref": "x" * 101}, "paper_file_ref", "100"),
        ({"area": "x" * 201}, "area", "200"),
        ({"citizens": [{"full_name": "A", "address": "x" * 301}]}, "citizens.0.address", "300"),
        ({"citizens": [{"full_name": "x" * 201}]}, "citizens.0.full_name", "200"),
        ({"headcount": "seven"}, "headcount", ""),
        ({"party_related": "maybe"}, "party_related", ""),
    ],
)
def test_invalid_visits_are_422_naming_the_field(client, overrides, field, words):
    body = problem(post(client, **overrides), 422)
    assert field in body["errors"], body["errors"]
    assert words in " ".join(body["errors"][field])


def test_passport_with_id_type_is_accepted(client):
    citizens = [{"full_name": "John Smith", "id_number": "B1234567", "id_type": "passport"}]
    assert post(client, citizens=citizens).status_code == 201


def test_old_nine_digit_id_is_accepted(client):
    assert post(client, citizens=[{"full_name": "Đỗ Văn Mười", "id_number": "123456789"}]).status_code == 201


def test_repeat_visit_links_to_the_same_case_by_id_number_field_and_folded_subject(client, intake_runtime):
    first = post(client).get_json()
    again = post(client, subject="  DU AN khu dân cư   SỐ 3 ", received_at="2026-01-19T09:30:00+07:00").get_json()
    assert again["case_id"] == first["case_id"]
    assert again["repeat"] is True
    assert again["case_is_new"] is False
    other_field = post(client, field="housing").get_json()
    assert other_field["case_id"] != first["case_id"]
    other_person = post(client, citizens=[{"full_name": "Khác", "id_number": "001190000001"}]).get_json()
    assert other_person["case_id"] != first["case_id"]
    registered = [e["data"] for e in outbox(intake_runtime) if e["type"] == "intake.visit.registered"]
    assert registered[1]["case_visit_count"] == 2
    assert registered[1]["case_first_visit_at"] == registered[0]["received_at"]
    assert registered[1]["repeat"] is True


def test_explicit_case_id_wins(client):
    first = post(client).get_json()
    other = post(
        client,
        case_id=first["case_id"],
        subject="Chủ đề khác hẳn",
        citizens=[{"full_name": "Người khác", "id_number": "001190000001"}],
    ).get_json()
    assert other["case_id"] == first["case_id"]
    assert other["repeat"] is True


def test_visit_after_resolution_links_and_reports_the_previous_status(client, intake_runtime):
    first = post(client).get_json()
    case_id = first["case_id"]
    client.post(f"/api/v1/cases/{case_id}/actions", json={"action": "accept"}, headers=LEADER)
    client.post(
        f"/api/v1/cases/{case_id}/actions", json={"action": "resolve", "decision_no": "15/QĐ-UBND"}, headers=LEADER
    )
    again = post(client, received_at="2026-01-19T10:00:00+07:00").get_json()
    assert again["case_id"] == case_id
    last = [e for e in outbox(intake_runtime) if e["type"] == "intake.visit.registered"][-1]
    assert last["data"]["case_status"] == "resolved"


def test_refused_reception_is_recorded_with_reason_and_notice(client):
    created = post(client, refusal={"reason_code": "already_resolved", "notice_no": "07/TB-UBND"}).get_json()
    assert created["refusal"] == {"reason_code": "already_resolved", "notice_no": "07/TB-UBND"}
    assert created["reply_due"] is None
    case = client.get(f"/api/v1/cases/{created['case_id']}", headers=CLERK).get_json()
    assert case["status"] == "filed"
    assert case["refusal"]["notice_no"] == "07/TB-UBND"
    assert case["visits"][0]["refusal"]["reason_code"] == "already_resolved"


def test_idempotency_key_replays_and_refuses_a_different_body(client):
    headers = {**CLERK, "Idempotency-Key": "visit-001"}
    first = client.post("/api/v1/visits", json=visit_body(), headers=headers)
    again = client.post("/api/v1/visits", json=visit_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    items = client.get("/api/v1/visits", headers=CLERK).get_json()["items"]
    assert len(items) == 1
    problem(client.post("/api/v1/visits", json=visit_body(headcount=2), headers=headers), 409)


def test_list_filters_and_cursor_pagination(client):
    for hour in range(5):
        post(client, received_at=f"2026-01-19T0{hour + 1}:00:00+07:00", reception="regular" if hour else "periodic")
    page = client.get("/api/v1/visits?limit=2", headers=CLERK).get_json()
    assert len(page["items"]) == 2
    seen = [v["id"] for v in page["items"]]
    while page["next_cursor"]:
        page = client.get(f"/api/v1/visits?limit=2&cursor={page['next_cursor']}", headers=CLERK).get_json()
        seen += [v["id"] for v in page["items"]]
    assert len(seen) == len(set(seen)) == 5
    periodic = client.get("/api/v1/visits?reception=periodic", headers=CLERK).get_json()["items"]
    assert len(periodic) == 1
    assert problem(client.get("/api/v1/visits?limit=501", headers=CLERK), 422)["errors"]["limit"]
    assert problem(client.get("/api/v1/visits?cursor=%%%", headers=CLERK), 422)["errors"]["cursor"]


def test_received_at_defaults_to_now(client, clock):
    created = post(client, received_at=None).get_json()
    assert created["received_at"] == "2026-01-19T10:00:00+07:00"
