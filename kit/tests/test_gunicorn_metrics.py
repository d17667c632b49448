"""Metrics under gunicorn with 4 workers: totals equal the requests sent; the exposition passes promtool."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from sample.service import SAMPLE

from tiepdan.kit.testing import bearer, listening_socket, system_tool, wait_until

TESTS = Path(__file__).parent
REQUESTS = 200


@pytest.fixture
def gunicorn_server(make_runtime: Any, sqlite_url: str, tmp_path: Path) -> Iterator[str]:
    make_runtime(SAMPLE, sqlite_url)  # migrated once, before the workers start
    listener = listening_socket()  # gunicorn serves on this very socket: no other process can take the port first
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "TIEPDAN_TEST_DATABASE_URL": sqlite_url,
        "PYTHONPATH": str(TESTS),
        "WEB_CONCURRENCY": "4",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-c",
            "python:tiepdan.kit.gunicorn_conf",
            "--bind",
            f"fd://{listener.fileno()}",
            "sample.wsgi:create()",
        ],
        env=env,
        pass_fds=(listener.fileno(),),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    listener.close()  # the server holds its own copy
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(f"{base}/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(up, 30, 0.2, "gunicorn to serve /healthz")
        yield base
    finally:
        process.terminate()
        process.wait(15)


def test_request_totals_across_four_workers(gunicorn_server: str) -> None:
    headers = bearer("clerk")
    for _ in range(REQUESTS):
        assert requests.get(f"{gunicorn_server}/api/v1/notes", headers=headers, timeout=5).status_code == 200
    exposition = requests.get(f"{gunicorn_server}/metrics", timeout=5).text
    total = sum(
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == "tiepdan_http_requests_total" and sample.labels.get("route") == "/api/v1/notes"
    )
    assert total == REQUESTS
    promtool = system_tool("promtool", "prometheus")
    check = subprocess.run([promtool, "check", "metrics"], input=exposition, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
