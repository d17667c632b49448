"""The console in a real browser (Debian's Chromium through Playwright): sign-in, lockout, an expired session,
CSRF, the reception desk by mouse and by keyboard alone, navigation per role, single sign-on against a real OpenID
provider; axe-core finds no serious or critical problem on any page, and every page is photographed at 1366×768 and
390 px (var/screenshots/) and fits 390 px without sideways scrolling."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import requests
from conftest import LiveServer, Ward
from console_support import PASSWORD, add_account, clear_rate_limits, fresh_unit
from playwright.sync_api import expect
from sqlalchemy import update

from tiepdan.alerts.app import SERVICE as ALERTS
from tiepdan.console.adapters.orm import WebSessionRecord
from tiepdan.console.app import SERVICE
from tiepdan.console.service.accounts import get_account
from tiepdan.console.service.audit import read as read_audit
from tiepdan.console.service.unit_of_work import console_work
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.kit.browser import PHONE, assert_accessible, assert_fits_width
from tiepdan.kit.db import utcnow

DESKTOP = {"width": 1366, "height": 768}


SERVICES = (INTAKE, ALERTS, SERVICE)


def open_site(served: LiveServer, unit: str = "bach-quang", suffix: str = "") -> Ward:
    """The ward's clerk `lan`, leader `chu.tich` and administrator `quan.tri`."""
    site = Ward(served.base, served.platform, unit, suffix)
    console = served.platform.runtimes["console"]
    add_account(console, site.username("lan"), ("clerk",), unit=unit)
    add_account(console, site.username("chu.tich"), ("leader",), unit=unit)
    add_account(console, site.username("quan.tri"), ("admin",), unit=unit)
    return site


@pytest.fixture(scope="module")
def shared_site(serve_module_platform: Callable[..., LiveServer]) -> LiveServer:
    """Intake, alerts (the home page counts its alerts) and the console on a real socket."""
    return serve_module_platform(*SERVICES)


@pytest.fixture
def site(shared_site: LiveServer) -> Ward:
    """The module's platform with a ward and accounts of this test's own: its visits, sessions and lockouts."""
    unit = fresh_unit()
    clear_rate_limits(shared_site.platform.apps["console"])
    return open_site(shared_site, unit, suffix=f"-{unit}")


@pytest.fixture
def own_site(serve_platform: Callable[..., LiveServer]) -> Ward:
    """A platform of this test's own: single sign-on changes the console's configuration."""
    return open_site(serve_platform(*SERVICES))


def sign_in(page: Any, base: str, username: str, password: str = PASSWORD, path: str = "/") -> None:
    page.goto(f"{base}/login?next={path}")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")


def check_page(page: Any, screenshots: Callable[..., Any], name: str) -> None:
    """axe clean, photographed at both widths, no sideways scrolling at 390 px."""
    assert_accessible(page)
    screenshots(page, name)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    page.set_viewport_size(DESKTOP)


def test_sign_in_then_sign_out(page, site: Ward, screenshots) -> None:
    page.goto(f"{site.base}/")
    assert "/login?next=%2F" in page.url
    check_page(page, screenshots, "login")
    sign_in(page, site.base, site.username("lan"), "sai mật khẩu rồi nhé")
    assert page.locator("#login-error").is_visible()
    assert page.input_value("#username") == site.username("lan")
    check_page(page, screenshots, "login-error")
    sign_in(page, site.base, site.username("lan"))
    assert page.inner_text("#person-name") == f"Cán bộ {site.username('lan')}"
    check_page(page, screenshots, "home")
    page.click("#logout")
    assert page.url.endswith("/login")


def test_five_failures_lock_the_account(page, site: Ward, screenshots) -> None:
    for _ in range(5):
        sign_in(page, site.base, site.username("lan"), "không phải mật khẩu")
    sign_in(page, site.base, site.username("lan"))  # the right password, but locked
    assert "bị khoá" in page.inner_text("#login-error")
    assert page.locator("#person-name").count() == 0
    check_page(page, screenshots, "locked")


