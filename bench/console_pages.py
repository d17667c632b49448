"""The console's pages under 20 signed-in people at once, with BENCH_CONSOLE_CASES cases (default 100,000) in
intake's database, on the local stack (issue 17): gunicorn on PostgreSQL and RabbitMQ, every service as the chart
runs it (`tools/stack.py`, a stack of its own named `bench_console` on free ports, removed afterwards).

Seeding: one visit is registered through the desk's form, and its case row is copied into the cases table
BENCH_CONSOLE_CASES times by one INSERT ... SELECT in the bench's setup (with one history entry each):
a bulk insert through intake's tables, not intake's write path, so that 100,000 cases take seconds. The copies are
spread over five years received; 2 % are open (received) with their deadlines around today, a third of those
overdue; some are complex or brought by a group. Seeding is not measured: afterwards the seeded tables are vacuumed
and analysed (as a database of that size long in service would be), the bench waits until the stack is idle and the
machine's load has fallen (at most BENCH_CONSOLE_SETTLE_S, default 180 s), every role's pages having been opened
before. The load average at the measurement's start and end is printed and recorded.

BENCH_CONSOLE_USERS people (default 20: 8 clerks, 6 leaders, 3 police, 3 province officers) each loop for
BENCH_CONSOLE_SECONDS (default 60) over their role's pages, pausing about BENCH_CONSOLE_THINK_S (default 2 s,
jittered) between requests as a person at a desk does: the cases list (unfiltered and filtered), a case page, the
deadline board, the home page (the leader's day for leaders), the alerts board, the duty calendar, the reports, the
province's and the police's views, the reception desk; clerks register a visit through the desk's form once per
sign-in. Each request's time is the time to the answer's last byte on loopback, straight to the console's gunicorn
(the console calls each API at its own web process, as the chart gives it).
Page weight: each page once, its HTML plus the stylesheets and scripts it links (no images), in bytes.
Targets: every page's p95 ≤ 150 ms and weight < 200 kB; sign-in's p95 ≤ 300 ms.
Run: `make bench BENCH=console_pages` or `python -m bench.console_pages`; `BENCH_CONSOLE_CASES=2000` to check that
it runs; BENCH_CONSOLE_PORT sets the stack's first port (default: a free range).
"""

from __future__ import annotations

import json
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
STATE = ROOT / "var" / STACK_NAME
USERS = int(os.environ.get("BENCH_CONSOLE_USERS", "20"))
CASES = int(os.environ.get("BENCH_CONSOLE_CASES", "100000"))
SECONDS = float(os.environ.get("BENCH_CONSOLE_SECONDS", "60"))
THINK_S = float(os.environ.get("BENCH_CONSOLE_THINK_S", "2"))
SETTLE_S = float(os.environ.get("BENCH_CONSOLE_SETTLE_S", "180"))
#: Idle: the stack's processes and its PostgreSQL backends together use less than this share of one core.
IDLE_CORE_SHARE = 0.05
PASSWORD = "mật khẩu đo tải 2026"
#: Each role's pages; `{case}` is an open seeded case. The name a figure is recorded under is the path as written.
PAGES_BY_ROLE = {
    "clerk": (
        "/cases",
        "/cases?status=received&overdue=true&kind=complaint",
        "/cases/{case}",
        "/deadlines",
        "/",
        "/alerts",
        "/roster",
        "/desk",
    ),
    "leader": (
        "/",
        "/cases",
        "/cases?complex=true&received_from={month_ago}",
        "/cases/{case}",
        "/deadlines",
        "/alerts",
        "/reports",
        "/roster",
    ),
    "police": ("/police", "/alerts"),
    "province": ("/province", "/reports", "/alerts"),
}
#: How the 20 people divide into roles (in this order, the rest clerks).
ROLE_SHARE = (("leader", 6), ("police", 3), ("province", 3))
#: Rounds of a role's pages between two sign-ins of one person.
VIEWS_PER_SESSION = 2
PAGE_P95_MS = 150.0
SIGN_IN_P95_MS = 300.0
PAGE_WEIGHT_LIMIT = 200_000
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
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
        "TIEPDAN_STACK_PORT": os.environ.get("BENCH_CONSOLE_PORT") or str(_free_port_range()),
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


