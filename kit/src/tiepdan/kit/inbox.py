"""Idempotent consumption: a handler's effect and the processed message id commit in one transaction.

The same processor serves the AMQP consumer and the embedded in-process dispatcher.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Insert, bindparam, insert, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from . import metrics
from .contract import ContractError
from .db import UNSCOPED, dead_letter_table, inbox_table, utcnow
from .events import Envelope
from .logs import correlated
from .uow import UnitOfWork

log = logging.getLogger(__name__)

Handler = Callable[[UnitOfWork, Envelope], None]
#: a handler for a run of consecutive new messages of one type in a batch: it must leave the same state as the
#: type's `Handler` applied to each in order, in fewer statements (a projection inserting a burst at once)
BatchHandler = Callable[[UnitOfWork, Sequence[Envelope]], None]


class PoisonMessage(Exception):
    """Raised by a handler for data it can never process: dead-lettered at once with this reason, not retried."""


def _insert_ignoring_duplicates(session: Session) -> Insert:
    """`INSERT … ON CONFLICT DO NOTHING` into the inbox, in the session's dialect (a duplicate must not abort the
    shared transaction of a batch)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(inbox_table).on_conflict_do_nothing(index_elements=["message_id"])
    return sqlite.insert(inbox_table).on_conflict_do_nothing(index_elements=["message_id"])


_CLAIM_ON_POSTGRESQL = text(
    f"""
    INSERT INTO {inbox_table.name} (message_id, type, processed_at)
    SELECT m.message_id, m.type, :now FROM jsonb_to_recordset(CAST(:messages AS jsonb)) AS m(message_id text, type text)
    ON CONFLICT (message_id) DO NOTHING
    RETURNING message_id
    """
).bindparams(bindparam("now", type_=inbox_table.c.processed_at.type))


class Outcome(Enum):
    DONE = "done"
    DUPLICATE = "duplicate"
    RETRY = "retry"
    DEAD = "dead"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    reason: str = ""
    envelope: Envelope | None = None


