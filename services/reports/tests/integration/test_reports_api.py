"""The reports API over the projected fixed data set: snapshots, files, province rows, figures, reconciliation."""

import hashlib
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from tiepdan.kit.db import outbox_table
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app

Q1 = {"kind": "quarter", "year": 2026, "n": 1}
CLERK = bearer("clerk", unit="bach-quang")
PROVINCE = bearer("province", units="*")


@pytest.fixture
def client(projected: Runtime) -> FlaskClient:
    return create_service_app(projected).test_client()


def _post(client: FlaskClient, body: dict[str, Any], headers: dict[str, str] = CLERK, **extra: str) -> Any:
    return client.post("/api/v1/reports", json=body, headers={**headers, **extra})


def test_01_tcd_snapshot_of_q1_for_the_ward(client: FlaskClient, projected: Runtime) -> None:
    response = _post(client, {"template": "01/TCD", "period": Q1})
    assert response.status_code == 201, response.json
    report = response.json
    assert report["period"] == {"from": "2025-12-15", "to": "2026-03-14", "kind": "quarter", "year": 2026, "n": 1}
    assert report["cut_off"].startswith("2026-03-14T17:00:00")  # end of 14/03 in the ward, in UTC
    assert report["figures"]["total"] == {"visits": 8, "persons": 35, "cases": 6}
    assert report["figures"]["head"]["sessions"] == 2
    assert "rows" not in report
    assert report["generator"].startswith("tiepdan-reports")
    for fmt in ("csv", "xlsx", "pdf"):
        file = client.get(report["files"][fmt], headers=CLERK)
        assert file.status_code == 200
        assert hashlib.sha256(file.data).hexdigest() == report["sha256"][fmt]
    again = _post(client, {"template": "01/TCD", "period": Q1}).json
    assert again["id"] != report["id"]
    assert again["figures"] == report["figures"]
    with projected.uow() as uow:
        types = uow.session.scalars(select(outbox_table.c.type)).all()
    assert types.count("reports.report.generated") == 2


def test_the_xlsx_and_pdf_carry_the_form(client: FlaskClient, pdf_text: Callable[[bytes], str]) -> None:
    report = _post(client, {"template": "01/TCD", "period": Q1}).json
    sheet = load_workbook(io.BytesIO(client.get(report["files"]["xlsx"], headers=CLERK).data)).active
    texts = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {"TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", "Tiếp thường xuyên", "Thủ trưởng ủy quyền tiếp", "Kỳ tiếp"} <= texts
    assert {"UBND PHƯỜNG BÁCH QUANG", "Người lập biểu", "Thủ trưởng đơn vị"} <= texts
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "UBND phường Bách Quang")
    assert row[1:4] == (8, 35, 6)
    text = pdf_text(client.get(report["files"]["pdf"], headers=CLERK).data)
    assert "bach-quang" not in text
    line = next(line for line in text.splitlines() if line.strip().startswith("UBND phường Bách Quang"))
    figures = [int(value) for value in re.findall(r"\b\d+\b", line.split("Quang", 1)[1])]
    assert figures[:3] == [8, 35, 6]
    assert figures[7] == 1  # Tiếp thường xuyên — Đoàn đông người — Số đoàn


def test_a_province_gets_a_row_per_unit_and_their_sum(client: FlaskClient) -> None:
    report = _post(client, {"template": "01/TCD", "period": Q1}, PROVINCE).json
    assert [row["unit"] for row in report["rows"]] == ["bach-quang", "tran-phu"]
    rows = {row["unit"]: row["figures"] for row in report["rows"]}
    assert rows["tran-phu"]["total"] == {"visits": 1, "persons": 5, "cases": 1}
    for group in ("total", "regular", "head", "delegated"):
        for name, value in report["figures"][group].items():
            assert value == rows["bach-quang"][group][name] + rows["tran-phu"][group][name]
    csv_text = client.get(report["files"]["csv"], headers=PROVINCE).data.decode("utf-8-sig")
    assert csv_text.splitlines()[-1].startswith("Tổng cộng,9,40,7")


def test_a_province_may_ask_for_some_of_its_units_only(client: FlaskClient) -> None:
    listed = bearer("province", units=["bach-quang", "tran-phu", "hai-ba-trung"])
    report = _post(client, {"template": "01/TCD", "period": Q1, "units": ["tran-phu", "hai-ba-trung"]}, listed).json
    assert [row["unit"] for row in report["rows"]] == ["hai-ba-trung", "tran-phu"]
    assert report["figures"]["total"] == {"visits": 1, "persons": 5, "cases": 1}
    refused = _post(client, {"template": "01/TCD", "period": Q1, "units": ["bach-quang", "elsewhere"]}, listed)
    assert refused.status_code == 422
    assert "units" in refused.json["errors"]


def test_02_xld_snapshot_of_q1(client: FlaskClient) -> None:
    report = _post(client, {"template": "02/XLD", "period": Q1}).json
    figures = report["figures"]
    assert figures["petitions"] == {"carried_over": 1, "received": 6, "total": 7, "handled": 6, "not_handled": 1}
    assert figures["eligible"] == {"petitions": 6, "cases": 5}
    assert figures["outcome"]["total"] == 5
    assert figures["deadlines"] == {"met": 2, "missed": 2, "pending": 1, "total": 5}


