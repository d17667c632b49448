"""On PostgreSQL an idle outbox relay is woken by the commit of outbox rows (NOTIFY), not by its next poll."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from sample.service import SAMPLE, visit_event
from sqlalchemy import event, text

from tiepdan.kit import outbox
from tiepdan.kit.db import UnitScope
from tiepdan.kit.outbox import OUTBOX_CHANNEL, PendingEvent
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import wait_until

pytestmark = pytest.mark.postgres
WARD = UnitScope(units=None, write_unit="bach-quang")
AN_HOUR = 3600.0  # the relay's poll fallback in these tests: only a notification can wake it in time


class RecordingSink:
    """A pipelined sink that confirms at once and remembers what it was sent."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, batch: Sequence[PendingEvent]) -> int:
        self.sent.extend(e.id for e in batch)
        return len(self.sent)

    def wait(self, ticket: int) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_commit_wakes_an_idle_relay_at_once(
    make_runtime: Callable[..., Runtime], pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "NOTIFY_EVERY_S", 0.0)  # every commit notifies: only notifications wake it here
    runtime = make_runtime(SAMPLE, pg_url)
    reads = count_outbox_reads(runtime)
    sink, stop = RecordingSink(), threading.Event()
    relay = threading.Thread(
        target=runtime.relay.relay_pipelined, args=(sink, stop.is_set), kwargs={"idle_s": AN_HOUR}, daemon=True
    )
    relay.start()
    try:
        wait_until(lambda: reads[0] >= 1, what="the relay's first read (an empty outbox)")
        first = emit_visit(runtime, "v1")
        wait_until(lambda: sink.sent == [first], what="the commit to wake the idle relay")
        # whenever a commit lands (while the relay reads, marks or waits), no wake-up is lost
        later = [emit_visit(runtime, f"v{n}") for n in range(2, 5)]
        wait_until(lambda: sink.sent == [first, *later], what="later commits to wake it again")
    finally:
        _stop(runtime, relay, stop)


def test_commits_a_process_does_not_notify_are_found_by_the_relay_still_looking(
    make_runtime: Callable[..., Runtime], pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process notifies at most every NOTIFY_EVERY_S (here: an hour after its first commit); the commits in
    between are found because the relay, having just found rows, looks every idle_s on its own."""
    monkeypatch.setattr(outbox, "NOTIFY_EVERY_S", AN_HOUR)
    monkeypatch.setattr(outbox, "NOTIFIED_POLL_S", AN_HOUR)
    monkeypatch.setattr(outbox, "_last_notified", [float("-inf")])
    runtime = make_runtime(SAMPLE, pg_url)
    notifies = count_statements(runtime, "NOTIFY")
    sink, stop = RecordingSink(), threading.Event()
    relay = threading.Thread(
        target=runtime.relay.relay_pipelined, args=(sink, stop.is_set), kwargs={"idle_s": 0.05}, daemon=True
    )
    relay.start()
    try:
        visits = [emit_visit(runtime, f"v{n}") for n in range(1, 4)]
        wait_until(lambda: sink.sent == visits, what="the notified commit and the two after it")
        assert notifies[0] == 1
    finally:
        _stop(runtime, relay, stop)


def _stop(runtime: Runtime, relay: threading.Thread, stop: threading.Event) -> None:
    stop.set()
    with runtime.engine.connect() as connection:  # wake it so it sees the stop
        connection.execute(text(f"NOTIFY {OUTBOX_CHANNEL}"))
        connection.commit()
    relay.join(10)
    assert not relay.is_alive()


def emit_visit(runtime: Runtime, visit_id: str) -> str:
    with runtime.uow(WARD) as uow:
        envelope = uow.emit("intake.visit.registered", visit_event(visit_id, 1, "c1"), aggregate_id="c1")
        uow.commit()
    return envelope.id


def count_outbox_reads(runtime: Runtime) -> list[int]:
    """How many times the relay has looked for pending rows (its SELECT … FOR UPDATE SKIP LOCKED)."""
    return count_statements(runtime, "FROM outbox", "SKIP LOCKED")


def count_statements(runtime: Runtime, *parts: str) -> list[int]:
    """How many statements containing every one of `parts` the runtime's engine has sent."""
    seen = [0]

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if all(part in statement for part in parts):
            seen[0] += 1

    event.listen(runtime.engine, "before_cursor_execute", count)
    return seen