def roles_of_people() -> list[str]:
    roles: list[str] = []
    for role, share in ROLE_SHARE:
        roles.extend([role] * min(share, max(USERS - len(roles) - 1, 0)))
    return ["clerk"] * (USERS - len(roles)) + roles


def add_people(console_database_url: str) -> list[tuple[str, str]]:
    from tiepdan.console.app import SERVICE
    from tiepdan.console.service.accounts import CLI, AccountDraft, create_account
    from tiepdan.console.service.unit_of_work import console_work
    from tiepdan.kit.service import Runtime
    from tiepdan.kit.testing import test_settings

    runtime = Runtime(SERVICE, test_settings("console", console_database_url))
    runtime.start()
    people = [(f"can.bo.{n:02d}", role) for n, role in enumerate(roles_of_people())]
    try:
        for name, role in people:
            unit, units = ("bach-quang", None) if role != "province" else (None, "*")
            draft = AccountDraft(name, f"Cán bộ {name}", "Văn phòng HĐND-UBND", (role,), unit, units)
            create_account(console_work(runtime), draft, PASSWORD, CLI)
    finally:
        runtime.dispose()
    return people


#: Columns of a seeded copy that differ from the registered case's row; every other column is copied as it is.
OPEN_EVERY = 50


def _overrides(fields: list[str]) -> dict[str, str]:
    open_case = f"n % {OPEN_EVERY} = 0"
    received = f"CASE WHEN {open_case} THEN CURRENT_DATE - (n % 45) ELSE CURRENT_DATE - 45 - (n % 1800) END"
    due = f"CASE WHEN {open_case} THEN CURRENT_DATE - (n % 45) + 30 END"
    closed = "(ARRAY['resolved','filed','guided','transferred','withdrawn'])[1 + (n / 7) % 5]"
    return {
        "id": "gen_random_uuid()::text",
        "kind": "(ARRAY['complaint','recommendation','feedback','complaint'])[1 + n % 4]",
        "field": "(ARRAY[" + ",".join(f"'{f}'" for f in fields) + f"])[1 + n % {len(fields)}]",
        "subject": "'Vụ việc số ' || n",
        "subject_key": "'vu viec so ' || n",
        "area": "'Tổ ' || (1 + n % 25)",
        "status": f"CASE WHEN {open_case} THEN 'received' ELSE {closed} END",
        "received_on": received,
        "next_due": due,
        "deadlines": f"""CASE WHEN {open_case} THEN jsonb_set(jsonb_set(t.deadlines::jsonb,
            '{{process_by,date}}', to_jsonb(({due})::text)), '{{reply_due,date}}', to_jsonb(({due} + 3)::text))::json
            ELSE t.deadlines END""",
        "complex": "n % 37 = 0",
        "complainants": "CASE WHEN n % 53 = 0 THEN 12 ELSE 1 END",
        "opened_at": f"({received})::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' + interval '9 hours'",
        "updated_at": f"({received})::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' + interval '9 hours'",
        "first_visit_at": f"({received})::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' + interval '9 hours'",
    }


def seed_cases(intake_database_url: str, count: int) -> tuple[str, float]:
    """Copy the one registered case `count` times (see the module's note); an open copy's id and the seconds taken."""
    from sqlalchemy import create_engine, text

    from tiepdan.intake.adapters.orm import CaseRow
    from tiepdan.intake.domain.vocabulary import Field

    started = time.perf_counter()
    engine = create_engine(intake_database_url)
    columns = [c.name for c in CaseRow.__table__.columns if c.name != "seq"]
    overrides = _overrides([f.value for f in Field])
    values = ", ".join(overrides.get(name, f"t.{name}") for name in columns)
    try:
        with engine.begin() as conn:
            template = conn.execute(text("SELECT id FROM cases ORDER BY seq LIMIT 1")).scalar_one()
            conn.execute(
                text(
                    f"INSERT INTO cases ({', '.join(columns)}) SELECT {values}"
                    " FROM cases t, generate_series(1, :count) AS n WHERE t.id = :template"
                ),
                {"count": count, "template": template},
            )
            conn.execute(
                text(
                    "INSERT INTO case_history (unit, case_id, at, actor, actor_name, action, from_status, to_status,"
                    " details) SELECT unit, id, opened_at, 'bench-' || (seq % 8), 'Cán bộ thụ lý ' || (seq % 8),"
                    " 'open_by_visit', NULL, 'received', '{}' FROM cases WHERE id <> :template"
                ),
                {"template": template},
            )
            case_id = conn.execute(
                text("SELECT id FROM cases WHERE next_due IS NOT NULL AND id <> :template ORDER BY seq DESC LIMIT 1"),
                {"template": template},
            ).scalar_one()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # A table of that size in service has been vacuumed: visibility map set (index-only scans), stats fresh.
            conn.execute(text("VACUUM ANALYZE cases"))
            conn.execute(text("VACUUM ANALYZE case_history"))
    finally:
        engine.dispose()
    return str(case_id), time.perf_counter() - started


