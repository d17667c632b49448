"""The reception desk registers visits and petitions through intake's API, as a clerk's browser would."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import LiveServer
from console_support import add_account, clear_rate_limits, csrf_from, fresh_unit, sign_in
from flask.testing import FlaskClient

from tiepdan.console.app import SERVICE
from tiepdan.intake.app import SERVICE as INTAKE

KEY = re.compile(r'name="idempotency_key"[^>]*value="([^"]+)"')


@pytest.fixture(scope="module")
def desk_platform(serve_module_platform: Callable[..., LiveServer]) -> LiveServer:
    return serve_module_platform(INTAKE, SERVICE)


@pytest.fixture
def desk(desk_platform: LiveServer) -> tuple[LiveServer, FlaskClient]:
    """The desk of a ward of its own, its clerk signed in."""
    unit = fresh_unit()
    add_account(desk_platform.platform.runtimes["console"], f"lan-{unit}", ("clerk",), unit=unit)
    clear_rate_limits(desk_platform.platform.apps["console"])
    client = desk_platform.platform.apps["console"].test_client()
    sign_in(client, f"lan-{unit}")
    return desk_platform, client


def _form(client: FlaskClient, path: str = "/desk") -> dict[str, str]:
    page = client.get(path)
    assert page.status_code == 200
    key = KEY.search(page.get_data(as_text=True))
    assert key
    return {"csrf_token": csrf_from(page), "idempotency_key": key.group(1)}


def _visit(**overrides: str) -> dict[str, str]:
    data = {
        "reception": "regular",
        "kind": "complaint",
        "field": "land",
        "subject": "Tranh chấp ranh giới thửa đất",
        "area": "Tổ 5",
        "summary": "Công dân trình bày việc lấn chiếm.",
        "citizens-0-full_name": "Nguyễn Văn Bình",
        "citizens-0-phone": "0912345678",
        "citizens-0-representative": "y",
    }
    return {**data, **overrides}


def test_a_visit_registered_through_the_form_shows_the_answer_and_lists_it(desk) -> None:
    _served, client = desk
    sent = client.post("/desk", data={**_form(client), **_visit()})
    assert sent.status_code == 302, re.findall(
        r'class="(?:errors|form-errors)"[^>]*>(.*?)</', sent.get_data(as_text=True)
    )
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert 'id="result-case-new">vụ việc mới<' in page
    assert re.search(r'id="result-due">\d\d/\d\d/\d{4}<', page)
    assert "Điều 28" in page  # the reply's legal basis
    assert 'id="result-group">Không (1 người)' in page
    assert "Nguyễn Văn Bình" in page.split('id="day-visits"')[1]
    assert client.get("/desk").get_data(as_text=True).count('id="result"') == 0  # the answer is shown once


def test_a_double_submit_with_the_same_key_registers_once(desk) -> None:
    _served, client = desk
    form = {**_form(client), **_visit()}
    assert client.post("/desk", data=form).status_code == 302
    assert client.post("/desk", data=form).status_code == 302
    page = client.get("/desk").get_data(as_text=True)
    assert page.count('<tr id="day-') == 1


def test_api_errors_stand_next_to_their_fields_and_the_form_keeps_what_was_typed(desk) -> None:
    _served, client = desk
    bad = _visit(**{"citizens-0-phone": "12345", "subject": "", "headcount": "mười"})
    page = client.post("/desk", data={**_form(client), **bad})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert 'id="headcount-errors"' in text
    assert "số nguyên" in text
    assert 'id="kind"' in text
    page = client.post("/desk", data={**_form(client), **_visit(**{"citizens-0-phone": "12345", "subject": ""})})
    text = page.get_data(as_text=True)
    assert re.search(r'id="citizens-0-phone-errors"><li>Số điện thoại', text)
    assert re.search(r'id="subject-errors"><li>Độ dài', text)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="citizens-0-phone"', text)
    assert 'value="Nguyễn Văn Bình"' in text
    assert "Công dân trình bày việc lấn chiếm." in text


def test_a_choice_left_blank_is_named_without_calling_the_api(desk) -> None:
    _served, client = desk
    page = client.post("/desk", data={**_form(client), **_visit(kind="")})
    assert page.status_code == 422
    assert re.search(r'id="kind-errors"><li>Bắt buộc chọn', page.get_data(as_text=True))


def test_add_a_row_shows_one_more_blank_citizen_row_and_keeps_the_rest(desk) -> None:
    _served, client = desk
    page = client.post("/desk", data={**_form(client), **_visit(), "add_citizen": "1"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="citizens-3-full_name"' in text
    assert 'id="citizens-4-full_name"' not in text
    assert 'value="Nguyễn Văn Bình"' in text
    assert 'id="result"' not in text
    assert '<tr id="day-' not in text


def test_a_twelve_person_group_with_three_representatives_is_a_group(desk) -> None:
    _served, client = desk
    rows = {}
    for i, name in enumerate(["Lê Văn A", "Trần Thị B", "Phạm Văn C"]):
        rows |= {f"citizens-{i}-full_name": name, f"citizens-{i}-representative": "y"}
    data = {**_visit(), **rows, "headcount": "12"}
    data.pop("citizens-0-phone")
    sent = client.post("/desk", data={**_form(client), **data})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    page = client.get("/desk").get_data(as_text=True)
    assert 'id="result-group">Có (12 người)' in page


def test_a_denunciations_identity_is_not_shown_back(desk) -> None:
    _served, client = desk
    data = _visit(kind="denunciation", **{"citizens-0-full_name": "Người Tố Cáo Bí Mật", "paper_file_ref": "HS-01"})
    sent = client.post("/desk", data={**_form(client), **data})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    page = client.get("/desk").get_data(as_text=True)
    assert "Người Tố Cáo Bí Mật" not in page
    assert "giữ bí mật" in page


def test_a_petition_registered_through_the_form_shows_its_processing_deadline(desk) -> None:
    _served, client = desk
    data = {
        "channel": "post",
        "kind": "recommendation",
        "field": "environment",
        "subject": "Khói bụi từ xưởng gỗ",
        "area": "Tổ 2",
        "signed": "y",
        "dated": "y",
        "in_vietnamese": "y",
        "citizens-0-full_name": "Hoàng Thị Mai",
        "citizens-0-address": "Tổ 2, phường Bách Quang",
    }
    sent = client.post("/desk/petitions", data={**_form(client, "/desk/petitions"), **data})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    page = client.get("/desk/petitions").get_data(as_text=True)
    assert re.search(r'id="result-due">\d\d/\d\d/\d{4}<', page)
    assert "Căn cứ:" in page
    assert "Hoàng Thị Mai" in page.split('id="day-petitions"')[1]


def test_the_desk_is_the_clerks(desk) -> None:
    served, client = desk
    leader = f"chu.tich-{fresh_unit()}"
    add_account(served.platform.runtimes["console"], leader, ("leader",))
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/"))})
    sign_in(client, leader)
    assert client.get("/desk").status_code == 403
    assert 'id="nav-desk"' not in client.get("/").get_data(as_text=True)


def test_intake_down_keeps_the_form_and_says_so(runtime, make_app) -> None:
    add_account(runtime, "lan", ("clerk",))
    app = make_app(api_url="http://127.0.0.1:9", api_timeout_s=1.0)
    client = app.test_client()
    sign_in(client, "lan")
    page = client.get("/desk")
    assert page.status_code == 200
    assert 'id="day-unavailable"' in page.get_data(as_text=True)
    sent = client.post("/desk", data={**_form(client), **_visit()})
    assert sent.status_code == 422
    text = sent.get_data(as_text=True)
    assert "không kết nối được dịch vụ tiếp nhận" in text
    assert 'value="Nguyễn Văn Bình"' in text


def test_dates_are_typed_day_first_and_a_wrong_one_is_named(desk) -> None:
    _served, client = desk
    wrong = _visit(known_on="31/02/2026", received_at="hôm qua")
    page = client.post("/desk", data={**_form(client), **wrong}).get_data(as_text=True)
    assert re.search(r'id="known_on-errors"><li>Ngày không hợp lệ', page)
    assert re.search(r'id="received_at-errors"><li>Thời điểm không hợp lệ', page)
    sent = client.post("/desk", data={**_form(client), **_visit(known_on="15/11/2026", received_at="01/12/2026 08:30")})
    assert sent.status_code == 302
    listed = client.get("/desk").get_data(as_text=True)
    assert 'id="result-case-new"' in listed
