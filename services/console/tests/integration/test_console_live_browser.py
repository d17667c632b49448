"""The live pages in a real browser: the congress-day and province journeys, the sound, the notification and the
mute, axe, both widths."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from conftest import LiveServer
from console_support import PASSWORD
from live_support import CITIZEN, OTHER_WARD, full_platform, register_group, rename_unit, report_over_level
from playwright.sync_api import Browser, BrowserContext, Page

from tiepdan.console.web import live
from tiepdan.kit.browser import DESKTOP, PHONE, assert_accessible, assert_fits_width

#: Records what alerts.js asks of the browser: sounds played and notifications shown.
SPIES = """
window.__sounds = 0;
window.__notices = [];
HTMLMediaElement.prototype.play = function () { window.__sounds += 1; return Promise.resolve(); };
window.Notification = class {
  constructor(title, options) { window.__notices.push(options.body); }
  static requestPermission() { return Promise.resolve("granted"); }
};
window.Notification.permission = "granted";
"""


@pytest.fixture
def platform(serve_platform: Callable[..., LiveServer]) -> LiveServer:
    return full_platform(serve_platform)


@pytest.fixture
def second_context(browser: Browser) -> Iterator[BrowserContext]:
    """Another person's browser, with the spies installed."""
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    context.add_init_script(SPIES)
    yield context
    context.close()


def sign_in(page: Page, base: str, username: str, path: str) -> None:
    page.goto(f"{base}/login?next={path}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{base}{path}")


def wait_live(page: Page) -> None:
    page.wait_for_selector('#alerts-board[data-live="1"]', state="attached", timeout=5_000)


def check_page(page: Page, screenshots: Callable[[Page, str], object], name: str) -> None:
    assert_accessible(page)
    screenshots(page, name)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


@pytest.mark.alone  # the alert must show within 2 s: no other test takes the CPU meanwhile
def test_congress_day(
    platform: LiveServer, page: Page, second_context: BrowserContext, screenshots: Callable[[Page, str], object]
) -> None:
    base = platform.base
    sign_in(page, base, "loc", "/police")
    wait_live(page)
    page.evaluate("window.__sameDocument = true")

    register_group(platform, 12)  # the clerk registers a 12-person group at the desk (through intake's API)
    raised = time.monotonic()
    crowd = '#alerts-list li[data-kind="crowd"]'
    page.wait_for_selector(f'{crowd}[data-status="open"]', timeout=2_000)
    assert time.monotonic() - raised < 2.0
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert "12" in page.inner_text(crowd)
    page.reload()  # the side lists (groups today, on duty) are read when the page loads; only the board is live
    page.wait_for_selector("#groups-today >> text=12 người")
    content = page.content()
    assert CITIZEN["full_name"] not in content
    assert CITIZEN["id_number"] not in content
    assert page.locator("#alerts-list .resolve-form").count() == 0
    check_page(page, screenshots, "police")

    page.fill(f"{crowd} textarea[name=note]", "Đã cử tổ công tác đến")
    page.click(f"{crowd} .ack-button")
    page.wait_for_url(f"{base}/police")
    page.wait_for_selector(f'{crowd}[data-status="acknowledged"]')
    assert "Đã xác nhận cảnh báo." in page.inner_text("#main")
    wait_live(page)

    leader = second_context.new_page()
    sign_in(leader, base, "hung", "/alerts")
    assert "Cán bộ loc" in leader.inner_text(crowd)
    check_page(leader, screenshots, "alerts-board")
    leader.fill(f"{crowd} .resolve-form textarea", "Đã giải thích chính sách bồi thường")
    leader.click(f"{crowd} .resolve-button")
    leader.wait_for_url(f"{base}/alerts")
    assert "Đã đóng cảnh báo." in leader.inner_text("#main")
    assert leader.locator(crowd).count() == 0
    # the police board drops the resolved alert live as well
    page.wait_for_selector(crowd, state="detached", timeout=2_000)


def test_province_over_level_report_reaches_the_leader_live_with_sound_and_notification(
    platform: LiveServer, page: Page, second_context: BrowserContext, screenshots: Callable[[Page, str], object]
) -> None:
    base = platform.base
    leader = second_context.new_page()
    sign_in(leader, base, "hung", "/alerts")
    wait_live(leader)
    leader.evaluate("window.__sameDocument = true")

    rename_unit(platform, OTHER_WARD, "UBND phường Trần Phú")
    sign_in(page, base, "tinh", "/province")
    assert page.locator(f"#ward-{OTHER_WARD} th").inner_text() == "UBND phường Trần Phú"
    check_page(page, screenshots, "province")
    page.select_option("#unit", "bach-quang")
    page.fill("#reported_at", "03/12/2026 08:30")
    page.select_option("#level", "central")
    page.fill("#place", "Trụ sở Tiếp công dân Trung ương, Hà Nội")
    page.fill("#headcount", "15")
    page.select_option("#field", "compensation")
    page.fill("#area", "Tổ dân phố 7")
    page.fill("#subject", "Bồi thường dự án đường vành đai")
    page.click("#over-level-submit")
    page.wait_for_url(f"{base}/province")
    assert "Đã gửi báo cáo vượt cấp" in page.inner_text("#main")
    assert page.inner_text("#ward-bach-quang .ward-critical") == "1"

    leader.wait_for_selector('#alerts-list li[data-severity="critical"]', timeout=2_000)
    assert leader.evaluate("window.__sameDocument") is True
    leader.wait_for_function("window.__sounds === 1 && window.__notices.length === 1")
    assert leader.inner_text("#alerts-announce").startswith("Cảnh báo khẩn cấp mới:")
    check_page(leader, screenshots, "alerts-board-critical")