def test_daily_report_of_congress_days(client: FlaskClient) -> None:
    period = {"from": "2026-01-19", "to": "2026-01-20"}
    report = _post(client, {"template": "daily", "period": period}).json
    days = report["figures"]["days"]
    assert [day["date"] for day in days] == ["2026-01-19", "2026-01-20"]
    # 19/01: b1 (7, a group) and a3 (6, a group) in bach-quang
    assert (days[0]["visits"], days[0]["persons"], days[0]["groups"]) == (2, 13, 2)
    assert days[0]["by_reception"]["periodic"] == {"visits": 1, "persons": 6}
    assert days[1]["visits"] == 0
    # case k4's reply was due 20/01 and met on 10/01; nothing else was due yet
    assert days[1]["overdue_cases"] == 0
    too_long = _post(client, {"template": "daily", "period": {"from": "2026-01-01", "to": "2026-03-01"}})
    assert too_long.status_code == 422


def test_snapshots_are_read_by_their_units_only(client: FlaskClient) -> None:
    report = _post(client, {"template": "01/TCD", "period": Q1}).json
    assert client.get(f"/api/v1/reports/{report['id']}", headers=CLERK).json["figures"] == report["figures"]
    other_ward = bearer("clerk", unit="tran-phu")
    assert client.get(f"/api/v1/reports/{report['id']}", headers=other_ward).status_code == 404
    assert client.get(f"{report['files']['pdf']}", headers=other_ward).status_code == 404
    assert client.get(f"/api/v1/reports/{report['id']}", headers=PROVINCE).status_code == 200
    listed = client.get("/api/v1/reports?template=01/TCD", headers=CLERK).json
    assert [item["id"] for item in listed["items"]] == [report["id"]]
    assert client.get(f"/api/v1/reports/{report['id']}/file.doc", headers=CLERK).status_code == 404


def test_idempotency_key_returns_the_first_snapshot(client: FlaskClient) -> None:
    first = _post(client, {"template": "01/TCD", "period": Q1}, CLERK, **{"Idempotency-Key": "k-1"})
    again = _post(client, {"template": "01/TCD", "period": Q1}, CLERK, **{"Idempotency-Key": "k-1"})
    assert again.json["id"] == first.json["id"]
    other = _post(client, {"template": "02/XLD", "period": Q1}, CLERK, **{"Idempotency-Key": "k-1"})
    assert other.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"template": "03/XYZ", "period": Q1}, "template"),
        ({"template": "01/TCD", "period": {"kind": "quarter", "year": 2026}}, "period.n"),
        ({"template": "01/TCD", "period": {"from": "2026-03-01", "to": "2026-02-01"}}, "period.to"),
        ({"template": "01/TCD", "period": {"from": "2026-03-01"}}, "period.to"),
        ({"template": "01/TCD", "period": {"kind": "month", "year": 2026}}, "period.kind"),
        ({"template": "01/TCD"}, "period"),
    ],
)
def test_invalid_requests_are_422_naming_the_field(client: FlaskClient, body: dict[str, Any], field: str) -> None:
    response = _post(client, body)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in response.json["errors"]


def test_roles_and_tokens(client: FlaskClient) -> None:
    assert client.post("/api/v1/reports", json={"template": "01/TCD", "period": Q1}).status_code == 401
    assert _post(client, {"template": "01/TCD", "period": Q1}, bearer("police")).status_code == 403
    assert client.get("/api/v1/figures?from=2026-01-01&to=2026-01-31", headers=bearer("police")).status_code == 403


def test_live_figures_by_field_and_by_day(client: FlaskClient) -> None:
    by_field = client.get("/api/v1/figures?from=2025-12-15&to=2026-03-14&by=field", headers=CLERK).json
    land = next(item for item in by_field["items"] if item["key"] == "land")
    assert (land["visits"], land["persons"]) == (1, 1)  # a2; a3 is compensation, d1 official conduct
    assert by_field["total"]["visits"] == 8
    by_day = client.get("/api/v1/figures?from=2026-01-18&to=2026-01-20", headers=CLERK).json
    assert [(item["key"], item["visits"], item["petitions"]) for item in by_day["items"]] == [
        ("2026-01-18", 0, 0),
        ("2026-01-19", 2, 0),
        ("2026-01-20", 0, 0),
    ]
    by_unit = client.get("/api/v1/figures?from=2026-01-01&to=2026-01-31&by=unit", headers=PROVINCE).json
    assert [item["key"] for item in by_unit["items"]] == ["bach-quang", "tran-phu"]
    bad = client.get("/api/v1/figures?from=2026-01-01&to=2026-01-31&by=colour", headers=CLERK)
    assert bad.status_code == 422


def test_chart_is_a_png(client: FlaskClient) -> None:
    response = client.get("/api/v1/figures/chart.png?from=2026-01-01&to=2026-03-14", headers=CLERK)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("period", ["from=0001-01-01&to=0001-01-31", "from=9999-12-01&to=9999-12-31"])
def test_chart_of_the_first_or_last_days_a_date_holds(client: FlaskClient, period: str) -> None:
    response = client.get(f"/api/v1/figures/chart.png?{period}", headers=CLERK)
    assert response.status_code == 200
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("unit", ["", "Bach Quang", "bach\u000fquang"])
def test_a_report_for_a_unit_code_out_of_shape_is_refused(client: FlaskClient, unit: str) -> None:
    body = {"template": "daily", "period": {"from": "2026-01-01", "to": "2026-01-02"}, "units": [unit]}
    response = client.post("/api/v1/reports", json=body, headers=PROVINCE)
    assert response.status_code == 422
    assert "units.0" in response.json["errors"]


def test_openapi_documents_every_path(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").json["paths"]
    assert {
        "/api/v1/figures",
        "/api/v1/figures/chart.png",
        "/api/v1/reconciliation",
        "/api/v1/reports",
        "/api/v1/reports/{report_id}",
        "/api/v1/reports/{report_id}/file.{fmt}",
    } <= set(paths)
