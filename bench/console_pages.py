"""The console's pages under 20 signed-in people at once, on the local stack (issue 15): gunicorn on PostgreSQL and
RabbitMQ, every service as the chart runs it (`tools/stack.py`, a stack of its own named `bench_console` on free
ports, removed afterwards).

BENCH_CONSOLE_USERS clerks (default 20) each loop for BENCH_CONSOLE_SECONDS (default 60), pausing about
BENCH_CONSOLE_THINK_S (default 2 s, jittered) between requests as a person at a desk does: sign in, open the home
page (which counts alerts through the alerts API), the reception desk (the day's visits through intake's API), the
petitions desk and the password page a few times, register a visit through the desk's form, sign out. Each
request's time is the time to the answer's last byte on loopback, straight to the console's gunicorn (the console
itself calls the APIs through the stack's router, as behind the Ingress).
Targets: every page's p95 ≤ 150 ms, sign-in's p95 ≤ 300 ms.
Run: `make bench BENCH=console_pages` or `python -m bench.console_pages`.
"""

from __future__ import annotations

import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from bench.common import record

ROOT = Path(__file__).resolve().parent.parent
STACK_NAME = "bench_console"
USERS = int(os.environ.get("BENCH_CONSOLE_USERS", "20"))
SECONDS = float(os.environ.get("BENCH_CONSOLE_SECONDS", "60"))
THINK_S = float(os.environ.get("BENCH_CONSOLE_THINK_S", "2"))
PASSWORD = "mật khẩu đo tải 2026"
PAGES = ("/", "/desk", "/desk/petitions", "/account/password")
#: Page views between two sign-ins of one person.
VIEWS_PER_SESSION = 3
PAGE_P95_MS = 150.0
SIGN_IN_P95_MS = 300.0
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key"[^>]*value="([^"]+)"')


def _free_port_range(width: int = 8) -> int:
    """A first port with `width` free ports below and above it (the stack's router sits one below)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = int(probe.getsockname()[1])
        if first + width > 65000:
            continue
        try:
            for port in range(first - 1, first + width):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            for port in range(first + 100, first + 100 + width):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free port range")


@contextmanager
def stack() -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "TIEPDAN_STACK_NAME": STACK_NAME,
        "TIEPDAN_STACK_PORT": str(_free_port_range()),
        # Every simulated person comes from 127.0.0.1: the per-address sign-in limit is not what is measured.
        "TIEPDAN_CONSOLE_SIGN_IN_RATE": "100000 per minute",
        "TIEPDAN_LOG_LEVEL": "WARNING",
    }
    tool = [sys.executable, str(ROOT / "tools" / "stack.py")]
    try:
        subprocess.run([*tool, "up"], cwd=ROOT, env=env, check=True)
        exported = subprocess.run([*tool, "env"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        values = dict(re.findall(r"^export (\w+)='(.*)'$", exported.stdout, re.M))
        yield {**values, "TIEPDAN_STACK_PORT": env["TIEPDAN_STACK_PORT"]}
    finally:
        subprocess.run([*tool, "reset"], cwd=ROOT, env=env, check=False)


def add_clerks(console_database_url: str) -> list[str]:
    from tiepdan.console.app import SERVICE
    from tiepdan.console.service.accounts import CLI, AccountDraft, create_account
    from tiepdan.kit.service import Runtime
    from tiepdan.kit.testing import test_settings

    runtime = Runtime(SERVICE, test_settings("console", console_database_url))
    runtime.start()
    names = [f"can.bo.{n:02d}" for n in range(USERS)]
    try:
        for name in names:
            draft = AccountDraft(name, f"Cán bộ {name}", "Văn phòng HĐND-UBND", ("clerk",), "bach-quang", None)
            create_account(runtime, draft, PASSWORD, CLI)
    finally:
        runtime.dispose()
    return names


class Timings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, name: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.samples[name].append(seconds * 1000)
            if not ok:
                self.errors[name] += 1


def _timed(timings: Timings, name: str, send: object, expect: tuple[int, ...] = (200,)) -> requests.Response:
    time.sleep(random.uniform(0.5, 1.5) * THINK_S)
    started = time.perf_counter()
    response: requests.Response = send()  # type: ignore[operator]
    _ = response.content
    timings.add(name, time.perf_counter() - started, response.status_code in expect)
    return response


def person(base: str, username: str, timings: Timings, stop_at: float) -> None:
    http = requests.Session()
    n = 0
    while time.monotonic() < stop_at:
        login = http.get(f"{base}/login", timeout=30)
        token = CSRF.search(login.text)
        if token is None:
            timings.add("sign-in", 0.0, False)
            return
        form = {"username": username, "password": PASSWORD, "next": "/", "csrf_token": token.group(1)}
        _timed(
            timings,
            "sign-in",
            lambda f=form: http.post(f"{base}/login", data=f, allow_redirects=False, timeout=30),
            (302,),
        )
        for _ in range(VIEWS_PER_SESSION):
            for path in PAGES:
                page = _timed(timings, path, lambda p=path: http.get(f"{base}{p}", timeout=30))
            n += 1
        desk = http.get(f"{base}/desk", timeout=30)
        csrf, key = CSRF.search(desk.text), KEY.search(desk.text)
        if csrf and key:
            visit = {
                "csrf_token": csrf.group(1),
                "idempotency_key": key.group(1),
                "reception": "regular",
                "kind": "complaint",
                "field": "land",
                "subject": f"Tranh chấp ranh giới thửa đất số {n}",
                "area": "Tổ 5",
                "citizens-0-full_name": "Trần Văn Bình",
                "citizens-0-phone": "0912345678",
            }
            _timed(
                timings,
                "register visit",
                lambda v=visit: http.post(f"{base}/desk", data=v, allow_redirects=False, timeout=30),
                (302,),
            )
        logout = CSRF.search(page.text)
        if logout:
            http.post(f"{base}/logout", data={"csrf_token": logout.group(1)}, allow_redirects=False)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    with stack() as env:
        names = add_clerks(env["TIEPDAN_CONSOLE_DATABASE_URL"])
        console = f"http://127.0.0.1:{int(env['TIEPDAN_STACK_PORT']) + 4}"  # the console is the stack's fifth
        timings = Timings()
        load_before = os.getloadavg()
        stop_at = time.monotonic() + SECONDS
        threads = [threading.Thread(target=person, args=(console, n, timings, stop_at)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        load_after = os.getloadavg()
    figures = {
        name: {
            "requests": len(values),
            "errors": timings.errors.get(name, 0),
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "p99_ms": round(percentile(values, 99), 1),
        }
        for name, values in sorted(timings.samples.items())
    }
    pages_ok = all(figures[p]["p95_ms"] <= PAGE_P95_MS for p in PAGES if p in figures)
    sign_in_ok = "sign-in" in figures and figures["sign-in"]["p95_ms"] <= SIGN_IN_P95_MS
    record(
        "console_pages",
        {
            "users": USERS,
            "seconds": SECONDS,
            "think_s": THINK_S,
            "figures": figures,
            "targets": {"page_p95_ms": PAGE_P95_MS, "sign_in_p95_ms": SIGN_IN_P95_MS},
            "pages_meet_target": pages_ok,
            "sign_in_meets_target": sign_in_ok,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
        },
    )


if __name__ == "__main__":
    main()
