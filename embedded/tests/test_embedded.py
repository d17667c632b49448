"""Embedded mode: `make run` comes up quickly, and SIGKILL at any moment loses nothing committed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tiepdan.kit.testing import bearer, unused_port, wait_until

HERE = Path(__file__).parent


def healthy(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthz", timeout=1).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], str]]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
        port = port or unused_port()
        env = {**os.environ, "TIEPDAN_DATA_DIR": str(tmp_path / "var"), "TIEPDAN_PORT": str(port)}
        env.pop("TIEPDAN_AMQP_URL", None)
        process = subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        processes.append(process)
        return process, f"http://127.0.0.1:{port}"

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_make_run_serves_healthz_within_30_seconds(launch: Callable[..., tuple[subprocess.Popen[bytes], str]]) -> None:
    started = time.monotonic()
    process, base = launch(["-m", "tiepdan.embedded"])
    wait_until(lambda: healthy(base), 30, 0.2, "the embedded platform's /healthz")
    assert time.monotonic() - started < 30
    body = requests.get(f"{base}/healthz", timeout=2).json()
    assert set(body["services"]) == {"intake", "roster", "alerts", "reports", "console"}
    assert requests.get(f"{base}/readyz", timeout=5).status_code == 200
    index = requests.get(f"{base}/api", timeout=5).json()
    assert index["console"] == "/"
    assert set(index["docs"]) == {"intake", "roster", "alerts", "reports"}
    page = requests.get(f"{base}/", timeout=5)
    assert page.headers["Content-Type"].startswith("text/html")
    assert '<html lang="vi">' in page.text
    assert 'id="login-form"' in page.text
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=20)[0].decode()
    assert "TOKEN_CLERK=" in output
    assert "/intake/docs" in output
    assert f"console: {base}/" in output
    assert "first administrator: admin / " in output


def test_sigkill_loses_nothing_committed(
    launch: Callable[..., tuple[subprocess.Popen[bytes], str]], tmp_path: Path
) -> None:
    runner = str(HERE / "run_sample.py")
    process, base = launch([runner])
    wait_until(lambda: healthy(base), 30, 0.2, "the sample platform")
    acknowledged: list[str] = []
    stop = threading.Event()

    def post_notes() -> None:
        headers = bearer("clerk")
        while not stop.is_set():
            try:
                response = requests.post(f"{base}/api/v1/notes", json={"text": "ghi nhận"}, headers=headers, timeout=2)
            except requests.RequestException:
                return
            if response.status_code == 201:
                acknowledged.append(response.json()["id"])

    writer = threading.Thread(target=post_notes)
    writer.start()
    wait_until(lambda: len(acknowledged) >= 60, 30, 0.05, "a stream of committed notes")
    process.kill()  # SIGKILL, mid-stream: some outbox rows are pending, some half-dispatched
    stop.set()
    writer.join(5)
    assert len(acknowledged) >= 60

    port = int(base.rsplit(":", 1)[1])
    launch([runner], port)
    wait_until(lambda: healthy(base), 30, 0.2, "the restarted platform")
    database = tmp_path / "var" / "test.db"

    def drained() -> bool:
        with sqlite3.connect(database) as conn:
            return conn.execute("SELECT count(*) FROM outbox WHERE published_at IS NULL").fetchone()[0] == 0

    wait_until(drained, 30, 0.2, "the outbox to drain after restart")
    with sqlite3.connect(database) as conn:
        notes = {row[0] for row in conn.execute("SELECT id FROM notes")}
        effects = [row[0] for row in conn.execute("SELECT visit_id FROM applied")]
    assert set(acknowledged) <= notes
    assert len(effects) == len(set(effects)), "an event was applied twice"
    assert set(effects) == notes, "a committed note lost its event"
