"""The coordination loop in a real browser: a leader establishes the working group and schedules an unscheduled
reception, the police record their security plan and an incident, the leader sees both; a clerk opens a response
plan from a case, gives a task and plans an enforcement, the leader decides on it; MTTQ records outreach. Every page
axe-clean, screenshotted at 1366×768 and 390 px, fitting 390 px."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import requests
from conftest import LiveServer
from console_support import PASSWORD, add_account
from playwright.sync_api import Page, expect
from test_console_coordination import VISIT, WARD, coordination_platform, guide, moment, ward_time  # noqa: F401

from tiepdan.kit.browser import PHONE, assert_accessible, assert_fits_width
from tiepdan.kit.testing import bearer

DESKTOP = {"width": 1366, "height": 768}
Shots = Callable[[Page, str], list[Path]]


def _sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login?next={next_path}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{base}{next_path}*")


def _look(page: Page, screenshots: Shots, name: str) -> None:
    assert_accessible(page)
    screenshots(page, name)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_the_leader_schedules_the_police_secure_and_the_leader_sees_it(
    coordination_platform: LiveServer,  # noqa: F811
    page: Page,
    screenshots: Shots,
) -> None:
    base = coordination_platform.base
    runtime = coordination_platform.platform.runtimes["console"]
    add_account(runtime, "s011", ("leader",))
    add_account(runtime, "s015", ("police",))
    page.set_viewport_size(DESKTOP)

    _sign_in(page, base, "s011", "/to-cong-tac")
    _look(page, screenshots, "working-group-empty")
    page.fill("#decision_no", "45/QĐ-UBND")
    page.fill("#decision_date", "02/01/2026")
    page.fill("#period_from", "01/01/2026")
    page.fill("#period_to", "31/12/2026")
    page.select_option("#member-s011", "head")
    page.select_option("#member-s015", "deputy")
    page.select_option("#member-s028", "member")
    page.click("#establish")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("#working-groups")).to_contain_text("Mai Đức Lộc")
    _look(page, screenshots, "working-group")

    page.goto(f"{base}/tiep-dot-xuat")
    page.fill("#place", "Hội trường UBND phường Bách Quang")
    starts = ward_time(days=2, hour=8)
    page.fill("#starts_at", moment(starts + timedelta(hours=3)))
    page.fill("#ends_at", moment(starts))
    page.click("#schedule")
    expect(page.locator("#ends_at-errors")).to_be_visible()
    _look(page, screenshots, "receptions-error")
    page.fill("#starts_at", moment(starts))
    page.fill("#ends_at", moment(starts + timedelta(hours=3)))
    page.fill("#expected_headcount", "25")
    page.fill("#subject", "Thu hồi đất dự án khu dân cư số 3")
    page.click("#schedule")
    expect(page.locator(".flash-success")).to_be_visible()
    no_plan = page.locator("[id^=no-plan-]")
    expect(no_plan).to_have_count(1)
    reception_id = (no_plan.get_attribute("id") or "").removeprefix("no-plan-")
    _look(page, screenshots, "receptions-leader-scheduled")

    _sign_in(page, base, "s015", "/tiep-dot-xuat")
    page.fill(f"#plan-{reception_id}-officers", "s015, s016")
    page.fill(f"#plan-{reception_id}-notes", "Bố trí 2 đồng chí tại cổng và phòng tiếp")
    _look(page, screenshots, "receptions-police-form")
    page.click(f"#save-plan-{reception_id}")
    expect(page.locator(f"#security-plan-{reception_id}")).to_contain_text("s015, s016")
    page.fill("#occurred_at", moment(datetime.now(WARD) - timedelta(minutes=10)))
    page.select_option("#reception_id", reception_id)
    page.fill("#what_happened", "Một người lớn tiếng tại phòng tiếp")
    page.fill("#action_taken", "Nhắc nhở, ổn định trật tự")
    page.click("#record-incident")
    expect(page.locator("#incident-table")).to_contain_text("Nhắc nhở, ổn định trật tự")
    _look(page, screenshots, "receptions-police")

    _sign_in(page, base, "s011", "/tiep-dot-xuat")
    expect(page.locator(f"#security-plan-{reception_id}")).to_contain_text("Bố trí 2 đồng chí tại cổng")
    expect(page.locator("#incident-table")).to_contain_text("Một người lớn tiếng tại phòng tiếp")
    expect(page.locator(f"#plan-form-{reception_id}")).to_have_count(0)
    _look(page, screenshots, "receptions-leader-sees-plan")


def test_a_plan_a_task_an_enforcement_and_outreach_in_the_browser(
    coordination_platform: LiveServer,  # noqa: F811
    page: Page,
    screenshots: Shots,
) -> None:
    base = coordination_platform.base
    runtime = coordination_platform.platform.runtimes["console"]
    add_account(runtime, "lan", ("clerk",))
    add_account(runtime, "s011", ("leader",))
    add_account(runtime, "s028", ("front",))
    made = requests.post(f"{base}/api/v1/visits", json=VISIT, headers=bearer("clerk"), timeout=30)
    assert made.status_code == 201, made.text
    case_id = made.json()["case_id"]
    page.set_viewport_size(DESKTOP)

    _sign_in(page, base, "lan", f"/cases/{case_id}")
    page.click("#open-plan-link")
    expect(page.locator("#case_ids")).to_have_value(case_id)
    page.fill("#title", "Phương án xử lý khu dân cư số 3")
    page.fill("#content", "Phối hợp Công an phường, MTTQ nắm tình hình, vận động công dân")
    page.click("#open-plan")
    expect(page.locator("#plan-title")).to_have_text("Phương án xử lý khu dân cư số 3")
    today = datetime.now(WARD).date()
    page.fill("#title", "Nắm tình hình các hộ dân")
    page.fill("#assignee_agency", "CA")
    page.fill("#due_on", (today - timedelta(days=2)).strftime("%d/%m/%Y"))
    page.click("#add-task")
    expect(page.locator("#due_on-errors")).to_be_visible()
    page.fill("#due_on", (today + timedelta(days=3)).strftime("%d/%m/%Y"))
    page.click("#add-task")
    expect(page.locator("#tasks")).to_contain_text("Nắm tình hình các hộ dân")
    _look(page, screenshots, "plan")
    page.goto(f"{base}/phuong-an")
    _look(page, screenshots, "plans")

    page.goto(f"{base}/cases/{case_id}/cuong-che")
    page.fill("#planned_on", (today + timedelta(days=10)).strftime("%d/%m/%Y"))
    page.fill("#enforcing_unit", "UBND phường Bách Quang")
    page.fill("#measure", "Cưỡng chế thu hồi đất")
    page.click("#save-enforcement")
    expect(page.locator("#enforcement-current")).to_be_visible()
    expect(page.locator("#enforcement-title")).to_have_text(f"Kế hoạch cưỡng chế: {VISIT['subject']}")
    expect(page.locator("#enforcement-case")).to_contain_text(case_id)
    _look(page, screenshots, "case-enforcement")

    _sign_in(page, base, "s011", "/cuong-che")
    expect(page.locator(f"#enforcement-{case_id}")).to_contain_text("Cưỡng chế thu hồi đất")
    named = page.locator(f"#enforcement-{case_id} .case-link")
    expect(named).to_have_text(VISIT["subject"])
    expect(named).to_have_attribute("href", f"/cases/{case_id}")
    _look(page, screenshots, "enforcements")

    _sign_in(page, base, "s028", "/van-dong")
    page.fill("#held_at", moment(datetime.now(WARD) - timedelta(hours=1)))
    page.select_option("#topic", "religion")
    page.fill("#talked_by", "s028, MTTQ\ns031, BXD")
    page.fill("#persons", "12")
    page.fill("#audience", "Đoàn công dân giáo xứ")
    page.select_option("#outcome", "agreed_to_return")
    page.fill("#alert_id", "a-123")
    page.select_option("#group_at", "central")
    page.click("#record-outreach")
    expect(page.locator("#outreach-table")).to_contain_text("Đoàn công dân giáo xứ")
    _look(page, screenshots, "outreach")

    guide(base, case_id)
    page.fill("#held_at", moment(datetime.now(WARD) - timedelta(minutes=30)))
    page.select_option("#topic", "religion")
    page.fill("#talked_by", "s028, MTTQ")
    page.fill("#persons", "4")
    page.fill("#audience", "Các hộ dân khu dân cư số 3")
    page.select_option("#outcome", "understood")
    page.fill("#case_id", case_id)
    page.click("#record-outreach")
    expect(page.locator("#outreach-table")).to_contain_text(f"Vụ việc {case_id}")
    expect(page.locator("#outreach-table .case-link")).to_have_count(0)  # the front reads no cases
    _look(page, screenshots, "outreach-front-case")
    _sign_in(page, base, "s011", "/van-dong")
    named = page.locator("#outreach-table .case-link")
    expect(named).to_have_text(VISIT["subject"])
    expect(named).to_have_attribute("href", f"/cases/{case_id}")
    _look(page, screenshots, "outreach-leader")


def test_the_leader_changes_a_reception_and_ends_an_enforcement(
    coordination_platform: LiveServer,  # noqa: F811
    page: Page,
    screenshots: Shots,
) -> None:
    base = coordination_platform.base
    runtime = coordination_platform.platform.runtimes["console"]
    add_account(runtime, "s011", ("leader",))
    made = requests.post(f"{base}/api/v1/visits", json=VISIT, headers=bearer("clerk"), timeout=30)
    assert made.status_code == 201, made.text
    case_id = made.json()["case_id"]
    planned_on = (datetime.now(WARD).date() + timedelta(days=10)).isoformat()
    enforcement = {"planned_on": planned_on, "enforcing_unit": "UBND phường", "measure": "Cưỡng chế thu hồi đất"}
    planned = requests.put(
        f"{base}/api/v1/cases/{case_id}/enforcement", json=enforcement, headers=bearer("clerk"), timeout=30
    )
    assert planned.status_code in (200, 201), planned.text
    page.set_viewport_size(DESKTOP)

    _sign_in(page, base, "s011", "/tiep-dot-xuat")
    starts = ward_time(days=2, hour=8)
    page.fill("#place", "Hội trường UBND phường Bách Quang")
    page.fill("#starts_at", moment(starts))
    page.fill("#ends_at", moment(starts + timedelta(hours=3)))
    page.click("#schedule")
    expect(page.locator(".flash-success")).to_be_visible()
    reception_id = (page.locator("[id^=edit-form-]").get_attribute("id") or "").removeprefix("edit-form-")
    prefix = f"#edit-{reception_id}"

    page.click(f"#edit-toggle-{reception_id}")
    expect(page.locator(f"{prefix}-starts_at")).to_have_value(moment(starts))
    page.fill(f"{prefix}-starts_at", moment(ward_time(days=-1, hour=8)))  # roster refuses a new start in the past
    page.fill(f"{prefix}-ends_at", moment(ward_time(days=-1, hour=11)))
    page.click(f"#save-edit-{reception_id}")
    expect(page.locator(f"{prefix}-starts_at-errors")).to_be_visible()
    _look(page, screenshots, "receptions-change-error")
    moved = ward_time(days=3, hour=14)
    page.fill(f"{prefix}-place", "Phòng tiếp công dân, trụ sở UBND phường")
    page.fill(f"{prefix}-starts_at", moment(moved))
    page.fill(f"{prefix}-ends_at", moment(moved + timedelta(hours=2)))
    page.click(f"#save-edit-{reception_id}")
    expect(page.locator(".flash-success")).to_be_visible()
    card = page.locator(f"#reception-{reception_id}")
    expect(card).to_contain_text("Phòng tiếp công dân, trụ sở UBND phường")
    expect(card.locator(".reception-time")).to_contain_text(moment(moved))
    _look(page, screenshots, "receptions-changed")

    page.goto(f"{base}/cuong-che")
    page.click(f"#clear-toggle-{case_id}")
    page.select_option(f"#clear-{case_id}-reason", "dropped")
    _look(page, screenshots, "enforcements-clear")
    page.click(f"#clear-{case_id}")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(f"#enforcement-{case_id}")).to_have_count(0)
    gone = requests.get(f"{base}/api/v1/cases/{case_id}/enforcement", headers=bearer("clerk"), timeout=30)
    assert gone.status_code == 404
    _look(page, screenshots, "enforcements-cleared")
