"""Units' full names: the shipped default, an administrator's change, and the forms printing them."""

import io
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app
from tiepdan.reports.app import SERVICE
from tiepdan.reports.config import ReportSettings

ADMIN = bearer("admin", unit="bach-quang")
CLERK = bearer("clerk", unit="bach-quang")
Q1 = {"kind": "quarter", "year": 2026, "n": 1}


@pytest.fixture
def client(make_runtime: Callable[..., Runtime], db_url: str) -> FlaskClient:
    runtime = make_runtime(SERVICE, db_url)
    runtime.state["reports"] = ReportSettings()
    return create_service_app(runtime).test_client()


def test_an_administrator_renames_a_unit_and_new_forms_print_it(client: FlaskClient) -> None:
    listed = client.get("/api/v1/units", headers=CLERK)
    assert listed.status_code == 200
    assert {"code": "bach-quang", "name": "UBND phường Bách Quang"} in listed.json["items"]
    before = client.post("/api/v1/reports", json={"template": "02/XLD", "period": Q1}, headers=CLERK).json

    renamed = client.put("/api/v1/units/bach-quang", json={"name": "Ủy ban nhân dân phường Bách Quang"}, headers=ADMIN)
    assert renamed.status_code == 200, renamed.json
    again = client.put("/api/v1/units/tran-phu", json={"name": "UBND phường Trần Phú"}, headers=ADMIN)
    assert again.status_code == 200
    names = {item["code"]: item["name"] for item in client.get("/api/v1/units", headers=CLERK).json["items"]}
    assert names == {"bach-quang": "Ủy ban nhân dân phường Bách Quang", "tran-phu": "UBND phường Trần Phú"}

    after = client.post("/api/v1/reports", json={"template": "02/XLD", "period": Q1}, headers=CLERK).json
    old_sheet = load_workbook(io.BytesIO(client.get(before["files"]["xlsx"], headers=CLERK).data)).active
    new_sheet = load_workbook(io.BytesIO(client.get(after["files"]["xlsx"], headers=CLERK).data)).active
    assert old_sheet["A1"].value == "UBND PHƯỜNG BÁCH QUANG"  # a snapshot never changes
    assert new_sheet["A1"].value == "ỦY BAN NHÂN DÂN PHƯỜNG BÁCH QUANG"
    units_column = {cell.value for cell in new_sheet["A"]}
    assert "Ủy ban nhân dân phường Bách Quang" in units_column


@pytest.mark.parametrize("role", ["police", "front", "scheduler"])
def test_every_role_reads_the_names_but_no_other_report(client: FlaskClient, role: str) -> None:
    """The console reads them for every page's header with its own police-role token (no right in reports)."""
    headers = bearer(role, unit="bach-quang")
    listed = client.get("/api/v1/units", headers=headers)
    assert listed.status_code == 200
    assert {"code": "bach-quang", "name": "UBND phường Bách Quang"} in listed.json["items"]
    assert client.get("/api/v1/reports", headers=headers).status_code == 403
    assert client.put("/api/v1/units/bach-quang", json={"name": "Tên khác"}, headers=headers).status_code == 403


@pytest.mark.parametrize("headers", [CLERK, bearer("leader", unit="bach-quang")])
def test_only_an_administrator_renames(client: FlaskClient, headers: dict[str, str]) -> None:
    answer = client.put("/api/v1/units/bach-quang", json={"name": "Tên khác"}, headers=headers)
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("code", "body", "field"),
    [
        ("bach-quang", {"name": "x"}, "name"),
        ("bach-quang", {}, "name"),
        ("Bach Quang", {"name": "UBND"}, "code"),
        ("x" * 65, {"name": "UBND"}, "code"),
        ("bach-quang", {"name": "  UBND  "}, "name"),
    ],
)
def test_bad_names_and_codes_are_422_naming_the_field(client: FlaskClient, code: str, body: dict, field: str) -> None:
    answer = client.put(f"/api/v1/units/{code}", json=body, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.content_type.startswith("application/problem+json")
    assert field in str(answer.json["errors"])
