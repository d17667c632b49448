"""In Chromium: the leader opens a case from the list, accepts it and sees its deadline; every case page passes axe
(0 serious or critical), fits 390 px and is photographed at both widths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import LiveServer, Ward
from console_support import PASSWORD, add_account
from playwright.sync_api import Page, expect
from test_console_cases import CITIZEN, received_days_ago, register_visit

from tiepdan.alerts.app import SERVICE as ALERTS
from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.kit.browser import assert_accessible, assert_fits_width
from tiepdan.reports.app import SERVICE as REPORTS
from tiepdan.roster.app import SERVICE as ROSTER

Shoot = Callable[[Page, str], list[Path]]


def check(page: Page, screenshots: Shoot, name: str) -> None:
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_fits_width(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    screenshots(page, name)


def test_the_leader_opens_a_case_accepts_it_and_sees_its_deadline(
    serve_platform: Callable[..., LiveServer], page: Page, screenshots: Shoot
) -> None:
    served = serve_platform(INTAKE, ROSTER, ALERTS, REPORTS, CONSOLE)
    live = Ward(served.base, served.platform)
    add_account(live.platform.runtimes["console"], "hung", ("leader",))
    case_id = register_visit(live, subject="Tranh chấp ranh giới đất Tổ 5")["case_id"]
    register_visit(live, received_at=received_days_ago(40), subject="Lấn chiếm lối đi chung")
    register_visit(
        live, headcount=8, citizens=[{**CITIZEN, "representative": True}], subject="Đoàn hộ dân Tổ 9 về bồi thường"
    )
    register_visit(live, kind="denunciation", field="official_conduct", subject="Cán bộ địa chính nhận tiền")

    page.goto(f"{live.base}/login")
    page.fill("#username", "hung")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    expect(page.locator("#leader-day")).to_be_visible()
    expect(page.locator("#leader-overdue")).to_contain_text("Lấn chiếm lối đi chung")
    check(page, screenshots, "leader-home")

    page.click("#nav-cases")
    expect(page.locator("#cases-table")).to_be_visible()
    check(page, screenshots, "case-list")
    page.goto(f"{live.base}/cases?kind=nonsense&overdue=perhaps")
    expect(page.locator("#filters-refused")).to_be_visible()
    page.select_option("#filter-kind", "complaint")
    page.select_option("#filter-status", "received")
    page.fill("#filter-received_from", "2026-01-01")
    page.select_option("#filter-group", "false")
    page.fill("#filter-citizen", "Trần Văn Bình")
    page.click("#apply-filters")
    expect(page.locator("#cases-table")).to_contain_text("Tranh chấp ranh giới đất Tổ 5")
    check(page, screenshots, "case-list-filtered")

    page.click(f"#case-{case_id} a.case-link")
    expect(page.locator("#case-title")).to_have_text("Tranh chấp ranh giới đất Tổ 5")
    check(page, screenshots, "case-received")
    page.click("#action-accept summary")
    page.check("#accept-complex")
    check(page, screenshots, "case-accept-form")
    page.click("#accept-submit")
    expect(page.locator("#case-status")).to_contain_text("Đang giải quyết")
    resolve_by = page.locator("#deadline-resolve_by")
    expect(resolve_by).to_contain_text("Giải quyết")
    expect(resolve_by).to_contain_text("ngày làm việc")
    expect(resolve_by).to_contain_text("Luật Khiếu nại")
    check(page, screenshots, "case-accepted")

    page.click("#action-resolve summary")
    page.click("#resolve-submit")
    expect(page.locator("#resolve-decision_no-errors")).to_be_visible()
    expect(page.locator("#resolve-decision_no")).to_have_attribute("aria-invalid", "true")
    check(page, screenshots, "case-action-error")

    page.click("#nav-deadlines")
    expect(page.locator("#due-overdue")).to_contain_text("Lấn chiếm lối đi chung")
    check(page, screenshots, "deadline-board")
    page.emulate_media(media="print")
    expect(page.locator("#site-nav")).to_be_hidden()
    page.emulate_media(media="screen")
