"""Transactional outbox: events are rows written in the use case's own transaction, published later in order."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import orjson
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Connection,
    Select,
    any_,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from . import metrics
from .db import outbox_table, utcnow
from .events import Envelope
from .logs import correlation_id
from .statement import WriteStatement

log = logging.getLogger(__name__)

RELAY_LOCK = 0x7469_6570_6461_6E  # "tiepdan": one advisory lock per service database
#: PostgreSQL channel a transaction that wrote outbox rows notifies on commit; channels are per database, and each
#: service has its own database, so one name serves every service.
OUTBOX_CHANNEL = "tiepdan_outbox"
#: A listening relay still looks for rows this often without a notification (a lost one, rows written by hand);
#: looking every `idle_s` costs an idle worker a share of a core for nothing.
NOTIFIED_POLL_S = 1.0
#: NOTIFY holds a database-wide lock from the notifying commit's start to its end, so notifying commits queue behind
#: one another. A process notifies at most this often; commits in between are found by the relay, which keeps
#: looking every `idle_s` for RELAY_HOT_S after it last found rows.
NOTIFY_EVERY_S = 0.2
RELAY_HOT_S = 2.0  # well over NOTIFY_EVERY_S: an unnotified commit lands while the relay still looks on its own
_last_notified = [float("-inf")]  # this process's latest NOTIFY (monotonic clock); a race only notifies twice


@dataclass(frozen=True)
class PendingEvent:
    seq: int
    id: str
    type: str
    body: str
    created_at: datetime | None = None  # the row's commit time, for the relay's delay metric


_INSERT_OUTBOX = insert(outbox_table).inline()  # no RETURNING: the sequence number is not needed back
#: PostgreSQL: any number of events in one statement of fixed text (prepared once), in their order. The rows go as
#: one JSON parameter: orjson escapes the bodies in C, where psycopg escapes each element of a text array in Python.
_INSERT_OUTBOX_PG = (
    "INSERT INTO outbox (id, type, unit, aggregate_id, body, created_at)"
    " SELECT e.id, e.type, e.unit, e.aggregate_id, e.body, %(outbox_at)s"
    " FROM ROWS FROM (json_to_recordset(%(outbox_rows)s::json)"
    " AS (id varchar, type varchar, unit varchar, aggregate_id varchar, body text))"
    " WITH ORDINALITY AS e(id, type, unit, aggregate_id, body, n) ORDER BY e.n"
)
_NOTIFY_OUTBOX = text(f"NOTIFY {OUTBOX_CHANNEL}")


def make_envelope(source: str, event_type: str, data: dict[str, Any], unit: str) -> Envelope:
    """A validated envelope carrying the current correlation id (raises ContractError)."""
    envelope = Envelope(type=event_type, data=data, unit=unit, source=source, correlation_id=correlation_id())
    return envelope.validate()


def write_events(connection: Connection, events: Sequence[tuple[Envelope, str | None]]) -> None:
    """Insert (envelope, aggregate id) pairs as outbox rows in one statement, in the caller's transaction."""
    if not events:
        return
    if connection.dialect.name != "postgresql":
        now = utcnow()
        connection.execute(
            _INSERT_OUTBOX,
            [
                {
                    "id": e.id,
                    "type": e.type,
                    "unit": e.unit,
                    "aggregate_id": aggregate,
                    "body": e.to_json(),
                    "created_at": now,
                }
                for e, aggregate in events
            ],
        )
        return
    connection.exec_driver_sql(_INSERT_OUTBOX_PG, _outbox_rows(events))
    if _notify_due():
        connection.execute(_NOTIFY_OUTBOX)


def add_events(statement: WriteStatement, events: Sequence[tuple[Envelope, str | None]]) -> None:
    """The same rows as part of a commit's one statement (PostgreSQL)."""
    if not events:
        return
    statement.add("outbox_rows", _INSERT_OUTBOX_PG, _outbox_rows(events), unit_rows=False)
    if _notify_due():
        statement.notify = OUTBOX_CHANNEL


def _outbox_rows(events: Sequence[tuple[Envelope, str | None]]) -> dict[str, Any]:
    rows = [
        {"id": e.id, "type": e.type, "unit": e.unit, "aggregate_id": aggregate, "body": e.to_json()}
        for e, aggregate in events
    ]
    return {"outbox_rows": orjson.dumps(rows).decode(), "outbox_at": utcnow()}


