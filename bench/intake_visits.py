"""POST /api/v1/visits under gunicorn on PostgreSQL vs a bare Flask + marshmallow insert, same run (issue 3, item 4).

Both servers run with the kit's gunicorn settings (gthread, WEB_CONCURRENCY workers × GUNICORN_THREADS threads) on
one scratch PostgreSQL database. The bare endpoint validates a body of the same shape with marshmallow and inserts
the same visit row in one statement, into a copy of `visits` (its columns, keys and indexes; no foreign keys);
intake does everything it really does (JWT, Idempotency-Key, validation, ID numbers, linking, case, deadlines,
encrypted citizens, history, outbox, metrics).

Two measurements per endpoint: the most it sustains (closed loop, BENCH_VISITS_CONCURRENCY clients) and latency at
a fixed 100 requests/s (open loop), each BENCH_VISITS_SECONDS split into BENCH_VISITS_ROUNDS rounds that alternate
between the two servers (both stay up), so load from neighbours on a shared machine falls on both alike. Each paced
phase starts after the page cache's dirty data is written back (`_settle`).
Targets: intake throughput ≥ 0.5 × bare, p99 < 50 ms at 100 requests/s.
Run: `make bench BENCH=intake_visits` or `python -m bench.intake_visits`.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from flask import Flask, request
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import create_engine, text

from bench.common import RESULTS, record, scratch_database
from tiepdan.intake.app import SERVICE
from tiepdan.kit.auth import mint_token
from tiepdan.kit.config import Settings
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import test_settings, unused_port

JWT_SECRET = "bench-secret"
RATE = 100
ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


# --- the bare endpoint ---------------------------------------------------------------------------------------------
class BareCitizen(Schema):
    full_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    id_number = fields.String(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True)
    address = fields.String(load_default=None, allow_none=True)
    representative = fields.Boolean(load_default=False)


class BareVisit(Schema):
    received_at = fields.AwareDateTime(load_default=None, allow_none=True)
    reception = fields.String(required=True, validate=validate.OneOf(["regular", "periodic", "unscheduled"]))
    host_name = fields.String(load_default=None)
    headcount = fields.Integer(required=True, validate=validate.Range(min=1))
    citizens = fields.List(fields.Nested(BareCitizen), load_default=list)
    kind = fields.String(required=True)
    field = fields.String(required=True)
    subject = fields.String(required=True, validate=validate.Length(min=1, max=300))
    area = fields.String(load_default="")
    summary = fields.String(load_default="")
    party_related = fields.Boolean(load_default=False)
    case_id = fields.String(load_default=None, allow_none=True)


BARE_INSERT = text(
    "INSERT INTO bench_bare_visits (id, unit, case_id, received_at, received_on, reception, host_name, headcount,"
    " kind, field, subject, area, summary, party_related, is_group, repeat, identity_stored, created_by,"
    " created_at) VALUES (:id, :unit, :case_id, :received_at, :received_on, :reception, :host_name, :headcount,"
    " :kind, :field, :subject, :area, :summary, :party_related, :is_group, false, true, 'bench', now())"
)


def create_bare_app() -> Flask:
    """gunicorn 'bench.intake_visits:create_bare_app()' with BENCH_BARE_DATABASE_URL."""
    engine = create_engine(os.environ["BENCH_BARE_DATABASE_URL"], pool_size=5, max_overflow=10)
    schema = BareVisit()
    app = Flask("bare")

    @app.post("/api/v1/visits")
    def post_visit() -> Any:
        try:
            body = schema.load(request.get_json())
        except ValidationError as exc:
            return {"errors": exc.messages}, 422
        visit_id = str(uuid.uuid4())
        received_at = body["received_at"] or datetime.now(UTC)
        with engine.begin() as conn:
            conn.execute(
                BARE_INSERT,
                {
                    "id": visit_id,
                    "unit": "bach-quang",
                    "case_id": str(uuid.uuid4()),
                    "received_at": received_at,
                    "received_on": received_at.date(),
                    "reception": body["reception"],
                    "host_name": body["host_name"],
                    "headcount": body["headcount"],
                    "kind": body["kind"],
                    "field": body["field"],
                    "subject": body["subject"],
                    "area": body["area"],
                    "summary": body["summary"],
                    "party_related": body["party_related"],
                    "is_group": body["headcount"] >= 5,
                },
            )
        return {"id": visit_id}, 201

    return app


# --- load ----------------------------------------------------------------------------------------------------------
def _bodies() -> Iterator[bytes]:
    """Distinct people and subjects, so visits mostly open new cases (as on a real day) and some repeat."""
    for n in itertools.count():
        body = {
            "reception": "regular",
            "host_name": "Nguyễn Thị Lan",
            "headcount": 1 + n % 7,
            "citizens": [
                {
                    "full_name": "Trần Văn Bình",
                    "id_number": f"019085{n % 50000:06d}",
                    "phone": "0912345678",
                    "address": "Tổ 5, phường Bách Quang",
                    "representative": True,
                }
            ],
            "kind": "complaint",
            "field": "land",
            "subject": f"Dự án khu dân cư số {n % 50000}",
            "area": "Tổ dân phố 5",
            "summary": "Đề nghị xem xét lại giá bồi thường đất",
            "party_related": False,
        }
        yield json.dumps(body, ensure_ascii=False).encode()


class Client:
    """One keep-alive HTTP/1.1 connection; returns the latency of each POST in seconds."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Content-Type": "application/json", **headers}

    def post(self, body: bytes) -> float:
        # a fresh Idempotency-Key per visit, as the clerks' client sends it (the bare endpoint ignores it)
        headers = {**self.headers, "Idempotency-Key": str(uuid.uuid4())}
        started = time.perf_counter()
        self.conn.request("POST", "/api/v1/visits", body=body, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        if response.status != 201:
            raise RuntimeError(f"HTTP {response.status}: {payload[:300]!r}")
        return time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _summary(samples: list[tuple[list[float], float]]) -> dict[str, float]:
    """Rounds pooled: all their latencies, requests over the time they took together."""
    latencies = [x for round_latencies, _ in samples for x in round_latencies]
    elapsed = sum(seconds for _, seconds in samples)
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
    }