def test_an_expired_session_goes_to_sign_in_then_to_the_page_asked_for(page, site: Ward, screenshots) -> None:
    sign_in(page, site.base, site.username("lan"))
    long_ago = utcnow() - timedelta(days=1)
    with site.platform.runtimes["console"].uow() as uow:
        uow.session.execute(update(WebSessionRecord).values(created_at=long_ago, last_seen_at=long_ago))
        uow.commit()
    page.goto(f"{site.base}/desk/petitions")
    assert page.locator("#session-expired").is_visible()
    check_page(page, screenshots, "expired")
    page.fill("#username", site.username("lan"))
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    assert page.url == f"{site.base}/desk/petitions"


def test_a_form_with_an_altered_csrf_token_is_refused_not_a_500(page, site: Ward) -> None:
    sign_in(page, site.base, site.username("lan"), path="/desk")
    page.fill("#subject", "Không được ghi")
    page.locator('#visit-form input[name="csrf_token"]').evaluate("input => { input.value = 'altered' }")
    with page.expect_response(lambda r: r.url.endswith("/desk") and r.request.method == "POST") as sent:
        page.click("#register-visit")
    assert sent.value.status == 400
    assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in page.inner_text("#main")
    missing = page.request.post(f"{site.base}/desk", form={"subject": "x"})
    assert missing.status in (400, 403)


def _token_for(site: Ward, username: str) -> str:
    console = site.platform.apps["console"].extensions["tiepdan_console"]
    account = get_account(console_work(site.platform.runtimes["console"]), username)
    assert account is not None
    token: str = console.signer.sign(account.claims(), 300, "person")
    return token


def test_a_twelve_person_group_registered_through_the_form_reads_back_through_the_api(
    page, site: Ward, screenshots
) -> None:
    sign_in(page, site.base, site.username("lan"), path="/desk")
    check_page(page, screenshots, "desk-empty")
    page.select_option("#reception", "periodic")
    page.fill("#headcount", "12")
    page.fill("#host_name", "Chủ tịch UBND phường")
    page.click("#add-citizen")  # a fourth row, without JavaScript
    names = ["Lê Văn Tám", "Trần Thị Hoa", "Phạm Văn Cường", "Ngô Thị Lý"]
    for row, name in enumerate(names):
        page.fill(f"#citizens-{row}-full_name", name)
    for row in (0, 1):
        page.check(f"#citizens-{row}-representative")
    page.fill("#citizens-0-phone", "0912 345 678")
    page.select_option("#kind", "complaint")
    page.select_option("#field", "compensation")
    page.fill("#subject", "Khiếu nại mức bồi thường dự án đường vành đai")
    page.fill("#area", "Tổ 7")
    page.fill("#summary", "Đoàn 12 hộ dân đề nghị xem xét lại đơn giá bồi thường.")
    page.click("#register-visit")
    assert page.locator("#result").is_visible()
    assert page.inner_text("#result-group") == "Có (12 người)"
    assert page.inner_text("#result-case-new") == "vụ việc mới"
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", page.inner_text("#result-due"))
    assert "Căn cứ:" in page.inner_text("#result-basis")
    check_page(page, screenshots, "desk-registered")

    answer = requests.get(
        f"{site.base}/api/v1/visits",
        headers={"Authorization": f"Bearer {_token_for(site, site.username('lan'))}"},
        timeout=10,
    )
    assert answer.status_code == 200
    [visit] = answer.json()["items"]
    assert (visit["headcount"], visit["is_group"], visit["reception"]) == (12, True, "periodic")
    assert [c["full_name"] for c in visit["citizens"]] == names
    assert all(c["representative"] for c in visit["citizens"])  # in a group those listed are its representatives
    assert visit["citizens"][0]["phone"].replace(" ", "") == "0912345678"
    assert visit["host_name"] == "Chủ tịch UBND phường"
    assert page.locator(f"#day-{visit['id']}").is_visible()


