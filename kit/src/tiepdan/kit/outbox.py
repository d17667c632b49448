"""Transactional outbox: events are rows written in the use case's own transaction, published later in order."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from . import metrics
from .db import outbox_table, utcnow
from .events import Envelope
from .logs import correlation_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingEvent:
    seq: int
    id: str
    type: str
    body: str


_INSERT_OUTBOX = insert(outbox_table).inline()  # no RETURNING: the sequence number is not needed back


def make_envelope(source: str, event_type: str, data: dict[str, Any], unit: str) -> Envelope:
    """A validated envelope carrying the current correlation id (raises ContractError)."""
    envelope = Envelope(type=event_type, data=data, unit=unit, source=source, correlation_id=correlation_id())
    return envelope.validate()


def write_events(connection: Connection, events: Sequence[tuple[Envelope, str | None]]) -> None:
    """Insert (envelope, aggregate id) pairs as outbox rows in one statement, in the caller's transaction."""
    if not events:
        return
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


class PublishError(RuntimeError):
    """The sink refused or did not confirm a batch; its outbox rows stay pending."""


Publish = Callable[[Sequence[PendingEvent]], None]


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
                query = (
                    select(outbox_table.c.seq, outbox_table.c.id, outbox_table.c.type, outbox_table.c.body)
                    .where(outbox_table.c.published_at.is_(None))
                    .order_by(outbox_table.c.seq)
                    .limit(self.batch_size)
                )
                rows = session.execute(query.with_for_update() if lock_while_publishing else query).all()
                batch = [PendingEvent(r.seq, r.id, r.type, r.body) for r in rows]
                if batch and lock_while_publishing:
                    publish(batch)
                    self._mark_sent(session, batch)
            if batch and not lock_while_publishing:
                publish(batch)
                with session.begin():
                    self._mark_sent(session, batch)
        if batch:
            metrics.BUS_PUBLISHED.labels(self.service).inc(len(batch))
        return len(batch)

    @staticmethod
    def _mark_sent(session: Session, batch: Sequence[PendingEvent]) -> None:
        session.execute(
            update(outbox_table).where(outbox_table.c.seq.in_([e.seq for e in batch])).values(published_at=utcnow())
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
        """Loop until `stop()`; a failing sink is retried with back-off, rows stay pending (nothing lost)."""
        delay = idle_s
        while not stop():
            try:
                sent = self.relay_once(publish)
                delay = idle_s
            except Exception as exc:  # the sink or the database is down: back off and retry
                log.warning("outbox relay failed, retrying in %.1fs: %s", delay, exc)
                metrics.BUS_PUBLISH_FAILURES.labels(self.service).inc()
                sent = 0
                delay = min(delay * 2 if delay >= 0.5 else 0.5, 30.0)
            if sent == 0:
                time.sleep(delay)