def closed_loop(
    port: int, headers: dict[str, str], bodies: Iterator[bytes], clients: int, seconds: float
) -> tuple[list[float], float]:
    lock, latencies = threading.Lock(), []
    stop_at = time.perf_counter() + seconds

    def run() -> None:
        client = Client(port, headers)
        while time.perf_counter() < stop_at:
            with lock:
                body = next(bodies)
            took = client.post(body)
            with lock:
                latencies.append(took)

    started = time.perf_counter()
    _run_threads(run, clients)
    return latencies, time.perf_counter() - started


def open_loop(
    port: int, headers: dict[str, str], bodies: Iterator[bytes], rate: int, seconds: float
) -> tuple[list[float], float]:
    """Requests start on a fixed schedule whatever the server does, so queueing shows up in the latencies."""
    lock, latencies = threading.Lock(), []
    schedule = iter(range(int(rate * seconds)))
    started = time.perf_counter()

    def run() -> None:
        client = Client(port, headers)
        while True:
            with lock:
                index = next(schedule, None)
                body = next(bodies)
            if index is None:
                return
            due = started + index / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            client.post(body)
            with lock:
                latencies.append(time.perf_counter() - due)  # from when it should have started: no coordinated omission

    _run_threads(run, 16)
    return latencies, time.perf_counter() - started


def _run_threads(target: Callable[[], None], count: int) -> None:
    errors: list[BaseException] = []

    def guarded() -> None:
        try:
            target()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=guarded) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# --- servers -------------------------------------------------------------------------------------------------------