def _stack_database_backends(database_url: str) -> list[int]:
    """The PostgreSQL backends serving the stack's databases (its connection pools, autovacuum on its tables)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname LIKE %s AND pid <> pg_backend_pid()",
            (f"tiepdan_{STACK_NAME}_%",),
        ).fetchall()
    return [int(pid) for (pid,) in rows]


def stack_processes(database_url: str) -> dict[int, str]:
    """Every process the stack's page views cost CPU in, by pid, named by what it runs: each started process's
    session (gunicorn's master and its workers, e.g. "intake-web"; the workers; the router) and the PostgreSQL
    backends of the stack's databases ("postgres")."""
    names = {pid: name for name, pid in json.loads((STATE / "pids.json").read_text(encoding="utf-8")).items()}
    members = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                session = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3])
            except (OSError, IndexError, ValueError):
                continue
            if session in names:
                members[int(entry.name)] = names[session]
    return members | dict.fromkeys(_stack_database_backends(database_url), "postgres")


def stack_pids(database_url: str) -> list[int]:
    return list(stack_processes(database_url))


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (processes gone since are counted as nothing)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def settle(database_url: str) -> tuple[float, ...]:
    """Wait until the stack is idle and the machine's 1-minute load is at most its core count (or SETTLE_S passed);
    the load average then."""
    deadline = time.monotonic() + SETTLE_S
    cores = os.cpu_count() or 1
    while time.monotonic() < deadline:
        pids = stack_pids(database_url)
        before = cpu_seconds(pids)
        time.sleep(5)
        idle = (cpu_seconds(pids) - before) / 5 < IDLE_CORE_SHARE
        if idle and os.getloadavg()[0] <= cores:
            break
    return os.getloadavg()


def warm(base: str, people: list[tuple[str, str]], paths: dict[str, str]) -> None:
    """Each role's pages twice (a gunicorn runs two workers), so that no measured request is a process's first."""
    for role, pages in PAGES_BY_ROLE.items():
        http = requests.Session()
        sign_in(http, base, next(name for name, r in people if r == role))
        for _ in range(2):
            for page in pages:
                http.get(f"{base}{page.format(**paths)}", timeout=60)


def register_one_visit(base: str, username: str) -> None:
    http = requests.Session()
    sign_in(http, base, username)
    desk = http.get(f"{base}/desk", timeout=30)
    csrf, key = CSRF.search(desk.text), KEY.search(desk.text)
    if not (csrf and key):
        raise RuntimeError("the desk's form has no CSRF token or idempotency key")
    answer = http.post(f"{base}/desk", data=_visit(csrf.group(1), key.group(1), 0), allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise RuntimeError(f"registering the template visit answered {answer.status_code}")


def _visit(csrf: str, key: str, n: int) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "idempotency_key": key,
        "reception": "regular",
        "kind": "complaint",
        "field": "land",
        "subject": f"Tranh chấp ranh giới thửa đất số {n}",
        "area": "Tổ 5",
        "citizens-0-full_name": "Trần Văn Bình",
        "citizens-0-phone": "0912345678",
    }


def sign_in(http: requests.Session, base: str, username: str, timings: Timings | None = None) -> bool:
    login = http.get(f"{base}/login", timeout=30)
    token = CSRF.search(login.text)
    if token is None:
        if timings is not None:
            timings.add("sign-in", 0.0, False)
        return False
    form = {"username": username, "password": PASSWORD, "next": "/", "csrf_token": token.group(1)}
    send = lambda f=form: http.post(f"{base}/login", data=f, allow_redirects=False, timeout=30)  # noqa: E731
    if timings is None:
        return send().status_code == 302
    return _timed(timings, "sign-in", send, (302,)).status_code == 302


