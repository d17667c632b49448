"""Probes and metrics, as every service has them; static files served by the console itself."""

from __future__ import annotations

from console_support import add_account, sign_in
from flask.testing import FlaskClient

from tiepdan.kit.service import Runtime


def test_health_readiness_and_metrics(runtime: Runtime, client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok", "service": "console"}
    assert client.get("/readyz").status_code == 200
    add_account(runtime, "lan")
    sign_in(client, "lan", "sai mật khẩu rồi nhé")
    sign_in(client, "lan")
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'tiepdan_console_sign_ins_total{outcome="failed"}' in metrics
    assert 'tiepdan_console_sign_ins_total{outcome="signed_in"}' in metrics
    assert 'service="console"' in metrics


def test_the_stylesheet_is_served_locally_and_no_page_loads_another_site(client: FlaskClient) -> None:
    css = client.get("/static/console.css")
    assert css.status_code == 200
    assert css.mimetype == "text/css"
    page = client.get("/login").get_data(as_text=True)
    assert "http://" not in page
    assert "https://" not in page
    assert "<script" not in page
