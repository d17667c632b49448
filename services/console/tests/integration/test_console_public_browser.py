"""The public pages in a real browser, at a desk screen and on a phone: /tra-cuu against a lookup served over
HTTP, /thong-tin with a published news item; axe finds nothing serious, nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from console_support import PASSWORD, add_account
from flask import Flask
from playwright.sync_api import Page, expect
from public_fakes import KNOWN_CODE, fake_intake, publish_roster

from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.console.domain.news import NewsDraft
from tiepdan.console.service import news
from tiepdan.console.service.accounts import Actor
from tiepdan.console.service.unit_of_work import console_work
from tiepdan.kit.browser import PHONE, assert_accessible, assert_fits_width
from tiepdan.roster.app import SERVICE as ROSTER


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The browser sees the pages, not the database: SQLite is enough here."""
    return sqlite_url


def _check(page: Page, screenshots: Callable[[Page, str], Any], name: str) -> None:
    assert_accessible(page)
    assert_fits_width(page)
    screenshots(page, name)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    assert_accessible(page)


def test_a_citizen_looks_up_a_case_on_a_phone(
    page: Page,
    live_server: Callable[[Any], str],
    make_app: Callable[..., Flask],
    screenshots: Callable[[Page, str], Any],
) -> None:
    seen: list[dict[str, Any]] = []
    base = live_server(make_app(service_urls={"intake": live_server(fake_intake(seen))}))
    page.goto(f"{base}/tra-cuu")
    _check(page, screenshots, "form")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_label("Mã biên nhận").fill(KNOWN_CODE)
    page.get_by_role("button", name="Tra cứu").click()
    result = page.locator("#lookup-result")
    expect(result).to_contain_text("Đã thụ lý")
    expect(page.locator("#result-due")).to_have_text("30/12/2026")
    expect(page.locator("#result-received")).to_have_text("20/11/2026")
    _check(page, screenshots, "found")
    page.goto(f"{base}/tra-cuu?ma=SAIMA")
    expect(page.locator("#lookup-unknown")).to_contain_text("Không tìm thấy hồ sơ với mã này")
    _check(page, screenshots, "unknown")
    page.goto(f"{base}/tra-cuu?ma=")
    expect(page.locator("#ma-errors")).to_be_visible()
    assert_accessible(page)


def test_the_information_page_with_the_schedule_and_a_published_news_item(
    page: Page, serve_platform: Callable[..., Any], screenshots: Callable[[Page, str], Any]
) -> None:
    live = serve_platform(ROSTER, CONSOLE)
    console_runtime = live.platform.runtimes["console"]
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    publish_roster(
        live.platform.runtimes["roster"],
        monday,
        [(monday + timedelta(days=7 * week + 3), "leader_reception") for week in range(4)],
    )
    add_account(console_runtime, "lan", ("clerk",))
    add_account(console_runtime, "chu-tich", ("leader",))
    body = "Từ ngày 01/12, Phòng Tiếp công dân chuyển sang tầng 1, nhà B.\nGiờ tiếp không thay đổi."
    news.create(
        console_work(console_runtime), "bach-quang", NewsDraft("Phòng Tiếp công dân chuyển chỗ", body), Actor("lan")
    )

    page.goto(f"{live.base}/login?next=/admin/news")
    page.fill("#username", "chu-tich")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    expect(page.locator("h1")).to_have_text("Tin tức trên trang thông tin")
    page.locator("[id^=approve-]").click()
    page.locator("[id^=publish-]").click()
    expect(page.locator(".status-published")).to_have_count(1)
    assert_accessible(page)
    screenshots(page, "news-admin")

    page.context.clear_cookies()
    page.goto(f"{live.base}/thong-tin")
    expect(page.locator("#news")).to_contain_text("Phòng Tiếp công dân chuyển chỗ")
    expect(page.locator("#schedule-days li").first).to_contain_text("Thứ Năm")
    expect(page.locator("#schedule-days li").first).to_contain_text("07:30–11:30")
    expect(page.locator("#office-address")).to_contain_text("Bách Quang")
    _check(page, screenshots, "information")
