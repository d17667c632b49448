"""Hộp thư (`/hop-thu`): the alerts a person's receivers were told of, through the alerts API, on real services."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import LiveServer
from console_support import PASSWORD, add_account, sign_in
from flask.testing import FlaskClient
from live_support import full_platform, report_over_level
from playwright.sync_api import Page

from tiepdan.console.web import inbox
from tiepdan.kit.browser import DESKTOP, PHONE, assert_accessible, assert_fits_width


@pytest.fixture
def platform(serve_platform: Callable[..., LiveServer]) -> LiveServer:
    served = full_platform(serve_platform)
    add_account(served.platform.runtimes["console"], "thuy", ("party_standing",))
    return served


def page(served: LiveServer, username: str, path: str = "/hop-thu") -> str:
    client: FlaskClient = served.platform.apps["console"].test_client()
    sign_in(client, username)
    answer = client.get(path)
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def test_each_person_reads_what_their_receivers_were_told(platform: LiveServer, monkeypatch) -> None:
    province = report_over_level(platform, "province", subject="Giải phóng mặt bằng")  # warning: office, police
    central = report_over_level(platform, "central", subject="Tái định cư")  # critical: the leader, the Party too

    police = page(platform, "loc")
    assert 'id="nav-inbox"' in police
    assert police.index(f'id="inbox-{central}"') < police.index(f'id="inbox-{province}"')  # newest first
    assert "Cảnh báo mới" in police
    assert "Công an phường" in police
    leader = page(platform, "hung")
    assert f'id="inbox-{central}"' in leader
    assert f'id="inbox-{province}"' not in leader
    party = page(platform, "thuy")
    assert f'id="inbox-{central}"' in party
    assert f'id="inbox-{province}"' not in party
    assert "Thường trực Đảng ủy phường" in party

    monkeypatch.setattr(inbox, "PAGE_SIZE", 1)
    first = page(platform, "loc")
    assert f'id="inbox-{central}"' in first
    assert f'id="inbox-{province}"' not in first
    following = re.search(r'href="([^"]+)" id="next-page"', first)
    assert following is not None
    second = page(platform, "loc", following.group(1).replace("&amp;", "&"))
    assert f'id="inbox-{province}"' in second
    assert 'id="first-page"' in second


def test_the_inbox_is_for_those_alerts_are_sent_to(platform: LiveServer) -> None:
    client = platform.platform.apps["console"].test_client()
    add_account(platform.platform.runtimes["console"], "quan", ("admin",))
    sign_in(client, "quan")
    assert client.get("/hop-thu").status_code == 403
    assert 'id="nav-inbox"' not in client.get("/").get_data(as_text=True)


def test_the_inbox_in_a_browser_at_both_widths(
    platform: LiveServer, page: Page, screenshots: Callable[[Page, str], object]
) -> None:
    report_over_level(platform, "province", subject="Giải phóng mặt bằng")
    central = report_over_level(platform, "central", subject="Tái định cư")
    page.goto(f"{platform.base}/login?next=/hop-thu")
    page.fill("#username", "thuy")
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{platform.base}/hop-thu")
    assert page.locator(f"#inbox-{central}").is_visible()
    assert_accessible(page)
    screenshots(page, "inbox")
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
