"""Periodic tasks across worker replicas: two workers on one PostgreSQL database run each task once per tick (the
one holding its advisory lock), gauges in both; when the holder's connection dies, the other takes over."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sample.service import SAMPLE
from sqlalchemy import create_engine, text

from tiepdan.kit.service import PeriodicTask, Runtime
from tiepdan.kit.testing import wait_until
from tiepdan.kit.worker import Worker

pytestmark = pytest.mark.postgres
TICK_S = 0.2


class Runs:
    """Which worker ran which task, when."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.log: list[tuple[str, str, float]] = []

    def recorder(self, task: str) -> Callable[[Runtime], None]:
        def run(runtime: Runtime) -> None:
            with self._lock:
                self.log.append((runtime.state["replica"], task, time.monotonic()))

        return run

    def of(self, task: str, since: float = 0.0) -> list[tuple[str, float]]:
        with self._lock:
            return [(replica, at) for replica, name, at in self.log if name == task and at >= since]


@pytest.fixture
def replicas(make_runtime: Callable[..., Runtime], pg_url: str) -> Iterator[tuple[Runs, dict[str, Worker]]]:
    runs = Runs()
    spec = replace(
        SAMPLE,
        handlers={},
        periodic=(
            PeriodicTask("deadlines", TICK_S, runs.recorder("deadlines")),
            PeriodicTask("gauges", TICK_S, runs.recorder("gauges"), every_replica=True),
        ),
    )
    workers: dict[str, Worker] = {}
    for replica in ("a", "b"):
        runtime = make_runtime(spec, pg_url)
        runtime.state["replica"] = replica
        workers[replica] = Worker.for_runtime(runtime)
    for worker in workers.values():
        worker.start()
    yield runs, workers
    for worker in workers.values():
        worker.stop()


def test_two_workers_run_a_periodic_task_once_per_tick(replicas: tuple[Runs, dict[str, Worker]]) -> None:
    runs, _ = replicas
    started = time.monotonic()
    wait_until(lambda: len(runs.of("deadlines")) >= 12, 30, 0.05, "twelve ticks of the periodic task")
    elapsed = time.monotonic() - started
    deadlines = runs.of("deadlines")
    assert len({replica for replica, _ in deadlines}) == 1, "one replica leads"
    gaps = [later - earlier for (_, earlier), (_, later) in itertools.pairwise(deadlines)]
    assert min(gaps) >= 0.9 * TICK_S, f"two runs within one tick: {gaps}"
    assert len(deadlines) <= elapsed / TICK_S + 1
    assert {replica for replica, _ in runs.of("gauges")} == {"a", "b"}, "gauges run in every replica"


def leader_of(runs: Runs) -> str:
    return runs.of("deadlines")[-1][0]


def settles_on_one_leader(runs: Runs, since: float) -> set[str]:
    """The replicas that ran the task from `since` on, once five more ticks have passed."""
    wait_until(lambda: len(runs.of("deadlines", since)) >= 5, 30, 0.05, "five ticks")
    return {replica for replica, _ in runs.of("deadlines", since)}


def test_a_stopping_leader_hands_over_to_the_other_worker(replicas: tuple[Runs, dict[str, Worker]]) -> None:
    runs, workers = replicas
    wait_until(lambda: len(runs.of("deadlines")) >= 3, 30, 0.05, "the first ticks")
    leader = leader_of(runs)
    (standby,) = set(workers) - {leader}
    workers[leader].stop()  # a rolling update
    assert settles_on_one_leader(runs, time.monotonic()) == {standby}


def test_when_the_leaders_session_dies_one_worker_leads_again(
    replicas: tuple[Runs, dict[str, Worker]], pg_url: str
) -> None:
    runs, _ = replicas
    wait_until(lambda: len(runs.of("deadlines")) >= 3, 30, 0.05, "the first ticks")
    engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as admin:  # the server ends the leader's session, and its locks with it
            ended = admin.scalar(
                text(
                    "SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    " WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
                )
            )
    finally:
        engine.dispose()
    assert ended == 1, "only the leader holds a lock"
    ticks_later = time.monotonic() + 2 * TICK_S  # the old leader notices at its next tick
    assert len(settles_on_one_leader(runs, ticks_later)) == 1
