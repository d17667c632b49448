"""Journeys in a real browser: a scheduler solves and publishes January 2026 and sees it on the calendar; a leader
downloads the quarter's 01/TCD PDF. Every page axe-clean, screenshotted at both widths, fitting 390 px."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import LiveServer
from console_support import PASSWORD, add_account
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from test_console_duty_reports import duty_platform, reports_platform  # noqa: F401 (the fixtures)

from tiepdan.kit.browser import PHONE, assert_accessible, assert_fits_width

DESKTOP = {"width": 1366, "height": 768}
Shots = Callable[[Page, str], list[Path]]


def _sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{base}{next_path}*")


def _look(page: Page, screenshots: Shots, name: str) -> None:
    """axe-clean at both widths, no sideways scrolling on a phone, screenshots kept for review."""
    assert_accessible(page)
    screenshots(page, name)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_a_scheduler_solves_and_publishes_january_and_sees_it_on_the_calendar(
    duty_platform: LiveServer,  # noqa: F811
    page: Page,
    screenshots: Shots,
) -> None:
    base = duty_platform.base
    add_account(duty_platform.platform.runtimes["console"], "xep-lich", ("scheduler",))
    _sign_in(page, base, "xep-lich", "/roster/rosters")
    _look(page, screenshots, "roster-solve-form")

    page.fill("#start", "01/01/2026")
    page.fill("#end", "31/01/2026")
    page.fill("#time_limit_s", "8")
    page.click("#solve")
    expect(page.locator("#roster-status")).to_be_visible()
    if page.locator("#solve-progress").count():
        _look(page, screenshots, "roster-solving")
    expect(page.locator("#publish")).to_be_visible(timeout=90_000)  # the page refreshed itself until the draft
    expect(page.locator("#roster-violations")).to_be_visible()
    expect(page.locator("#per-person")).to_be_visible()
    _look(page, screenshots, "roster-draft")

    page.click("#publish")
    expect(page.locator("#download-xlsx")).to_be_visible()
    with page.expect_download() as download:
        page.click("#download-ics")
    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text(encoding="utf-8")
    _look(page, screenshots, "roster-published")

    page.get_by_role("link", name="Xem trên lịch tháng").click()
    expect(page.locator("#month-title")).to_have_text("Tháng 01/2026")
    expect(page.locator("#no-published-roster")).to_have_count(0)
    expect(page.locator("#day-2026-01-05 .shift").first).to_be_visible()
    expect(page.locator("td.leader-day").first).to_be_visible()
    expect(page.locator("#on-duty")).to_be_visible()
    _look(page, screenshots, "roster-calendar")

    page.click("#tab-staff")
    expect(page.locator("#staff-s001")).to_be_visible()
    page.select_option("#staff_id", "s002")
    page.fill("#start", "12/01/2026")
    page.fill("#end", "13/01/2026")
    page.fill("#reason", "Nghỉ phép năm")
    page.click("#add-leave")
    expect(page.locator("#staff-s002")).to_contain_text("12/01/2026 – 13/01/2026")
    _look(page, screenshots, "roster-staff")


def test_the_leader_downloads_the_quarter_01_tcd_pdf(
    reports_platform: LiveServer,  # noqa: F811
    page: Page,
    screenshots: Shots,
) -> None:
    base = reports_platform.base
    add_account(reports_platform.platform.runtimes["console"], "lanh-dao", ("leader",))
    _sign_in(page, base, "lanh-dao", "/reports")
    expect(page.locator("#total-visits")).to_have_text("3")
    expect(page.locator("#chart-field svg")).to_be_visible()
    expect(page.locator("#chart-area svg")).to_be_visible()
    expect(page.locator("#reconciliation-result")).to_be_visible()
    _look(page, screenshots, "reports-overview")

    page.select_option("#template", "01/TCD")
    page.select_option("#period_kind", "quarter")
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    page.fill("#year", str(today.year))
    page.select_option("#quarter", str((today.month - 1) // 3 + 1))
    page.click("#generate")
    expect(page.locator("#sha256-pdf")).to_be_visible()
    expect(page.locator("#snapshot-facts")).to_contain_text("UBND phường Bách Quang")  # the ward's name, not its code
    figures = page.locator("#snapshot-figures")
    expect(figures).to_contain_text("Tiếp thường xuyên")  # the form's own headings, not the JSON's keys
    expect(figures).not_to_contain_text("regular.visits")
    _look(page, screenshots, "reports-snapshot")

    with page.expect_download() as download:
        page.click("#download-pdf")
    content = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "01/TCD" in text
    assert page.locator("#sha256-pdf").inner_text() == hashlib.sha256(content).hexdigest()

    page.goto(f"{base}/reports?from=nonsense&to=2026-02-30")
    expect(page.locator("#report-problems .notice")).to_be_visible()
    _look(page, screenshots, "reports-bad-period")


def test_the_chairman_reads_the_days_plans_and_tasks_in_the_inbox(
    reports_platform: LiveServer,  # noqa: F811
    page: Page,
    screenshots: Shots,
) -> None:
    from tiepdan.kit.events import Envelope
    from tiepdan.kit.inbox import Outcome
    from tiepdan.reports.service.schedule import run_schedule

    reports = reports_platform.platform.runtimes["reports"]
    opened = "2026-01-19T09:00:00+07:00"  # the congress's first day
    plan = {"plan_id": "p-1", "reason": "crowd", "alert_ids": [], "case_ids": ["c-1"], "opened_at": opened}
    task = {"task_id": "t-1", "plan_id": "p-1", "assignee_agency": "CA", "due_on": "2026-01-19", "assigned_at": opened}
    events = [
        Envelope("intake.response_plan.opened", plan, "bach-quang", "intake", "test", occurred_at=opened),
        Envelope("intake.response_task.assigned", task, "bach-quang", "intake", "test", occurred_at=opened),
    ]
    processor = reports.processor()
    assert {processor.process(event.to_json().encode()).outcome for event in events} == {Outcome.DONE}
    made = run_schedule(reports, datetime.fromisoformat("2026-01-19T11:00:00+00:00"))
    assert len(made) == 4
    add_account(reports_platform.platform.runtimes["console"], "chu-tich", ("leader",))
    page.set_viewport_size(DESKTOP)
    _sign_in(page, reports_platform.base, "chu-tich", "/reports/bao-cao-chu-tich")
    latest = page.locator("[id^=inbox-plans-]").first
    expect(latest).to_contain_text("lập mới 1, kết thúc 0; nhiệm vụ: giao mới 1")
    _look(page, screenshots, "chairman-inbox")
