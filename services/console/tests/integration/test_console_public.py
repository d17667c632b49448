"""The public pages: /tra-cuu against a lookup served over HTTP, /thong-tin with the real roster API, and the news
a clerk writes and a leader approves, publishes and unpublishes (audited)."""

from __future__ import annotations

import re
import socket
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
import requests
from console_support import add_account, csrf_from, sign_in
from flask import Flask
from flask.testing import FlaskClient
from public_fakes import ANSWER, KNOWN_CODE, fake_intake, publish_roster

from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.console.service import audit
from tiepdan.console.service.unit_of_work import console_work
from tiepdan.roster.app import SERVICE as ROSTER


def _text(page: Any) -> str:
    return re.sub(r"\s+", " ", page.get_data(as_text=True))


@pytest.fixture
def seen() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def intake_url(live_server: Callable[[Any], str], seen: list[dict[str, Any]]) -> str:
    return live_server(fake_intake(seen))


@pytest.fixture
def public(make_app: Callable[..., Flask], intake_url: str) -> FlaskClient:
    return make_app(service_urls={"intake": intake_url}).test_client()


def test_a_citizen_looks_up_a_case_by_receipt_code(public: FlaskClient, seen: list[dict[str, Any]]) -> None:
    form = public.get("/tra-cuu")
    assert form.status_code == 200
    assert 'id="lookup-form"' in _text(form)
    assert seen == []  # opening the form asks nothing of intake
    page = public.get(f"/tra-cuu?ma=%20{KNOWN_CODE}%20")
    assert page.status_code == 200
    text = _text(page)
    assert 'id="lookup-result"' in text
    for shown in ("Khiếu nại", "Đất đai", "Đã thụ lý", ANSWER["next_step"], "30/12/2026", "20/11/2026"):
        assert shown in text
    assert "2026-12-30" not in text
    assert page.headers["Cache-Control"] == "no-store"
    assert seen == [{"code": KNOWN_CODE, "authorization": None}]  # the public endpoint, without a token


def test_a_wrong_code_reads_exactly_as_an_unknown_one(public: FlaskClient) -> None:
    def answer(code: str) -> tuple[int, str]:
        page = public.get("/tra-cuu", query_string={"ma": code})
        found = re.search(r'<p class="notice" id="lookup-unknown"[^>]*>(.*?)</p>', page.get_data(as_text=True))
        assert found, code
        return page.status_code, found.group(1)

    unknown = answer("TD0000000000000Z")
    assert unknown[0] == 404
    assert "Không tìm thấy hồ sơ" in unknown[1]
    for wrong in ("abc", "../../admin", "x" * 200, "%00", "TD7K2M9QX4BR8VH"):
        assert answer(wrong) == unknown


def test_an_empty_code_asks_for_one(public: FlaskClient) -> None:
    page = public.get("/tra-cuu?ma=")
    assert page.status_code == 422
    assert 'id="ma-errors"' in _text(page)
    assert 'aria-invalid="true"' in _text(page)


def test_intake_down_or_busy_says_so(make_app: Callable[..., Flask], public: FlaskClient) -> None:
    busy = public.get("/tra-cuu?ma=TDBUSY")
    assert busy.status_code == 429
    assert 'id="lookup-busy"' in _text(busy)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    down = make_app(service_urls={"intake": f"http://127.0.0.1:{port}"}, api_timeout_s=2.0).test_client()
    page = down.get(f"/tra-cuu?ma={KNOWN_CODE}")
    assert page.status_code == 503
    assert 'id="lookup-unavailable"' in _text(page)


