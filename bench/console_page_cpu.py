"""What each console page costs in CPU across every process it touches, on the same stack and 100,000 cases as
`bench.console_pages`: the console's gunicorn, the APIs it calls, the router and the stack's PostgreSQL backends
(not the services' workers: a page read sends no event).

For each page, one signed-in person of a role that opens it asks for it BENCH_PAGE_CPU_REQUESTS times (default 40)
one after another, after two warm-up requests; the figure is the user and system CPU time those processes gained
(/proc/<pid>/stat), less what they spend idle (the workers' polling, measured for IDLE_S before each page), per
request, in all and per process (`cpu_ms_by_process`: "intake-web", ..., "postgres" for the backends). CPU time,
not wall time: other work on the machine adds little to it, so the figure compares before and after a change on a
shared machine (seen within about 10 % from run to run on a busy one). The stack is left to settle first, as in
`bench.console_pages`.
Run: `make bench BENCH=console_page_cpu`; BENCH_CONSOLE_CASES as in `bench.console_pages`; BENCH_PAGE_CPU_PAGES
(comma-separated, as written in PAGES_BY_ROLE) to measure only some pages.
"""

from __future__ import annotations

import os
import statistics
import time
from collections import defaultdict
from typing import Any

import requests

from bench.common import record
from bench.console_pages import (
    CASES,
    PAGES_BY_ROLE,
    add_people,
    cpu_seconds,
    register_one_visit,
    seed_cases,
    settle,
    sign_in,
    stack,
    stack_processes,
)

REQUESTS = int(os.environ.get("BENCH_PAGE_CPU_REQUESTS", "40"))
IDLE_S = 4.0
ONLY = {page for page in os.environ.get("BENCH_PAGE_CPU_PAGES", "").split(",") if page}


def measure(http: requests.Session, url: str, processes: dict[int, str]) -> dict[str, Any]:
    for _ in range(2):
        http.get(url, timeout=60)
    # A GET page sends no event: the workers' bursts (timers, the overdue scan) are theirs, not the page's.
    pids = [pid for pid, name in processes.items() if not name.endswith("-worker")]
    idle_from = {pid: cpu_seconds([pid]) for pid in pids}
    time.sleep(IDLE_S)
    before = {pid: cpu_seconds([pid]) for pid in pids}
    walls = []
    started_all = time.perf_counter()
    for _ in range(REQUESTS):
        started = time.perf_counter()
        answer = http.get(url, timeout=60)
        walls.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{url} answered {answer.status_code}")
    took = time.perf_counter() - started_all
    spent: dict[str, float] = defaultdict(float)
    for pid in pids:
        idle = (before[pid] - idle_from[pid]) / IDLE_S * took
        spent[processes[pid]] += cpu_seconds([pid]) - before[pid] - idle
    per_request = {name: round(seconds / REQUESTS * 1000, 1) for name, seconds in sorted(spent.items())}
    return {
        "cpu_ms": round(sum(spent.values()) / REQUESTS * 1000, 1),
        "wall_p50_ms": round(statistics.median(walls), 1),
        "cpu_ms_by_process": {name: ms for name, ms in per_request.items() if abs(ms) >= 0.5},
    }


def main() -> None:
    with stack() as env:
        database_url = env["TIEPDAN_INTAKE_DATABASE_URL"]
        people = add_people(env["TIEPDAN_CONSOLE_DATABASE_URL"])
        console = f"http://127.0.0.1:{int(env['TIEPDAN_STACK_PORT']) + 4}"
        register_one_visit(console, next(name for name, role in people if role == "clerk"))
        case_id, _ = seed_cases(database_url, CASES)
        month_ago = time.strftime("%d/%m/%Y", time.localtime(time.time() - 30 * 86400))
        paths = {"case": case_id, "month_ago": month_ago}
        load = settle(database_url)
        print(f"console_page_cpu: measuring; load average {' '.join(f'{x:.2f}' for x in load)}", flush=True)
        figures: dict[str, dict[str, Any]] = {}
        for role, pages in PAGES_BY_ROLE.items():
            http = requests.Session()
            sign_in(http, console, next(name for name, r in people if r == role))
            for page in pages:
                # The home page is each role's own (the leader's day for leaders).
                name = f"/ ({role})" if page == "/" else page
                if name in figures or (ONLY and page not in ONLY):
                    continue
                # Listed each time: a pool may have opened a PostgreSQL connection since.
                figures[name] = measure(http, f"{console}{page.format(**paths)}", stack_processes(database_url))
                print(f"  {name}: {figures[name]}", flush=True)
    record(
        "console_page_cpu",
        {"cases": CASES + 1, "requests_per_page": REQUESTS, "load_average_before": list(load), "figures": figures},
    )


if __name__ == "__main__":
    main()
