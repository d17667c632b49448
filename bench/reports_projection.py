"""Reports projection throughput and the 01/TCD year report over it, on PostgreSQL (issue 6, acceptance 3).

1. Project N `intake.visit.registered` events (a synthetic year for ten wards, chronological, cases revisited)
   through the real consumer path — `runtime.processor().process_batch(...)` over the bursts the AMQP consumer
   gathers: envelope check, inbox row per event, the visits' batch handler, one commit per burst — with several
   consumer processes sharing the events as competing consumers of one queue would.
   Target: >= 2,000 events/s.
2. In a fresh process: the 01/TCD year report for one ward and for the province (every ward, a row each), as
   the SQL query alone and as a whole snapshot (figures, CSV, XLSX, PDF with its chart). Target: <= 1 s, with the
   report process's peak memory.

Run: `make bench BENCH=reports_projection` (BENCH_REPORTS_EVENTS, default 1,000,000; BENCH_REPORTS_CONSUMERS,
default 2 processes, one per core of the reference machine).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.common import record, scratch_database
from tiepdan.kit.amqp import Subscription
from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import test_settings
from tiepdan.reports.app import SERVICE
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.ward_time import WARD_TZ

UNITS = tuple(f"phuong-{n:02d}" for n in range(1, 11))
YEAR = CutOffRule().window("year", 2026)
RECEPTIONS = (("regular", 0.80), ("periodic", 0.08), ("unscheduled", 0.04), ("delegated", 0.08))
FIELDS = ("land", "compensation", "housing", "social_policy", "environment", "official_conduct", "justice", "other")


def _reception(draw: float) -> str:
    for name, share in RECEPTIONS:
        if draw < share:
            return name
        draw -= share
    return "regular"


def _headcount(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.70:
        return 1
    if draw < 0.95:
        return rng.randint(2, 4)
    return rng.randint(5, 30)


def synthetic_visits(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """Visits in time order over the 2026 report year; 40% open a case, the rest revisit a recent one."""
    rng = random.Random(seed)
    days = (YEAR.end - YEAR.start).days + 1
    seconds = sorted(rng.randrange(days * 86400) for _ in range(count))
    start = datetime.combine(YEAR.start, datetime.min.time(), tzinfo=WARD_TZ)
    recent: dict[str, list[tuple[str, str]]] = {unit: [] for unit in UNITS}
    visits = []
    for index, offset in enumerate(seconds):
        unit = UNITS[rng.randrange(len(UNITS))]
        received_at = (start + timedelta(seconds=offset)).isoformat()
        cases = recent[unit]
        if not cases or rng.random() < 0.4:
            cases.append((f"{unit}-c{index}", received_at))
            del cases[:-5000]
            case_id, first = cases[-1]
        else:
            case_id, first = cases[rng.randrange(len(cases))]
        headcount = _headcount(rng)
        visits.append(
            {
                "unit": unit,
                "data": {
                    "visit_id": f"v{index}",
                    "case_id": case_id,
                    "received_at": received_at,
                    "reception": _reception(rng.random()),
                    "headcount": headcount,
                    "is_group": headcount >= 5,
                    "repeat": first != received_at,
                    "kind": "complaint",
                    "field": FIELDS[rng.randrange(len(FIELDS))],
                    "subject": "Dự án khu dân cư",
                    "area": f"Tổ dân phố {rng.randint(1, 20)}",
                    "party_related": False,
                    "case_first_visit_at": first,
                    "case_visit_count": 1,
                    "case_status": "received",
                },
            }
        )
    return visits


def write_events(path: Path, count: int) -> None:
    """The message bodies, one per line, as the broker would deliver them."""
    with path.open("w", encoding="utf-8") as out:
        for visit in synthetic_visits(count):
            envelope = Envelope("intake.visit.registered", visit["data"], visit["unit"], "intake", "bench")
            out.write(envelope.to_json() + "\n")


def _share(path: Path, part: int, parts: int) -> list[bytes]:
    """Every `parts`-th line of the file, starting at `part`."""
    with path.open("rb") as lines:
        return [line.rstrip(b"\n") for index, line in enumerate(lines) if index % parts == part]


def _consume(job: tuple[str, Path, int, int]) -> tuple[float, int]:
    """One consumer process: the real consumer path over its share of the events."""
    url, path, part, parts = job
    runtime = Runtime(SERVICE, test_settings("reports", url))
    bodies = _share(path, part, parts)
    processor = runtime.processor()
    size = Subscription(SERVICE.name, SERVICE.subscribes).batch_size  # what the AMQP consumer gathers at most
    started = time.perf_counter()
    done = sum(
        result.outcome is Outcome.DONE
        for first in range(0, len(bodies), size)
        for result in processor.process_batch([(body, 1) for body in bodies[first : first + size]])
    )
    elapsed = time.perf_counter() - started
    runtime.dispose()
    return elapsed, done


def _parallel(function: Any, jobs: list[Any]) -> tuple[float, int]:
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
        results = pool.map(function, jobs)
    return time.perf_counter() - started, sum(done for _, done in results)


def _memory_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS of this process from /proc: unlike ru_maxrss it is not inherited across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"{field} not in /proc/self/status")


def report_timings(url: str) -> None:
    """Runs in its own process, so its peak memory is the report's alone."""
    from tiepdan.reports.service.snapshots import ReportRequest, generate_report

    runtime = Runtime(SERVICE, test_settings("reports", url))
    runtime.state["reports"] = ReportSettings()
    rss_before = _memory_mb("VmRSS")
    figures: dict[str, Any] = {}
    for label, units in (("ward", frozenset({UNITS[0]})), ("province", None)):
        timings = []
        for _ in range(3):
            with runtime.uow() as uow:
                started = time.perf_counter()
                found = uow.figures.reception_figures(units, YEAR, 5)
                timings.append(time.perf_counter() - started)
        figures[f"{label}_query_s"] = [round(t, 3) for t in timings]
        figures[f"{label}_visits_counted"] = sum(f.total_visits for f in found.values())
        timings = []
        for _ in range(2):  # the process's first one also imports and warms matplotlib, reportlab and openpyxl
            started = time.perf_counter()
            with runtime.uow() as uow:
                request = ReportRequest("01/TCD", YEAR, units, "bench", UNITS[0])
                snapshot = generate_report(uow, ReportSettings(), request, datetime(2026, 12, 15, 2, tzinfo=UTC))
                uow.commit()
            timings.append(round(time.perf_counter() - started, 3))
        figures[f"{label}_snapshot_with_files_s"] = timings
        figures[f"{label}_rows"] = len(snapshot.rows or [])
    figures["process_peak_rss_mb"] = _memory_mb("VmHWM")
    figures["process_rss_before_report_mb"] = rss_before
    runtime.dispose()
    print(json.dumps(figures))