def page_weights(base: str, people: list[tuple[str, str]], paths: dict[str, str]) -> dict[str, int]:
    """Each page's HTML and the stylesheets and scripts it links, in bytes, read once by a person of a role that
    may open it."""
    weights: dict[str, int] = {}
    assets: dict[str, int] = {}
    for role, pages in PAGES_BY_ROLE.items():
        username = next(name for name, r in people if r == role)
        http = requests.Session()
        sign_in(http, base, username)
        for page in pages:
            if page in weights:
                continue
            html = http.get(f"{base}{page.format(**paths)}", timeout=60).content
            total = len(html)
            for asset in sorted(set(ASSET.findall(html.decode("utf-8", "replace")))):
                if asset not in assets:
                    assets[asset] = len(http.get(f"{base}{asset.replace('&amp;', '&')}", timeout=30).content)
                total += assets[asset]
            weights[page] = total
    return weights


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


def person(base: str, username: str, role: str, paths: dict[str, str], timings: Timings, stop_at: float) -> None:
    http = requests.Session()
    n = 0
    while time.monotonic() < stop_at:
        if not sign_in(http, base, username, timings):
            return
        page = None
        for _ in range(VIEWS_PER_SESSION):
            for path in PAGES_BY_ROLE[role]:
                url = f"{base}{path.format(**paths)}"
                page = _timed(timings, path, lambda u=url: http.get(u, timeout=30))
                if time.monotonic() >= stop_at:
                    break
        n += 1
        if role == "clerk":
            desk = http.get(f"{base}/desk", timeout=30)
            csrf, key = CSRF.search(desk.text), KEY.search(desk.text)
            if csrf and key:
                visit = _visit(csrf.group(1), key.group(1), n)
                _timed(
                    timings,
                    "register visit",
                    lambda v=visit: http.post(f"{base}/desk", data=v, allow_redirects=False, timeout=30),
                    (302,),
                )
        logout = CSRF.search(page.text) if page is not None else None
        if logout:
            http.post(f"{base}/logout", data={"csrf_token": logout.group(1)}, allow_redirects=False)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    with stack() as env:
        people = add_people(env["TIEPDAN_CONSOLE_DATABASE_URL"])
        console = f"http://127.0.0.1:{int(env['TIEPDAN_STACK_PORT']) + 4}"  # the console is the stack's fifth
        register_one_visit(console, next(name for name, role in people if role == "clerk"))
        case_id, seed_s = seed_cases(env["TIEPDAN_INTAKE_DATABASE_URL"], CASES)
        month_ago = time.strftime("%d/%m/%Y", time.localtime(time.time() - 30 * 86400))
        paths = {"case": case_id, "month_ago": month_ago}
        weights = page_weights(console, people, paths)
        warm(console, people, paths)
        load_before = settle(env["TIEPDAN_INTAKE_DATABASE_URL"])
        print(f"console_pages: measuring; load average {' '.join(f'{x:.2f}' for x in load_before)}", flush=True)
        timings = Timings()
        stop_at = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=person, args=(console, name, role, paths, timings, stop_at))
            for name, role in people
        ]
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
            **({"weight_bytes": weights[name]} if name in weights else {}),
        }
        for name, values in sorted(timings.samples.items())
    }
    pages = {page for pages in PAGES_BY_ROLE.values() for page in pages}
    pages_ok = all(figures[p]["p95_ms"] <= PAGE_P95_MS for p in pages if p in figures)
    weights_ok = all(weight < PAGE_WEIGHT_LIMIT for weight in weights.values())
    sign_in_ok = "sign-in" in figures and figures["sign-in"]["p95_ms"] <= SIGN_IN_P95_MS
    record(
        "console_pages",
        {
            "users": USERS,
            "roles": dict(sorted((role, roles_of_people().count(role)) for role in PAGES_BY_ROLE)),
            "cases": CASES + 1,
            "seed_seconds": round(seed_s, 1),
            "seconds": SECONDS,
            "think_s": THINK_S,
            "figures": figures,
            "targets": {
                "page_p95_ms": PAGE_P95_MS,
                "page_weight_bytes_below": PAGE_WEIGHT_LIMIT,
                "sign_in_p95_ms": SIGN_IN_P95_MS,
            },
            "pages_meet_target": pages_ok,
            "weights_meet_target": weights_ok,
            "sign_in_meets_target": sign_in_ok,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
        },
    )


if __name__ == "__main__":
    main()