def _notify_due() -> bool:
    """Delivered only if and when the transaction commits: an idle relay wakes at once, not at its next poll."""
    if time.monotonic() - _last_notified[0] < NOTIFY_EVERY_S:
        return False
    _last_notified[0] = time.monotonic()
    return True


def _wait_for_notification(connection: Connection, timeout_s: float) -> None:
    """Until a notification arrives on the (idle, listening) connection or `timeout_s` passes; notifications that
    piled up meanwhile are consumed too, since one read of the outbox serves all their commits."""
    driver = connection.connection.driver_connection
    assert driver is not None
    for _ in driver.notifies(timeout=timeout_s, stop_after=1):
        pass
    for _ in driver.notifies(timeout=0.0):
        pass


class PublishError(RuntimeError):
    """The sink refused or did not confirm a batch; its outbox rows stay pending."""


Publish = Callable[[Sequence[PendingEvent]], None]


class PipelinedSink(Protocol):
    """A sink that can publish a batch now and be waited on later (RabbitMQ with publisher confirms)."""

    def send(self, batch: Sequence[PendingEvent]) -> int: ...

    def wait(self, ticket: int) -> None: ...

    def close(self) -> None: ...


class OutboxRelay:
    """Publishes pending rows in commit (seq) order and marks them sent only after the sink confirmed them.

    A crash between publish and mark re-publishes (at-least-once); consumers' inboxes make that harmless.
    Rows are locked while published so two relays of one service never interleave.
    """

    def __init__(self, sessions: sessionmaker[Session], service: str, batch_size: int = 1000) -> None:
        self.sessions = sessions
        self.service = service
        self.batch_size = batch_size

    def relay_once(self, publish: Publish) -> int:
        """Publish one batch. On PostgreSQL the rows stay locked while published so two relays never interleave;
        SQLite (embedded, one relay) releases its database-wide write lock first, because in-process subscribers
        write to the same file while the batch is being dispatched."""
        lock_while_publishing = self.sessions.kw["bind"].dialect.name != "sqlite"
        with self.sessions() as session:
            with session.begin():
                query = self._pending()
                rows = session.execute(query.with_for_update() if lock_while_publishing else query).all()
                batch = self._read(rows)
                if batch and lock_while_publishing:
                    publish(batch)
                    self._mark_sent(session, batch)
            if batch and not lock_while_publishing:
                publish(batch)
                with session.begin():
                    self._mark_sent(session, batch)
        if batch:
            self._confirmed(batch)
        return len(batch)

    def _read(self, rows: Sequence[Any]) -> list[PendingEvent]:
        batch = [PendingEvent(r.seq, r.id, r.type, r.body, r.created_at) for r in rows]
        self._observe(batch, "read")
        return batch

    def _confirmed(self, batch: Sequence[PendingEvent]) -> None:
        self._observe(batch, "confirmed")
        metrics.BUS_PUBLISHED.labels(self.service).inc(len(batch))

    def _observe(self, batch: Sequence[PendingEvent], stage: str) -> None:
        now = utcnow()
        delay = metrics.RELAY_DELAY.labels(self.service, stage)
        for event in batch:
            if event.created_at is not None:
                delay.observe(max(0.0, (now - event.created_at).total_seconds()))

    @staticmethod
    def _mark_sent(session: Session, batch: Sequence[PendingEvent]) -> None:
        seqs = [e.seq for e in batch]
        if session.get_bind().dialect.name == "postgresql":
            # one array parameter instead of a thousand: no IN list to compile per batch
            chosen = outbox_table.c.seq == any_(bindparam("seqs", seqs, type_=ARRAY(BigInteger)))
        else:
            chosen = outbox_table.c.seq.in_(seqs)
        session.execute(update(outbox_table).where(chosen).values(published_at=utcnow()))

    def relay_pipelined(
        self, sink: PipelinedSink, stop: Callable[[], bool], idle_s: float = 0.2, depth: int = 3
    ) -> None:
        """PostgreSQL + RabbitMQ: while the broker confirms one batch, the next ones are read and published.

        Each in-flight batch keeps its rows locked in its own transaction; later batches skip those rows. An
        advisory lock makes this relay the only active one of its service, so skipping never lets another
        relay overtake it. Batches are confirmed and marked in publication order; a failure rolls every
        in-flight batch back for re-publication (duplicates, never a loss) and is raised to the caller.

        With nothing to send it waits for a commit's notification on OUTBOX_CHANNEL, and looks anyway after
        `idle_s` while it found rows in the last RELAY_HOT_S (writers notify at most every NOTIFY_EVERY_S), else
        after `idle_s` or NOTIFIED_POLL_S, whichever is longer: rows whose notification never came are still
        relayed. (LISTEN, like the advisory lock, needs a session of its own: no transaction-pooling proxy.)"""
        engine = self.sessions.kw["bind"]
        with engine.connect() as leader:
            while not leader.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": RELAY_LOCK}):
                leader.commit()
                if stop():
                    return
                time.sleep(1.0)  # another replica is relaying: stand by
            leader.execute(text(f"LISTEN {OUTBOX_CHANNEL}"))
            leader.commit()  # listening from here on: a commit after the next empty read still wakes the wait
            inflight: deque[tuple[Session, list[PendingEvent], int]] = deque()
            found_at = float("-inf")
            try:
                while inflight or not stop():
                    while len(inflight) < depth and not stop():
                        session = self.sessions()
                        rows = session.execute(self._pending().with_for_update(skip_locked=True)).all()
                        if not rows:
                            session.close()
                            break
                        found_at = time.monotonic()
                        batch = self._read(rows)
                        inflight.append((session, batch, sink.send(batch)))
                    if not inflight:
                        hot = time.monotonic() - found_at < RELAY_HOT_S
                        _wait_for_notification(leader, idle_s if hot else max(idle_s, NOTIFIED_POLL_S))
                        continue
                    session, batch, ticket = inflight[0]
                    sink.wait(ticket)
                    self._mark_sent(session, batch)
                    session.commit()
                    session.close()
                    inflight.popleft()
                    self._confirmed(batch)
            finally:
                for session, _batch, _ticket in inflight:
                    session.close()
                leader.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": RELAY_LOCK})
                leader.commit()

    def _pending(self) -> Select[Any]:
        return (
            select(
                outbox_table.c.seq,
                outbox_table.c.id,
                outbox_table.c.type,
                outbox_table.c.body,
                outbox_table.c.created_at,
            )
            .where(outbox_table.c.published_at.is_(None))
            .order_by(outbox_table.c.seq)
            .limit(self.batch_size)
        )

    def backlog(self) -> tuple[int, float]:
        """Pending row count and the age in seconds of the oldest pending row."""
        with self.sessions() as session:
            count, oldest = session.execute(
                select(func.count(), func.min(outbox_table.c.created_at)).where(outbox_table.c.published_at.is_(None))
            ).one()
        if not count or oldest is None:
            return 0, 0.0
        return int(count), max(0.0, (utcnow() - oldest).total_seconds())

    def purge_published(self, older_than: timedelta = timedelta(days=7)) -> int:
        with self.sessions() as session, session.begin():
            result = session.execute(
                delete(outbox_table).where(
                    outbox_table.c.published_at.is_not(None), outbox_table.c.published_at < utcnow() - older_than
                )
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def observe(self) -> None:
        count, age = self.backlog()
        metrics.OUTBOX_PENDING.labels(self.service).set(count)
        metrics.OUTBOX_OLDEST_AGE.labels(self.service).set(age)

    def run(self, publish: Publish, stop: Callable[[], bool], idle_s: float = 0.2) -> None:
        """Loop until `stop()`, one batch at a time; a failing sink is retried with back-off (nothing lost)."""

        def relay_until_idle() -> None:
            while not stop() and self.relay_once(publish):
                pass
            time.sleep(idle_s)

        self._with_backoff(relay_until_idle, stop, idle_s)

    def run_pipelined(self, sink: PipelinedSink, stop: Callable[[], bool], idle_s: float = 0.2) -> None:
        """`relay_pipelined` until `stop()`, reconnecting with back-off after a broker or database failure."""
        self._with_backoff(lambda: self.relay_pipelined(sink, stop, idle_s), stop, idle_s)

    def _with_backoff(self, step: Callable[[], None], stop: Callable[[], bool], idle_s: float) -> None:
        delay = idle_s
        while not stop():
            try:
                step()
                delay = idle_s
            except Exception as exc:  # the broker or the database is down: back off and retry
                log.warning("outbox relay failed, retrying in %.1fs: %s", delay, exc)
                metrics.BUS_PUBLISH_FAILURES.labels(self.service).inc()
                time.sleep(delay)
                delay = min(max(delay * 2, 0.5), 30.0)