def test_errors_stand_next_to_their_fields_and_keep_what_was_typed(page, site: Ward, screenshots) -> None:
    sign_in(page, site.base, site.username("lan"), path="/desk")
    page.fill("#citizens-0-full_name", "Đỗ Văn Hùng")
    page.fill("#citizens-0-phone", "12345")
    page.fill("#area", "Tổ 3")
    page.click("#register-visit")
    assert page.locator("#kind-errors").is_visible()
    page.select_option("#kind", "feedback")
    page.select_option("#field", "housing")
    page.click("#register-visit")
    assert "Số điện thoại" in page.inner_text("#citizens-0-phone-errors")
    assert page.get_attribute("#citizens-0-phone", "aria-invalid") == "true"
    assert page.locator("#subject-errors").is_visible()
    assert page.input_value("#citizens-0-full_name") == "Đỗ Văn Hùng"
    assert page.input_value("#area") == "Tổ 3"
    check_page(page, screenshots, "desk-errors")


def test_a_petition_through_the_form(page, site: Ward, screenshots) -> None:
    sign_in(page, site.base, site.username("lan"), path="/desk/petitions")
    check_page(page, screenshots, "petition-empty")
    page.select_option("#channel", "post")
    page.fill("#signers", "2")
    page.fill("#citizens-0-full_name", "Vũ Thị Lan")
    page.fill("#citizens-1-full_name", "Vũ Văn Minh")
    page.select_option("#kind", "denunciation")
    page.select_option("#field", "official_conduct")
    page.fill("#subject", "Tố cáo cán bộ địa chính nhận tiền")
    page.fill("#area", "Tổ 1")
    page.click("#register-petition")
    if page.locator("#paper_file_ref-errors").count():  # the unit keeps no denouncer identity: a paper file
        page.locator("#more summary").click()
        page.fill("#paper_file_ref", "HS-2026-001")
        page.click("#register-petition")
    assert page.locator("#result").is_visible()
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", page.inner_text("#result-due"))
    assert "Vũ Thị Lan" not in page.inner_text("#main")  # a denunciation's identity is not shown back
    check_page(page, screenshots, "petition-registered")


def _tab_to(page: Any, element_id: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_visit_registered_with_the_keyboard_alone(page, site: Ward) -> None:
    page.goto(f"{site.base}/login?next=/desk")
    _tab_to(page, "username")
    page.keyboard.type(site.username("lan"))
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site.base}/desk"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    _tab_to(page, "citizens-2-full_name")
    _tab_to(page, "add-citizen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "citizens-3-full_name"  # the new row has the focus
    page.keyboard.type("Mai Văn Sơn")
    _tab_to(page, "citizens-3-representative")
    page.keyboard.press("Space")
    _tab_to(page, "kind")
    page.keyboard.press("ArrowDown")  # Khiếu nại
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Đất đai
    _tab_to(page, "subject")
    page.keyboard.type("Cấp giấy chứng nhận quyền sử dụng đất chậm")
    page.keyboard.press("Tab")
    page.keyboard.type("Tổ 9")
    _tab_to(page, "register-visit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("#result-group") == "Không (1 người)"
    assert "Mai Văn Sơn" in page.inner_text("#day-visits")


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("lan", ["nav-home", "nav-desk", "nav-password"], ["nav-users", "nav-clients", "nav-audit"]),
        ("chu.tich", ["nav-home", "nav-password"], ["nav-desk", "nav-users"]),
        ("quan.tri", ["nav-home", "nav-users", "nav-clients", "nav-audit", "nav-password"], ["nav-desk"]),
    ],
)
def test_navigation_per_role(page, site: Ward, username: str, visible: list[str], hidden: list[str]) -> None:
    sign_in(page, site.base, site.username(username))
    for item in visible:
        expect(page.locator(f"#site-nav #{item}")).to_be_visible()  # waits: the page may still be loading
    for item in hidden:
        assert page.locator(f"#{item}").count() == 0, item
    if username != "lan":
        assert page.goto(f"{site.base}/desk").status == 403


def test_every_administration_page_and_the_password_page(page, site: Ward, screenshots) -> None:
    sign_in(page, site.base, site.username("quan.tri"))
    for path, name in [
        ("/admin/users", "admin-users"),
        ("/admin/users/new", "admin-user-new"),
        (f"/admin/users/{site.username('lan')}", "admin-user-edit"),
        ("/admin/clients", "admin-clients"),
        ("/admin/audit", "admin-audit"),
        ("/account/password", "password"),
    ]:
        assert page.goto(f"{site.base}{path}").status == 200, path
        check_page(page, screenshots, name)
    page.goto(f"{site.base}/admin/users/new")
    page.click("#save-account")
    assert page.locator("#username-errors").is_visible()
    check_page(page, screenshots, "admin-user-errors")