def test_lookups_are_limited_per_address(make_app: Callable[..., Flask], intake_url: str) -> None:
    client = make_app(service_urls={"intake": intake_url}, lookup_rate="3 per minute").test_client()
    statuses = [client.get(f"/tra-cuu?ma=TD{n:014d}").status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert client.get("/tra-cuu").status_code == 200  # the empty form is not counted


def test_the_information_page_lists_the_coming_leader_receptions(serve_platform: Callable[..., Any]) -> None:
    live = serve_platform(ROSTER, CONSOLE)
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    past, coming = monday - timedelta(days=4), monday + timedelta(days=10)
    publish_roster(
        live.platform.runtimes["roster"],
        monday - timedelta(days=7),
        [(past, "leader_reception"), (coming, "leader_reception"), (coming + timedelta(days=1), "reception")],
    )
    page = requests.get(f"{live.base}/thong-tin", timeout=10)
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    schedule = re.search(r'id="schedule-days">(.*?)</ul>', text)
    assert schedule, text[:2000]
    assert f"{coming:%d/%m/%Y}" in schedule.group(1)
    assert "07:30–11:30" in schedule.group(1)
    assert f"{past:%d/%m/%Y}" not in schedule.group(1)
    assert f"{coming + timedelta(days=1):%d/%m/%Y}" not in schedule.group(1)  # a clerk's shift is no leader's
    assert "Phòng Tiếp công dân, Trụ sở UBND phường Bách Quang" in text
    for heading in (
        "Luật Tiếp công dân 2013",
        "Luật Khiếu nại 2011",
        "Luật Tố cáo 2018",
        "Khi khiếu nại",
        "Khi tố cáo",
    ):
        assert heading in text
    assert page.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in page.headers


def test_the_service_token_carries_one_read_only_role(app: Flask) -> None:
    from tiepdan.console.service.public_info import service_token

    with app.app_context():
        token = service_token(app.extensions["tiepdan_console"].signer, "bach-quang")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["roles"] == ["police"]
    assert claims["unit"] == "bach-quang"
    assert claims["exp"] - claims["iat"] <= 60


def test_roster_down_leaves_the_rest_of_the_page(client: FlaskClient) -> None:
    page = client.get("/thong-tin")  # no API address: the roster cannot be reached
    assert page.status_code == 200
    text = _text(page)
    assert 'id="schedule-unavailable"' in text
    assert "Luật Tố cáo 2018" in text


def _news_action(client: FlaskClient, item_id: str, action: str) -> Any:
    token = csrf_from(client.get("/admin/news"))
    return client.post(f"/admin/news/{item_id}/{action}", data={"csrf_token": token})


def test_news_written_approved_published_and_unpublished(app: Flask, runtime: Any) -> None:
    add_account(runtime, "lan", ("clerk",))
    add_account(runtime, "chu-tich", ("leader",))
    clerk, leader, citizen = app.test_client(), app.test_client(), app.test_client()
    sign_in(clerk, "lan")
    sign_in(leader, "chu-tich")
    token = csrf_from(clerk.get("/admin/news"))
    refused = clerk.post(
        "/admin/news", data={"title": "Lịch tiếp", "body": "Liên hệ ông A, số 0912345678.", "csrf_token": token}
    )
    assert refused.status_code == 422
    assert 'id="body-errors"' in _text(refused)
    body = "UBND phường thông báo lịch tiếp công dân tháng 12.\nCông dân mang theo giấy tờ tùy thân."
    saved = clerk.post("/admin/news", data={"title": "Lịch tiếp công dân tháng 12", "body": body, "csrf_token": token})
    assert saved.status_code == 302
    item_id = re.search(r'id="item-([0-9a-f-]{36})"', clerk.get("/admin/news").get_data(as_text=True)).group(1)

    assert _news_action(clerk, item_id, "approve").status_code == 403  # a clerk writes, a leader decides
    assert "Lịch tiếp công dân tháng 12" not in _text(citizen.get("/thong-tin"))
    assert _news_action(leader, item_id, "publish").status_code == 302  # not yet approved: refused with a message
    assert "Chờ duyệt" in _text(leader.get("/admin/news"))
    for action in ("approve", "publish"):
        assert _news_action(leader, item_id, action).status_code == 302
    public = _text(citizen.get("/thong-tin"))
    assert "Lịch tiếp công dân tháng 12" in public
    assert "Công dân mang theo giấy tờ tùy thân." in public
    assert "lan" not in re.search(r'id="news".*', public).group(0)  # no author on the public page
    assert _news_action(leader, item_id, "unpublish").status_code == 302
    assert "Lịch tiếp công dân tháng 12" not in _text(citizen.get("/thong-tin"))
    assert _news_action(leader, str(uuid.uuid4()), "approve").status_code == 404
    assert _news_action(leader, item_id, "delete").status_code == 404

    entries, _ = audit.read(console_work(runtime))
    news_actions = [(e.actor, e.action, e.target) for e in reversed(entries) if e.action.startswith("news_")]
    assert news_actions == [
        ("lan", "news_created", item_id),
        ("chu-tich", "news_approve", item_id),
        ("chu-tich", "news_publish", item_id),
        ("chu-tich", "news_unpublish", item_id),
    ]


def test_another_units_news_is_not_found(app: Flask, runtime: Any) -> None:
    add_account(runtime, "lan", ("clerk",))
    add_account(runtime, "lanh-dao-khac", ("leader",), unit="tran-phu")
    clerk, other = app.test_client(), app.test_client()
    sign_in(clerk, "lan")
    sign_in(other, "lanh-dao-khac")
    token = csrf_from(clerk.get("/admin/news"))
    clerk.post("/admin/news", data={"title": "Thông báo", "body": "Nội dung thông báo.", "csrf_token": token})
    item_id = re.search(r'id="item-([0-9a-f-]{36})"', clerk.get("/admin/news").get_data(as_text=True)).group(1)
    assert item_id not in other.get("/admin/news").get_data(as_text=True)
    assert _news_action(other, item_id, "approve").status_code == 404