class MessageProcessor:
    """Decode → dedupe → handle → record, all in one transaction of the consuming service's database."""

    def __init__(
        self,
        service: str,
        sessions: sessionmaker[Session],
        handlers: dict[str, Handler],
        max_attempts: int = 5,
        decode: Callable[[bytes], Envelope] = Envelope.from_json,
        batch_handlers: Mapping[str, BatchHandler] | None = None,
        unit_of_work: type[UnitOfWork] = UnitOfWork,
    ) -> None:
        self.service = service
        self.unit_of_work = unit_of_work
        self.sessions = sessions
        self.handlers = handlers
        self.batch_handlers = dict(batch_handlers or {})
        self.max_attempts = max_attempts
        self.decode = decode

    def process(self, body: bytes, attempt: int = 1) -> Result:
        """`attempt` counts deliveries of this message, 1 for the first."""
        try:
            envelope = self.decode(body)
        except ContractError as exc:
            return self._count(Result(Outcome.DEAD, f"invalid message: {exc}"))
        handler = self.handlers.get(envelope.type)
        if handler is None:
            return self._count(Result(Outcome.DEAD, f"no handler for {envelope.type} v{envelope.version}", envelope))
        with correlated(envelope.correlation_id):
            try:
                with self.unit_of_work(self.sessions, UNSCOPED, self.service) as uow:
                    try:
                        uow.session.execute(
                            insert(inbox_table).values(
                                message_id=envelope.id, type=envelope.type, processed_at=utcnow()
                            )
                        )
                        uow.session.flush()
                    except IntegrityError:
                        return self._count(Result(Outcome.DUPLICATE, envelope=envelope))
                    handler(uow, envelope)
                    uow.commit()
            except PoisonMessage as exc:
                return self._count(Result(Outcome.DEAD, f"refused by the handler: {exc}", envelope))
            except Exception as exc:
                reason = f"{type(exc).__name__}: {exc}"
                if attempt >= self.max_attempts:
                    log.error(
                        "handler failed for the last time, dead-lettering %s %s: %s", envelope.type, envelope.id, reason
                    )
                    return self._count(Result(Outcome.DEAD, f"handler failed {attempt} times: {reason}", envelope))
                log.warning("handler failed (attempt %d) for %s %s: %s", attempt, envelope.type, envelope.id, reason)
                return self._count(Result(Outcome.RETRY, reason, envelope))
        return self._count(Result(Outcome.DONE, envelope=envelope))

    def process_batch(self, deliveries: Sequence[tuple[bytes, int]]) -> list[Result]:
        """Several (body, attempt) deliveries in one transaction, in order: one commit instead of one per message.

        Any failure rolls the batch back and processes its messages one by one, so a bad message is isolated
        and everything else in the batch still applies exactly once."""
        if len(deliveries) <= 1:
            return [self.process(body, attempt) for body, attempt in deliveries]
        decoded: list[Envelope | Result] = []
        for body, _attempt in deliveries:
            try:
                envelope = self.decode(body)
            except ContractError as exc:
                decoded.append(Result(Outcome.DEAD, f"invalid message: {exc}"))
                continue
            if envelope.type not in self.handlers:
                decoded.append(Result(Outcome.DEAD, f"no handler for {envelope.type} v{envelope.version}", envelope))
            else:
                decoded.append(envelope)
        try:
            results = self._apply_together(decoded)
        except Exception as exc:
            log.info("batch of %d rolled back (%s); processing its messages one by one", len(deliveries), exc)
            return [self.process(body, attempt) for body, attempt in deliveries]
        return [self._count(result) for result in results]

    def _apply_together(self, decoded: Sequence[Envelope | Result]) -> list[Result]:
        envelopes = [item for item in decoded if isinstance(item, Envelope)]
        results: list[Result] = []
        with self.unit_of_work(self.sessions, UNSCOPED, self.service) as uow:
            new_ids = self._claim(uow.session, envelopes)
            run: list[Envelope] = []  # consecutive new messages of one type, handled together
            for item in decoded:
                if isinstance(item, Result):
                    results.append(item)
                elif item.id not in new_ids:  # seen before, or twice in this very batch
                    results.append(Result(Outcome.DUPLICATE, envelope=item))
                else:
                    new_ids.discard(item.id)
                    if run and run[0].type != item.type:
                        self._handle_run(uow, run)
                        run = []
                    run.append(item)
                    results.append(Result(Outcome.DONE, envelope=item))
            if run:
                self._handle_run(uow, run)
            uow.commit()
        return results

    def _handle_run(self, uow: UnitOfWork, run: Sequence[Envelope]) -> None:
        batch_handler = self.batch_handlers.get(run[0].type)
        if batch_handler is not None and len(run) > 1:
            batch_handler(uow, run)
            return
        for envelope in run:
            with correlated(envelope.correlation_id):
                self.handlers[envelope.type](uow, envelope)

    @staticmethod
    def _claim(session: Session, envelopes: Sequence[Envelope]) -> set[str]:
        """One statement records every message id of the batch; it returns the ids not processed before."""
        if not envelopes:
            return set()
        now = utcnow()
        if session.get_bind().dialect.name == "postgresql":
            # the ids travel as one JSON document: one short prepared statement whatever the batch size
            messages = json.dumps([{"message_id": e.id, "type": e.type} for e in envelopes])
            return set(session.scalars(_CLAIM_ON_POSTGRESQL, {"messages": messages, "now": now}))
        rows = [{"message_id": e.id, "type": e.type, "processed_at": now} for e in envelopes]
        statement = _insert_ignoring_duplicates(session).returning(inbox_table.c.message_id)
        return set(session.scalars(statement, rows))

    def record_dead_letter(self, body: bytes, result: Result) -> None:
        """Embedded mode's dead-letter queue: a table in the consuming service's own database."""
        with self.sessions() as session, session.begin():
            session.execute(
                insert(dead_letter_table).values(
                    message_id=result.envelope.id if result.envelope else None,
                    type=result.envelope.type if result.envelope else None,
                    reason=result.reason,
                    body=body,
                    created_at=utcnow(),
                )
            )

    def _count(self, result: Result) -> Result:
        metrics.BUS_CONSUMED.labels(self.service, result.outcome.value).inc()
        if result.outcome is Outcome.DEAD:
            metrics.BUS_DEAD_LETTERED.labels(self.service).inc()
        return result
