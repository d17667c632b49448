"""Readiness: a web process needs its database only (the outbox holds events while the broker is away); a worker
needs its database and the broker, and answers /healthz, /readyz and /metrics on its own port."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from sample.service import SAMPLE

from tiepdan.kit import testing
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import TcpProxy, unused_port, wait_until
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker


def test_a_web_process_is_ready_while_the_broker_is_away(make_runtime: Callable[..., Runtime], sqlite_url: str) -> None:
    away = f"amqp://guest:guest@127.0.0.1:{unused_port()}/%2F"
    client = create_service_app(make_runtime(SAMPLE, sqlite_url, amqp_url=away)).test_client()
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"status": "ready", "service": "test"}


def test_a_web_process_without_its_database_is_not_ready() -> None:
    unreachable = f"postgresql+psycopg://postgres@127.0.0.1:{unused_port()}/tiepdan"
    runtime = Runtime(SAMPLE, testing.test_settings("test", unreachable))
    try:
        response = create_service_app(runtime).test_client().get("/readyz")
    finally:
        runtime.dispose()
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "database unreachable" in response.get_json()["detail"]


@pytest.mark.rabbitmq
def test_a_worker_is_ready_only_with_its_database_and_the_broker(
    make_runtime: Callable[..., Runtime],
    sqlite_url: str,
    amqp_url: str,
    amqp_prefix: str,
    tcp_proxy: Callable[[str, int], TcpProxy],
) -> None:
    proxy = tcp_proxy("127.0.0.1", int(amqp_url.rsplit(":", 1)[1].split("/")[0]))
    runtime = make_runtime(SAMPLE, sqlite_url, amqp_url=proxy.url(), amqp_prefix=amqp_prefix)
    worker = Worker.for_runtime(runtime)
    worker.start()
    base = f"http://127.0.0.1:{worker.serve_operations(0, '127.0.0.1')}"
    try:

        def readiness() -> int:
            return requests.get(f"{base}/readyz", timeout=10).status_code

        wait_until(lambda: readiness() == 200, 20, 0.2, "the worker ready with its broker")
        proxy.cut()
        wait_until(lambda: readiness() == 503, 20, 0.2, "the worker not ready without its broker")
        answer = requests.get(f"{base}/readyz", timeout=10)
        assert answer.headers["Content-Type"].startswith("application/problem+json")
        assert answer.json()["detail"] == "test: broker unreachable"
        assert requests.get(f"{base}/healthz", timeout=5).json() == {"status": "ok", "services": ["test"]}
        proxy.restore()
        wait_until(lambda: readiness() == 200, 20, 0.2, "the worker ready again once the broker is back")
        metrics = requests.get(f"{base}/metrics", timeout=5)
        assert metrics.status_code == 200
        assert "tiepdan_outbox_pending" in metrics.text
        assert requests.get(f"{base}/nothing", timeout=5).status_code == 404
    finally:
        proxy.restore()
        worker.stop()