def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _answers_ok(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def gunicorn(app: str, env: dict[str, str], ready_path: str | None = None) -> Iterator[int]:
    """The app on a free port, yielded once it accepts connections and, given `ready_path`, answers it 200 (intake's
    `/readyz`: its database reachable and migrated), so no measured request meets a server still starting."""
    port = unused_port()
    environment = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "TIEPDAN_LOG_LEVEL": "WARNING", **env}
    process = subprocess.Popen(
        [GUNICORN, "-c", "python:tiepdan.kit.gunicorn_conf", app],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not (_answers_ok(port, ready_path) if ready_path else _accepts(port)):
            if process.poll() is not None or time.monotonic() > deadline:
                process.terminate()
                raise RuntimeError(f"{app} did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Target:
    name: str
    port: int
    headers: dict[str, str]
    bodies: Iterator[bytes] = field(default_factory=_bodies)
    closed: list[tuple[list[float], float]] = field(default_factory=list)
    paced: list[tuple[list[float], float]] = field(default_factory=list)


class FsyncProbe(threading.Thread):
    """While the paced phases run: an 8 kB write and fdatasync every 10 ms on the disk PostgreSQL writes its WAL to
    (the bench's results directory, same filesystem here). A slow one means every commit of that moment waited on
    the disk too, whatever the endpoint."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.took: list[float] = []
        self.recording = threading.Event()
        self.stop_event = threading.Event()

    def run(self) -> None:
        self.path.parent.mkdir(exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            while not self.stop_event.wait(0.01):
                if not self.recording.is_set():
                    continue
                os.pwrite(fd, b"\0" * 8192, 0)
                started = time.perf_counter()
                os.fdatasync(fd)
                self.took.append(time.perf_counter() - started)
        finally:
            os.close(fd)
            self.path.unlink(missing_ok=True)

    def summary(self) -> dict[str, float]:
        if not self.took:
            return {"fsyncs": 0}
        return {
            "fsyncs": len(self.took),
            "p99_ms": round(_percentile(self.took, 0.99) * 1000, 1),
            "max_ms": round(max(self.took) * 1000, 1),
            "over_50_ms": sum(1 for took in self.took if took > 0.05),
        }


def _measure(targets: list[Target], clients: int, seconds: float, rounds: int, probe: FsyncProbe) -> None:
    """Rounds alternate between the endpoints, so a neighbour's load on this shared machine hits both alike."""
    for target in targets:
        closed_loop(target.port, target.headers, target.bodies, clients, 2.0)  # warm-up: pools, first-request paths
    for _ in range(rounds):
        for target in targets:
            target.closed.append(closed_loop(target.port, target.headers, target.bodies, clients, seconds / rounds))
        for target in targets:
            _settle()
            probe.recording.set()
            target.paced.append(open_loop(target.port, target.headers, target.bodies, RATE, seconds / rounds))
            probe.recording.clear()


def _settle() -> None:
    """Before a paced phase: write back what the saturation phases left dirty in the page cache and wait a moment.
    Otherwise the kernel's writeback of a few seconds at 300-1,000 requests/s lands in the first seconds at 100/s and
    stalls every commit's WAL flush for 100-300 ms (seen for both endpoints): the latency of the previous phase's
    load, not of 100 requests/s."""
    os.sync()
    time.sleep(1.0)


def main() -> None:
    seconds = float(os.environ.get("BENCH_VISITS_SECONDS", "12"))
    rounds = int(os.environ.get("BENCH_VISITS_ROUNDS", "3"))
    clients = int(os.environ.get("BENCH_VISITS_CONCURRENCY", "8"))
    with scratch_database("tiepdan_bench_intake") as url:
        runtime = Runtime(SERVICE, test_settings("intake", url))
        runtime.migrate()
        with runtime.engine.begin() as conn:
            # same columns, defaults, primary key and indexes as `visits` (LIKE copies no foreign keys)
            conn.execute(text("CREATE TABLE bench_bare_visits (LIKE visits INCLUDING ALL)"))
        runtime.dispose()
        token = mint_token(Settings(service="bench", jwt_secret=JWT_SECRET), sub="bench", roles=["clerk"], name="Bench")
        intake_env = {
            "TIEPDAN_INTAKE_DATABASE_URL": url,
            # a broker URL puts the app in its production mode (no migration on start); the web tier never
            # talks to the broker on POST — events wait in the outbox for the worker's relay.
            "TIEPDAN_AMQP_URL": "amqp://guest:guest@127.0.0.1:5672//",
            "TIEPDAN_JWT_SECRET": JWT_SECRET,
            "TIEPDAN_INTAKE_IDENTITY_KEYS": Fernet.generate_key().decode(),
            "TIEPDAN_INTAKE_INDEX_KEY": "bench-index-key-0123456789",
        }
        with (
            gunicorn("bench.intake_visits:create_bare_app()", {"BENCH_BARE_DATABASE_URL": url}) as bare_port,
            gunicorn("tiepdan.intake.app:create_app()", intake_env, ready_path="/readyz") as intake_port,
        ):
            bare = Target("bare", bare_port, {})
            intake = Target("intake", intake_port, {"Authorization": f"Bearer {token}"})
            probe = FsyncProbe(RESULTS / "intake_visits.fsync-probe")
            probe.start()
            try:
                _measure([bare, intake], clients, seconds, rounds, probe)
            finally:
                probe.stop_event.set()
                probe.join()
    results = {
        target.name: {"max": _summary(target.closed), f"at_{RATE}_rps": _summary(target.paced)}
        for target in (intake, bare)
    }
    ratio = results["intake"]["max"]["requests_per_s"] / results["bare"]["max"]["requests_per_s"]
    record(
        "intake_visits",
        {
            "at": datetime.now(UTC).isoformat(),
            "seconds_per_measurement": seconds,
            "closed_loop_clients": clients,
            "gunicorn": {
                "workers": int(os.environ.get("WEB_CONCURRENCY", "2")),
                "threads": int(os.environ.get("GUNICORN_THREADS", "4")),
            },
            "rounds": rounds,
            "disk_fsync_during_paced_phases": probe.summary(),
            "intake": results["intake"],
            "bare_flask_marshmallow_insert": results["bare"],
            "throughput_ratio": round(ratio, 3),
            "target_ratio": 0.5,
            "p99_target_ms_at_100_rps": 50,
            "meets_targets": ratio >= 0.5 and results["intake"][f"at_{RATE}_rps"]["p99_ms"] < 50,
            "command": "python -m bench.intake_visits",
        },
    )


if __name__ == "__main__":
    main()