def main() -> None:
    total = int(os.environ.get("BENCH_REPORTS_EVENTS", "1000000"))
    consumers = int(os.environ.get("BENCH_REPORTS_CONSUMERS", "2"))
    with scratch_database("tiepdan_bench_reports") as url, tempfile.TemporaryDirectory() as scratch:
        setup = Runtime(SERVICE, test_settings("reports", url))
        setup.start()
        setup.dispose()
        events = Path(scratch) / "events.jsonl"
        write_events(events, total)
        elapsed, done = _parallel(_consume, [(url, events, k, consumers) for k in range(consumers)])
        figures: dict[str, Any] = {
            "events": total,
            "consumer_processes": consumers,
            "consumed_through_processor": done,
            "processor_events_per_s": round(done / elapsed),
            "target_events_per_s": 2000,
        }
        setup = Runtime(SERVICE, test_settings("reports", url))
        with setup.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))  # as autovacuum would have by then: every projection table
            figures["visit_facts_rows"] = conn.execute(text("SELECT count(*) FROM visit_facts")).scalar_one()
        setup.dispose()
        child = subprocess.run(
            [sys.executable, "-c", f"from bench.reports_projection import report_timings; report_timings({url!r})"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        figures["report"] = json.loads(child.stdout.strip().splitlines()[-1])
        figures["target_report_s"] = 1.0
    figures["period"] = YEAR.to_dict()
    record("reports_projection", figures)


if __name__ == "__main__":
    main()
