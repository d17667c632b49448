"""From `POST /api/v1/visits` to the alert readable at `GET /api/v1/alerts`, on RabbitMQ (issue 5, item 3).

intake and alerts run as they do in the local stack (tools/stack.py), each as gunicorn (the kit's shared
configuration: 2 workers × 4 threads) plus a worker process, on their own scratch PostgreSQL databases and one
RabbitMQ (names under a unique prefix); alerts may run BENCH_ALERTS_WORKERS (1) competing workers, as its
Deployment scales. Logs go to bench/results/alerts_latency_logs/.

Visits of 5 people, each on its own subject, are posted open-loop at BENCH_ALERTS_RATE per second (50) for
BENCH_ALERTS_SECONDS (60), after one warm-up visit has crossed the whole pipeline; each must raise exactly one
crowd alert. A poller reads the newest alerts every POLL_S (50 ms: the figures carry up to that much measuring
error) and notes when each subject first appears. After the last POST the run waits until every alert is
readable or none has appeared for STALL_S, then counts lost and duplicate alerts. The backlogs (intake's
unpublished outbox, the alerts queue) are sampled every second to show where work waits, and the workers'
stage histograms (commit → relay read → broker confirm → consumer receipt → commit in alerts) are read from their
metrics ports at the end to show where the time goes. CPU used per visit by each process of the stack and how
busy the whole machine was (other work included) while visits were sent show who competes for the cores.
Target: p99 < 500 ms, no lost and no duplicate alerts.
Run: `make bench BENCH=alerts_latency`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
from cryptography.fernet import Fernet
from kombu import Connection
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from bench.common import AMQP_URL, RESULTS, record, scratch_database
from tiepdan.kit.amqp import Names
from tiepdan.kit.testing import TEST_JWT_SECRET, bearer, delete_amqp_names, unused_port

POLL_S = 0.05
STALL_S = 30.0
BIN = Path(sys.executable).parent


def _visit(run: str, i: int) -> dict[str, Any]:
    return {
        "reception": "regular",
        "host_name": "Cán bộ tiếp dân",
        "headcount": 5,
        "citizens": [
            {
                "full_name": f"Người đại diện {i}",
                "id_number": f"0010{85 + i % 10}{i:06d}",
                "phone": "0912345678",
                "address": "Tổ 5, phường Bách Quang",
                "representative": True,
            }
        ],
        "kind": "complaint",
        "field": "land",
        "subject": f"Bench {run} #{i}",
        "area": "Tổ dân phố 5",
        "summary": "Đề nghị xem xét lại giá bồi thường đất",
        "party_related": False,
    }


class Stack:
    """intake and alerts, each as gunicorn + worker, on their own databases and the shared broker."""

    def __init__(self, intake_db: str, alerts_db: str, prefix: str, logs: Path, alerts_workers: int) -> None:
        self.intake_port, self.alerts_port = unused_port(), unused_port()
        self.env = {
            **os.environ,
            "TIEPDAN_INTAKE_DATABASE_URL": intake_db,
            "TIEPDAN_ALERTS_DATABASE_URL": alerts_db,
            "TIEPDAN_AMQP_URL": AMQP_URL,
            "TIEPDAN_AMQP_PREFIX": prefix,
            "TIEPDAN_JWT_SECRET": TEST_JWT_SECRET,
            "TIEPDAN_INTAKE_IDENTITY_KEYS": Fernet.generate_key().decode(),
            "TIEPDAN_INTAKE_INDEX_KEY": uuid.uuid4().hex,
            "TIEPDAN_LOG_LEVEL": "WARNING",
        }
        self.logs = logs
        self.alerts_workers = alerts_workers
        self.processes: list[subprocess.Popen[bytes]] = []
        self.metrics_ports: dict[str, int] = {}  # worker name → its /metrics port
        self.names: list[str] = []  # of `processes`, in order

    def start(self) -> None:
        """As a deployment does: migrate, declare the bus (no event unroutable), then web and worker processes."""
        with (self.logs / "setup.log").open("wb") as log:
            for step in (["db", "upgrade", "intake"], ["db", "upgrade", "alerts"], ["bus", "declare"]):
                subprocess.run([str(BIN / "tiepdan"), *step], env=self.env, check=True, stdout=log, stderr=log)
        for service, port in (("intake", self.intake_port), ("alerts", self.alerts_port)):
            metrics = self.logs / f"{service}-metrics"
            metrics.mkdir(exist_ok=True)
            web = {"HOST": "127.0.0.1", "PORT": str(port), "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
            self._spawn(
                f"{service}-web",
                [
                    str(BIN / "gunicorn"),
                    "-c",
                    "python:tiepdan.kit.gunicorn_conf",
                    f"tiepdan.{service}.app:create_app()",
                ],
                web,
            )
            for n in range(self.alerts_workers if service == "alerts" else 1):
                name = f"{service}-worker-{n}"
                self.metrics_ports[name] = unused_port()
                self._spawn(
                    name,
                    [str(BIN / "tiepdan"), "worker", service],
                    {"TIEPDAN_WORKER_METRICS_PORT": str(self.metrics_ports[name])},
                )
        for port in (self.intake_port, self.alerts_port):
            self._wait_ready(port)

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        with (self.logs / f"{name}.log").open("wb") as log:  # the child keeps its own copy of the descriptor
            self.processes.append(
                subprocess.Popen(command, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
            )
        self.names.append(name)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by each process of the stack, gunicorn's workers counted with their master."""
        tick = os.sysconf("SC_CLK_TCK")
        used: dict[int, tuple[int, float]] = {}  # pid → (parent pid, CPU seconds)
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split() if entry.name.isdigit() else []
            except OSError:  # gone meanwhile
                continue
            if fields:  # after the command name: state, ppid, …, utime (12th), stime (13th)
                used[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
        return {
            name: sum(cpu for pid, (parent, cpu) in used.items() if process.pid in (pid, parent))
            for name, process in zip(self.names, self.processes, strict=True)
        }

    def _wait_ready(self, port: int) -> None:
        deadline, last = time.monotonic() + 120, "no answer"
        while time.monotonic() < deadline:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
                if response.status_code == 200:
                    return
                last = response.text
            except requests.RequestException as exc:
                last = str(exc)
            time.sleep(0.5)
        raise RuntimeError(f"service on port {port} not ready ({last}); logs in {self.logs}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _warm_up(visits_url: str, alerts_url: str, run: str) -> None:
    """One visit through the whole pipeline first: workers start slower than web processes (imports, broker)."""
    session = requests.Session()
    session.headers.update(bearer("clerk"))
    body = _visit(f"{run}-warm-up", 999_999)
    assert session.post(visits_url, json=body, timeout=30).status_code == 201
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        items = session.get(alerts_url, params={"kind": "crowd", "limit": 5}, timeout=10).json()["items"]
        if any(a["subject"] == body["subject"] for a in items):
            return
        time.sleep(0.5)
    raise RuntimeError("the warm-up visit raised no alert within 180 s")


class Poller(threading.Thread):
    """Reads the newest crowd alerts over and over; notes when each subject is first readable."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.seen: dict[str, float] = {}
        #: per subject: the alert's raised_at minus its first_seen (the visit's received_at, stamped by intake)
        self.raised_after_s: dict[str, float] = {}
        self.stop_event = threading.Event()
        self.session = requests.Session()
        self.session.headers.update(bearer("clerk"))

    def run(self) -> None:
        while not self.stop_event.is_set():
            cursor = None
            while True:
                params: dict[str, Any] = {"kind": "crowd", "limit": 10, **({"cursor": cursor} if cursor else {})}
                page = self.session.get(self.url, params=params, timeout=10).json()
                now = time.perf_counter()
                fresh = [a for a in page["items"] if a["subject"] not in self.seen]
                for alert in fresh:
                    self.seen[alert["subject"]] = now
                    raised, received = (datetime.fromisoformat(alert[k]) for k in ("raised_at", "first_seen"))
                    self.raised_after_s[alert["subject"]] = (raised - received).total_seconds()
                # a full page of unseen alerts means more may hide on the next one
                if len(fresh) < len(page["items"]) or not page["next_cursor"]:
                    break
                cursor = page["next_cursor"]
            self.stop_event.wait(POLL_S)


class Backlog(threading.Thread):
    """Where work waits: intake's unpublished outbox rows and the alerts queue's ready messages, every second."""

    def __init__(self, intake_db: str, queue: str) -> None:
        super().__init__(daemon=True)
        self.engine = create_engine(intake_db)
        self.queue = queue
        self.outbox_max = 0
        self.queue_max = 0
        self.stop_event = threading.Event()

    def run(self) -> None:
        with Connection(AMQP_URL) as connection:
            channel = connection.channel()
            while not self.stop_event.wait(1.0):
                with self.engine.connect() as db:
                    pending = db.execute(text("SELECT count(*) FROM outbox WHERE published_at IS NULL")).scalar_one()
                _, ready, _ = channel.queue_declare(self.queue, passive=True)
                self.outbox_max = max(self.outbox_max, int(pending))
                self.queue_max = max(self.queue_max, int(ready))
        self.engine.dispose()


#: The stage histograms the workers expose (kit: relay and consumer; alerts: event to alert), by sample name.
STAGES = {
    "tiepdan_outbox_relay_delay_seconds": ("stage",),
    "tiepdan_bus_event_age_seconds": ("stage",),
    "tiepdan_alerts_event_to_alert_seconds": ("kind",),
}


def _stage_figures(ports: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Count, mean and bucket-bound p50/p99 (ms) of every stage histogram, summed over the workers."""
    buckets: dict[str, Counter[float]] = {}
    sums: Counter[str] = Counter()
    for port in ports.values():
        page = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        for family in text_string_to_metric_families(page):
            if family.name not in STAGES:
                continue
            for sample in family.samples:
                label = f"{family.name.removeprefix('tiepdan_').removesuffix('_seconds')}:" + ",".join(
                    sample.labels.get(k, "") for k in STAGES[family.name]
                )
                if sample.name.endswith("_bucket"):
                    buckets.setdefault(label, Counter())[float(sample.labels["le"])] += sample.value
                elif sample.name.endswith("_sum"):
                    sums[label] += sample.value
    figures = {}
    for label, cumulative in sorted(buckets.items()):
        count = cumulative[float("inf")]
        if not count:
            continue
        figures[label] = {
            "count": int(count),
            "mean_ms": _ms(sums[label] / count),
            "p50_le_ms": _bucket_bound(cumulative, 0.5),
            "p99_le_ms": _bucket_bound(cumulative, 0.99),
        }
    return figures


def _bucket_bound(cumulative: Counter[float], q: float) -> float | None:
    """The upper bound (ms) of the bucket holding the q-quantile; None when it is past the last finite bucket."""
    total = cumulative[float("inf")]
    upper = next(b for b in sorted(cumulative) if cumulative[b] >= q * total)
    return None if upper == float("inf") else _ms(upper)


def _all_crowd_subjects(url: str) -> Counter[str]:
    subjects: Counter[str] = Counter()
    cursor = None
    session = requests.Session()
    session.headers.update(bearer("clerk"))
    while True:
        page = session.get(
            url, params={"kind": "crowd", "limit": 500, **({"cursor": cursor} if cursor else {})}, timeout=30
        ).json()
        subjects.update(a["subject"] for a in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return subjects


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU jiffies of the whole machine since boot, from /proc/stat (idle and iowait are not busy)."""
    jiffies = [float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(jiffies) - jiffies[3] - jiffies[4], sum(jiffies)


def _ms(seconds: float) -> float:
    return round(1000 * seconds, 1)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    rate = float(os.environ.get("BENCH_ALERTS_RATE", "50"))
    seconds = float(os.environ.get("BENCH_ALERTS_SECONDS", "60"))
    alerts_workers = int(os.environ.get("BENCH_ALERTS_WORKERS", "1"))
    run = uuid.uuid4().hex[:6]
    prefix = f"bench{run}."
    total = int(rate * seconds)
    logs = RESULTS / "alerts_latency_logs"
    logs.mkdir(parents=True, exist_ok=True)
    with scratch_database("tiepdan_bench_intake") as intake_db, scratch_database("tiepdan_bench_alerts") as alerts_db:
        stack = Stack(intake_db, alerts_db, prefix, logs, alerts_workers)
        try:
            stack.start()
            alerts_url = f"http://127.0.0.1:{stack.alerts_port}/api/v1/alerts"
            visits_url = f"http://127.0.0.1:{stack.intake_port}/api/v1/visits"
            _warm_up(visits_url, alerts_url, run)
            poller = Poller(alerts_url)
            poller.start()
            backlog = Backlog(intake_db, Names(prefix).queue("alerts"))
            backlog.start()
            posted: dict[str, float] = {}
            post_times: list[float] = []
            failures: Counter[int] = Counter()
            local = threading.local()

            def post(i: int, due: float) -> None:
                session = getattr(local, "session", None)
                if session is None:
                    session = local.session = requests.Session()
                    session.headers.update(bearer("clerk"))
                time.sleep(max(0.0, due - time.perf_counter()))
                body = _visit(run, i)
                started = time.perf_counter()
                response = session.post(visits_url, json=body, timeout=30)
                post_times.append(time.perf_counter() - started)
                if response.status_code == 201:
                    posted[body["subject"]] = started
                else:
                    failures[response.status_code] += 1

            cpu_before, busy_before = stack.cpu_seconds(), _machine_busy()
            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=32) as pool:
                for i in range(total):
                    pool.submit(post, i, began + i / rate)
            sending = time.perf_counter() - began
            cpu_after, busy_after = stack.cpu_seconds(), _machine_busy()
            cpu_per_visit_ms = {
                name: round(1000 * (cpu_after[name] - cpu_before.get(name, 0.0)) / total, 2) for name in cpu_after
            }
            machine_busy = round(
                (busy_after[0] - busy_before[0]) / (busy_after[1] - busy_before[1]) * (os.cpu_count() or 1), 2
            )
            # wait for the backlog: until every alert is readable, or nothing new has appeared for STALL_S
            last_progress, last_count = time.perf_counter(), len(poller.seen)
            while not set(posted) <= set(poller.seen) and time.perf_counter() - last_progress < STALL_S:
                time.sleep(0.2)
                if len(poller.seen) != last_count:
                    last_progress, last_count = time.perf_counter(), len(poller.seen)
            poller.stop_event.set()
            backlog.stop_event.set()
            poller.join()
            backlog.join()
            latencies = [poller.seen[s] - t for s, t in posted.items() if s in poller.seen]
            counts = _all_crowd_subjects(alerts_url)
            raised = list(poller.raised_after_s.values())
            stages = _stage_figures(stack.metrics_ports)
        finally:
            stack.stop()
            delete_amqp_names(AMQP_URL, prefix)
    lost = [s for s in posted if counts[s] == 0]
    duplicates = [s for s, n in counts.items() if n > 1]
    record(
        "alerts_latency",
        {
            "rate_per_s": rate,
            "seconds": seconds,
            "alerts_workers": alerts_workers,
            "visits_posted": len(posted),
            "post_failures": dict(failures),
            "achieved_rate_per_s": round(len(posted) / sending, 1),
            "post_p50_ms": round(1000 * statistics.median(post_times), 1),
            "post_p99_ms": round(1000 * _percentile(post_times, 0.99), 1),
            "alerts_seen": len(latencies),
            "lost_alerts": len(lost),
            "duplicate_alerts": len(duplicates),
            "latency_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
            "latency_p99_ms": round(1000 * _percentile(latencies, 0.99), 1) if latencies else None,
            "latency_max_ms": round(1000 * max(latencies), 1) if latencies else None,
            "received_to_raised_p50_ms": _ms(statistics.median(raised)) if raised else None,
            "received_to_raised_p99_ms": _ms(_percentile(raised, 0.99)) if raised else None,
            "max_intake_outbox_pending": backlog.outbox_max,
            "max_alerts_queue_ready": backlog.queue_max,
            "stages": stages,
            "cpu_ms_per_visit": cpu_per_visit_ms,
            "machine_busy_cores_while_sending": machine_busy,
            "load_average": os.getloadavg(),
            "poll_interval_ms": POLL_S * 1000,
            "target_p99_ms": 500,
        },
    )


if __name__ == "__main__":
    main()