def test_single_sign_on_through_the_province_provider(page, own_site: Ward, oidc_provider, screenshots) -> None:
    site = own_site
    app = site.platform.apps["console"]
    page.goto(f"{site.base}/login")
    assert page.locator("#sign-in-sso").count() == 0  # not configured: no button
    provider = oidc_provider(f"{site.base}/login/sso/callback")
    console = app.extensions["tiepdan_console"]
    console.config = replace(
        console.config,
        oidc_metadata_url=provider.metadata_url,
        oidc_client_id=provider.client_id,
        oidc_client_secret=provider.client_secret,
        oidc_role_map={"tiepdan-clerk": "clerk"},
        oidc_agency="Văn phòng HĐND-UBND",
    )
    page.goto(f"{site.base}/desk")
    check_page(page, screenshots, "login-sso")
    page.click("#sign-in-sso")
    assert page.url.startswith(provider.issuer)
    provider.sign_in(page, "nguyen.van.an")
    assert page.url == f"{site.base}/desk"  # back to the page asked for
    assert page.inner_text("#person-name") == "Nguyễn Văn An"
    assert page.locator("#nav-desk").is_visible()

    runtime = site.platform.runtimes["console"]
    account = get_account(console_work(runtime), "nguyen.van.an")
    assert account is not None
    assert (account.roles, account.scope.unit, account.agency) == (("clerk",), "bach-quang", "Văn phòng HĐND-UBND")
    entries, _ = read_audit(console_work(runtime))
    actions = [(e.action, e.detail.get("method")) for e in entries if e.target == "nguyen.van.an"]
    assert ("account_created", "oidc") in actions
    assert ("sign_in", "oidc") in actions

    # The second sign-in finds the same account and brings its roles up to date.
    page.click("#logout")
    console.config = replace(console.config, oidc_role_map={"tiepdan-clerk": ["clerk", "leader"]})
    page.goto(f"{site.base}/login")
    page.click("#sign-in-sso")
    if not page.url.startswith(site.base):
        provider.sign_in(page, "nguyen.van.an")
    assert page.inner_text("#person-name") == "Nguyễn Văn An"
    account = get_account(console_work(runtime), "nguyen.van.an")
    assert account is not None
    assert account.roles == ("clerk", "leader")
    assert [a.username for a in _accounts(runtime)].count("nguyen.van.an") == 1
    entries, _ = read_audit(console_work(runtime))
    assert any(e.action == "roles_changed" and e.target == "nguyen.van.an" for e in entries)


def _accounts(runtime: Any) -> list[Any]:
    from tiepdan.console.service.accounts import list_accounts

    return list_accounts(console_work(runtime))


def test_single_sign_on_without_a_mapped_role_is_refused(page, own_site: Ward, oidc_provider) -> None:
    site = own_site
    provider = oidc_provider(
        f"{site.base}/login/sso/callback",
        accounts={"khach": {"name": "Khách", "groups": ["nhan-vien-khac"]}},
    )
    console = site.platform.apps["console"].extensions["tiepdan_console"]
    console.config = replace(
        console.config,
        oidc_metadata_url=provider.metadata_url,
        oidc_client_id=provider.client_id,
        oidc_client_secret=provider.client_secret,
        oidc_role_map={"tiepdan-clerk": "clerk"},
    )
    page.goto(f"{site.base}/login")
    page.click("#sign-in-sso")
    provider.sign_in(page, "khach")
    assert "chưa được giao vai trò" in page.inner_text("#login-error")
    assert get_account(console_work(site.platform.runtimes["console"]), "khach") is None
    page.context.clear_cookies()  # the provider would remember the person: sign in afresh, and give up
    page.goto(f"{site.base}/login")
    page.click("#sign-in-sso")
    provider.cancel(page)
    assert page.locator("#login-error").is_visible()
