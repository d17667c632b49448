"""The units' names in every page's header, the public pages' too: the platform's (reports' `/api/v1/units`), as the
pages' bodies give them, from the process's copy; the console's setting when reports does not answer."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import LiveServer
from console_support import add_account, sign_in
from flask import Flask
from flask.testing import FlaskClient
from live_support import Wards, api, open_ward, rename_unit, token_of

from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.console.config import ConsoleConfig
from tiepdan.console.web.app import create_console_app
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import unused_port
from tiepdan.reports.app import SERVICE as REPORTS

SHIPPED = "UBND phường Bách Quang"
RENAMED = "Ủy ban nhân dân phường Bách Quang"
HEADER = re.compile(r'id="unit-name">([^<]*)<')
Q1 = {"kind": "quarter", "year": 2026, "n": 1}


@pytest.fixture
def ward(serve_platform: Callable[..., LiveServer]) -> Wards:
    """Reports and the console, with the ward's accounts (`hung` the leader)."""
    return open_ward(serve_platform(REPORTS, CONSOLE))


def page_of(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, answer.status_code
    return html.unescape(answer.get_data(as_text=True))


def header(page: str) -> str:
    found = HEADER.search(page)
    assert found is not None, "the page has no header unit name"
    return found[1]


def count_units_calls(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the console's calls to reports' `/api/v1/units`, as they are made."""
    services = app.extensions["tiepdan_console"].services
    made: list[str] = []
    original = services.call

    def call(service: str, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        if path == "/api/v1/units":
            made.append(path)
        return original(service, method, path, *args, **kwargs)

    monkeypatch.setattr(services, "call", call)
    return made


def test_a_renamed_ward_is_named_alike_in_the_header_and_the_page(ward: Wards) -> None:
    leader = ward.platform.apps["console"].test_client()
    sign_in(leader, "hung")
    assert header(page_of(leader, "/")) == SHIPPED
    rename_unit(ward, ward.unit, RENAMED)
    made = api(ward, "POST", "/api/v1/reports", token_of(ward, ("leader",)), {"template": "01/TCD", "period": Q1})
    assert made.status_code == 201, made.text

    page = page_of(leader, f"/reports/{made.json()['id']}")
    assert header(page) == RENAMED
    assert f"<title>Báo cáo · {RENAMED}</title>" in page
    facts = page.split('id="snapshot-facts"', 1)[1].split("</dl>", 1)[0]
    assert f"<dd>{RENAMED}</dd>" in facts  # the report's unit, in the page's body
    assert SHIPPED not in page

    public = page_of(ward.platform.apps["console"].test_client(), "/thong-tin")  # nobody signed in
    assert header(public) == RENAMED
    assert f"<p>{RENAMED} · " in public  # the footer


def test_the_names_are_read_once_a_lifetime_not_at_every_page(ward: Wards, monkeypatch: pytest.MonkeyPatch) -> None:
    app = ward.platform.apps["console"]
    made = count_units_calls(app, monkeypatch)
    app.extensions["tiepdan_console"].unit_names.forget()
    leader = app.test_client()
    sign_in(leader, "hung")
    for path in ("/", "/reports", "/account/password"):
        assert header(page_of(leader, path)) == SHIPPED
    assert header(page_of(app.test_client(), "/thong-tin")) == SHIPPED
    assert len(made) == 1


def test_reports_unreachable_gives_the_settings_names_and_the_pages(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    setting = {"bach-quang": "Phường Bách Quang (tên trong cài đặt)"}
    add_account(runtime, "lan", ("clerk",))
    add_account(runtime, "hung", ("leader",))
    add_account(runtime, "moi", ("clerk",), unit="phuong-moi")
    down = f"http://127.0.0.1:{unused_port()}"
    app = create_console_app(runtime, ConsoleConfig(api_timeout_s=1.0, api_url=down, unit_names=setting))
    made = count_units_calls(app, monkeypatch)

    assert header(page_of(app.test_client(), "/thong-tin")) == setting["bach-quang"]
    clerk = app.test_client()
    sign_in(clerk, "lan")
    assert header(page_of(clerk, "/")) == setting["bach-quang"]
    leader = app.test_client()
    sign_in(leader, "hung")
    reports = page_of(leader, "/reports")  # a page whose own calls to reports fail too
    assert header(reports) == setting["bach-quang"]
    assert "Hiện không kết nối được" in reports
    elsewhere = app.test_client()
    sign_in(elsewhere, "moi")
    assert header(page_of(elsewhere, "/")) == "Đơn vị chưa đặt tên (mã phuong-moi)"
    assert len(made) == 1  # reports down is asked again a lifetime later, not at every page