@pytest.fixture
def two_pages_of_alerts(platform: LiveServer, monkeypatch: pytest.MonkeyPatch) -> LiveServer:
    """Three warnings, two alerts a page."""
    monkeypatch.setattr(live, "PAGE_SIZE", 2)
    for n in range(3):
        report_over_level(platform, "province", subject=f"Giải phóng mặt bằng {n}")
    return platform


@pytest.mark.alone  # the alert must show within 2 s: no other test takes the CPU meanwhile
def test_the_first_page_stays_live_and_the_pages_follow_in_order(
    two_pages_of_alerts: LiveServer, page: Page, screenshots: Callable[[Page, str], object]
) -> None:
    platform = two_pages_of_alerts
    base = platform.base
    sign_in(page, base, "hung", "/alerts")
    wait_live(page)
    page.evaluate("window.__sameDocument = true")
    assert page.inner_text("#alerts-count") == "3 cảnh báo đang mở · Trang 1/2"

    critical = report_over_level(platform, "central", subject="Tái định cư khu B")
    raised = time.monotonic()
    page.wait_for_selector(f'#alerts-list li#alert-{critical}[data-severity="critical"]', timeout=2_000)
    assert time.monotonic() - raised < 2.0
    assert page.evaluate("window.__sameDocument") is True
    page.wait_for_function("document.getElementById('alerts-count').innerText.startsWith('4 cảnh báo đang mở')")
    assert page.locator("#alerts-list li.alert").count() == 2

    page.click("#alerts-next-page")
    page.wait_for_selector("#alerts-previous-page")
    assert "Trang 2/2" in page.inner_text("#alerts-page")
    assert page.locator("#alerts-list li.alert").count() == 2
    assert page.locator(f"#alert-{critical}").count() == 0
    check_page(page, screenshots, "alerts-board-page-2")


def test_the_province_keeps_its_period_from_page_to_page(
    two_pages_of_alerts: LiveServer, page: Page, screenshots: Callable[[Page, str], object]
) -> None:
    base = two_pages_of_alerts.base
    sign_in(page, base, "tinh", "/province")
    page.fill("#start", "01/11/2026")
    page.fill("#end", "30/11/2026")
    page.click("#period-form button")
    period = "Tình hình từng phường, từ 01/11/2026 đến 30/11/2026"
    page.wait_for_selector(f"#wards-title:has-text('{period}')")
    wait_live(page)
    page.click("#alerts-next-page")
    page.wait_for_selector("#alerts-previous-page")
    assert page.inner_text("#wards-title") == period
    assert page.input_value("#start") == "01/11/2026"
    check_page(page, screenshots, "province-period-page-2")
    page.click("#alerts-refresh")
    page.wait_for_selector("#alerts-previous-page")
    assert page.inner_text("#wards-title") == period
    page.goto("about:blank")  # the stream ends before PAGE_SIZE is restored: page 2 would no longer exist


def test_a_muted_board_stays_silent_and_remembers_it(
    platform: LiveServer, second_context: BrowserContext, screenshots: Callable[[Page, str], object]
) -> None:
    base = platform.base
    leader = second_context.new_page()
    sign_in(leader, base, "hung", "/alerts")
    leader.click("#alerts-mute")
    assert leader.get_attribute("#alerts-mute", "aria-pressed") == "true"
    leader.reload()
    wait_live(leader)
    assert leader.get_attribute("#alerts-mute", "aria-pressed") == "true"  # remembered in this browser

    report_over_level(platform, "central")
    leader.wait_for_selector('#alerts-list li[data-severity="critical"]', timeout=2_000)
    leader.wait_for_timeout(300)
    assert leader.evaluate("[window.__sounds, window.__notices.length]") == [0, 0]
    assert leader.inner_text("#alerts-announce").startswith("Cảnh báo khẩn cấp mới:")  # still told to a screen reader


def test_without_javascript_the_board_is_a_plain_list_with_a_refresh_link(
    platform: LiveServer, browser: Browser
) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, platform.base, "hung", "/alerts")
        assert page.is_visible("#alerts-refresh")
        assert not page.is_visible("#alerts-mute")
        assert "bấm Tải lại" in page.inner_text("#alerts-live-status")
    finally:
        context.close()
