"""The register (Mẫu 03) for a period matches the visits posted, in the form's column order, as JSON, CSV, XLSX."""

import csv
import io

from intake_testkit import CLERK, LEADER, visit_body
from openpyxl import load_workbook

from tiepdan.intake.domain.register import REGISTER_COLUMNS

HEADINGS = [heading for _, heading in REGISTER_COLUMNS]

VISITS = [
    visit_body(
        received_at="2026-01-15T08:00:00+07:00",
        subject="Đường ngõ 5 ngập nước",
        field="environment",
        kind="recommendation",
        citizens=[{"full_name": "Ngô Văn Tư", "address": "Tổ 1"}],
    ),
    visit_body(
        received_at="2026-01-16T14:00:00+07:00",
        headcount=9,
        handled_by="UBND phường (2025)",
        citizens=[
            {"full_name": "Trần Văn Bình", "id_number": "019085001234", "address": "Tổ 5"},
            {"full_name": "Lý Thị Năm", "id_number": "123456789", "address": "Tổ 5"},
        ],
    ),
    visit_body(received_at="2026-01-19T08:30:00+07:00", notes="Mang theo hồ sơ gốc"),
    visit_body(received_at="2026-01-12T09:00:00+07:00", subject="Ngoài kỳ", citizens=[{"full_name": "Vũ Văn Sáu"}]),
]


def post_all(client):
    return [client.post("/api/v1/visits", json=v, headers=CLERK).get_json() for v in VISITS]


def test_json_register_matches_the_visits_posted(client):
    created = post_all(client)
    client.post(f"/api/v1/cases/{created[1]['case_id']}/actions", json={"action": "accept"}, headers=LEADER)
    register = client.get("/api/v1/register?from=2026-01-15&to=2026-01-19", headers=CLERK).get_json()
    assert [c["key"] for c in register["columns"]] == [key for key, _ in REGISTER_COLUMNS]
    rows = register["rows"]
    assert [r["visit_id"] for r in rows] == [created[0]["id"], created[1]["id"], created[2]["id"]]
    assert [r["no"] for r in rows] == [1, 2, 3]
    assert [r["date"] for r in rows] == ["2026-01-15", "2026-01-16", "2026-01-19"]
    assert rows[0]["name_address"] == "Ngô Văn Tư – Tổ 1"
    assert rows[0]["classification"] == "Kiến nghị; 1 người"
    assert rows[1]["name_address"] == "Trần Văn Bình – Tổ 5; Lý Thị Năm – Tổ 5"
    assert rows[1]["id_number"] == "019085001234; 123456789"
    assert rows[1]["classification"] == "Khiếu nại; đoàn đông người 9 người"
    assert rows[1]["handled_by"] == "UBND phường (2025)"
    assert rows[1]["outcome"] == "Thụ lý giải quyết"
    assert rows[1]["follow_up"].startswith("Đang giải quyết, hạn ")
    # the third visit is the same person on the same matter as the second: a repeat
    assert rows[2]["case_id"] == created[1]["case_id"]
    assert rows[2]["notes"] == "Vụ việc đã đến nhiều lần; Mang theo hồ sơ gốc"
    assert rows[0]["content"] == "Đường ngõ 5 ngập nước: Đề nghị xem xét lại giá bồi thường đất"


def test_csv_register_has_the_form_headings_and_the_same_rows(client):
    post_all(client)
    json_rows = client.get("/api/v1/register?from=2026-01-15&to=2026-01-19", headers=CLERK).get_json()["rows"]
    response = client.get("/api/v1/register?from=2026-01-15&to=2026-01-19&format=csv", headers=CLERK)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == HEADINGS
    keys = [key for key, _ in REGISTER_COLUMNS]
    assert table[1:] == [[str(row[key]) for key in keys] for row in json_rows]


def test_xlsx_register_has_the_form_headings_and_the_same_rows(client):
    post_all(client)
    json_rows = client.get("/api/v1/register?from=2026-01-15&to=2026-01-19", headers=CLERK).get_json()["rows"]
    response = client.get("/api/v1/register?from=2026-01-15&to=2026-01-19&format=xlsx", headers=CLERK)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "SỔ TIẾP CÔNG DÂN"
    assert values[3] == HEADINGS
    keys = [key for key, _ in REGISTER_COLUMNS]
    expected = [[row[key] if row[key] != "" else None for key in keys] for row in json_rows]
    assert values[4:] == expected


def test_xlsx_register_drops_control_characters_a_cell_cannot_hold(client):
    body = visit_body(subject="Ngõ\u00025 ngập", citizens=[{"full_name": "Ngô\u001bVăn Tư", "representative": True}])
    assert client.post("/api/v1/visits", json=body, headers=CLERK).status_code == 201
    response = client.get("/api/v1/register?from=2026-01-19&to=2026-01-19&format=xlsx", headers=CLERK)
    assert response.status_code == 200
    cells = {
        cell
        for row in load_workbook(io.BytesIO(response.get_data())).active.iter_rows(values_only=True)
        for cell in row
    }
    assert any("Ngõ5 ngập" in str(cell) for cell in cells)


def test_register_defaults_to_today_and_validates_its_period(client):
    post_all(client)
    today = client.get("/api/v1/register", headers=CLERK).get_json()
    assert (today["from"], today["to"], len(today["rows"])) == ("2026-01-19", "2026-01-19", 1)
    assert client.get("/api/v1/register?from=2026-01-19&to=2026-01-01", headers=CLERK).status_code == 422
    assert client.get("/api/v1/register?format=docx", headers=CLERK).status_code == 422
    assert client.get("/api/v1/register?from=19/01/2026", headers=CLERK).status_code == 422


def test_register_dates_are_the_wards_days(client):
    client.post("/api/v1/visits", json=visit_body(received_at="2026-01-18T23:30:00Z"), headers=CLERK)  # 06:30 on 19/1
    rows = client.get("/api/v1/register?from=2026-01-19&to=2026-01-19", headers=CLERK).get_json()["rows"]
    assert [r["date"] for r in rows] == ["2026-01-19"]
