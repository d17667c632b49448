"""The console reads the services through their public APIs with the person's token, and says so when one is down."""

from __future__ import annotations

import pytest
from conftest import LiveServer
from console_support import add_account, sign_in
from flask.testing import FlaskClient

from tiepdan.console.config import ConsoleConfig
from tiepdan.console.web.app import create_console_app
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import unused_port


def test_the_home_page_counts_open_alerts_through_the_api(live_platform: LiveServer) -> None:
    console = live_platform.platform.runtimes["console"]
    add_account(console, "lan", ("clerk",))
    client = live_platform.platform.apps["console"].test_client()
    sign_in(client, "lan")
    page = client.get("/").get_data(as_text=True)
    assert 'id="alerts-open-count">0<' in page


@pytest.mark.parametrize("where", ["api_url", "service_urls"])
def test_a_service_down_is_a_clear_message_not_a_500(runtime: Runtime, where: str) -> None:
    add_account(runtime, "lan", ("clerk",))
    down = f"http://127.0.0.1:{unused_port()}"
    address: dict[str, object] = {"api_url": down} if where == "api_url" else {"service_urls": {"alerts": down}}
    app = create_console_app(runtime, ConsoleConfig(api_timeout_s=1.0, **address))  # type: ignore[arg-type]
    client = app.test_client()
    sign_in(client, "lan")
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="alerts-unavailable"' in page.get_data(as_text=True)
    assert "không kết nối được dịch vụ cảnh báo" in page.get_data(as_text=True)


def test_without_an_api_address_outside_embedded_mode_the_page_still_answers(
    runtime: Runtime, client: FlaskClient
) -> None:
    add_account(runtime, "lan", ("clerk",))
    sign_in(client, "lan")
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="alerts-unavailable"' in page.get_data(as_text=True)
