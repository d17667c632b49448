"""Unit of work: one database transaction holding the state change and the events it causes."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, sessionmaker

from .db import UnitScope, open_session
from .events import Envelope
from .outbox import add_events, make_envelope, write_events
from .statement import WriteStatement, ensure_transaction, reads_outside_transaction, send_statement

UOW_KEY = "tiepdan_uow"
#: Writes held for the commit: on PostgreSQL they add themselves to the commit's statement, elsewhere (None) they
#: run their statements.
HeldWrites = Callable[[WriteStatement | None], None]
#: A handover's last writes (the answer to the request), given the connection and, on PostgreSQL, the statement.
LastWrites = Callable[[Connection, WriteStatement | None], None]


class Handover(Protocol):
    """Who finishes a unit of work whose commit was asked for (the request's Idempotency-Key claim, which commits
    the work together with the answer to the request)."""

    def adopt(self, uow: UnitOfWork) -> None: ...


# Listeners on the Session class, registered once (per-session listeners cost more than the check for a unit of
# work): staged events are written by whichever commit ends the transaction (uow.commit or session.commit), all in
# one statement, and dropped by a rollback.
@event.listens_for(Session, "before_commit")
def _write_staged(session: Session) -> None:
    uow = session.info.get(UOW_KEY)
    if uow is not None:
        uow._write_staged(session)


@event.listens_for(Session, "before_flush")
def _flush_in_transaction(session: Session, _context: object, _instances: object) -> None:
    uow = session.info.get(UOW_KEY)
    if uow is not None and uow._single_statement:
        ensure_transaction(session)  # ORM writes are several statements: they need a transaction block


@event.listens_for(Session, "after_soft_rollback")
def _drop_staged(session: Session, _previous_transaction: object) -> None:
    uow = session.info.get(UOW_KEY)
    if uow is not None:
        uow._drop_staged()


class UnitOfWork:
    """`with runtime.uow(scope) as uow: ...; uow.commit()` — leaving without commit rolls back.

    With a `handover` (a request under `@idempotent`), `commit()` flushes the ORM's changes but leaves the transaction
    open, and leaving the block hands the unit to the handover, which commits it with the request's answer: the work
    and the record that it was done commit together or not at all. Writes whose results nobody reads go in
    `write_at_commit`: on PostgreSQL they, the events and the answer are one statement at the commit, where their
    errors surface (`tiepdan.kit.statement`). What must happen only once the work is durable goes in
    `on_committed`."""

    def __init__(
        self, sessions: sessionmaker[Session], scope: UnitScope, source: str, handover: Handover | None = None
    ) -> None:
        self._sessions = sessions
        self.scope = scope
        self.source = source
        self._handover = handover
        self._commit_asked = False
        self._committed_callbacks: list[Callable[[], None]] = []
        self._held_writes: list[HeldWrites] = []
        self._single_statement = False
        self.session: Session
        self.emitted: list[Envelope] = []
        self._staged: list[tuple[Envelope, str | None]] = []

    def __enter__(self) -> UnitOfWork:
        self.session = open_session(self._sessions, self.scope)
        self.session.info[UOW_KEY] = self
        return self

    def _write_staged(self, session: Session) -> None:
        staged, self._staged = self._staged, []
        write_events(session.connection(), staged)

    def _drop_staged(self) -> None:
        self._staged.clear()
        self._held_writes.clear()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None and self._commit_asked and self._handover is not None:
            self._handover.adopt(self)
            return
        self.close()

    def close(self) -> None:
        """Roll back what is not committed and end the session."""
        # Loaded objects outlive the session (views serialise them afterwards): detach before the rollback
        # that would otherwise expire them.
        self.session.expunge_all()
        self.session.rollback()
        self.session.close()
        self.session.info.pop(UOW_KEY, None)

    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope:
        """Stage an event (validated now) for this transaction; `unit` defaults to the caller's write unit."""
        target = unit or self.scope.write_unit
        if not target:
            raise ValueError(f"{event_type}: no unit for the event (pass unit= in unscoped work)")
        envelope = make_envelope(self.source, event_type, data, target)
        self._staged.append((envelope, aggregate_id))
        self.emitted.append(envelope)
        return envelope

    def write_at_commit(self, writes: HeldWrites) -> None:
        """Run `writes` (statements whose results are not read) at the commit, before the events: on PostgreSQL
        `writes(statement)` adds data-modifying CTEs to the commit's one statement, elsewhere `writes(None)` runs
        its statements."""
        self._held_writes.append(writes)

    def single_statement_writes(self) -> None:
        """Declare, before the first read, that every write of this unit goes through `write_at_commit`: on
        PostgreSQL its reads then run outside a transaction block, and its commit is that one statement alone
        (locking reads call `tiepdan.kit.statement.ensure_transaction` first; ORM writes open a block themselves)."""
        if self.session.get_bind().dialect.name == "postgresql":
            reads_outside_transaction(self.session)
            self._single_statement = True

    def on_committed(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this unit's work is committed (metrics, log lines about what is now durable)."""
        self._committed_callbacks.append(callback)

    def commit(self) -> None:
        if self._handover is None:
            self.finish()
            return
        self.session.flush()
        self._commit_asked = True

    def finish(self, last_writes: LastWrites | None = None) -> None:
        """Commit now: the held writes, the events and `last_writes` (a handover's answer) as one statement on
        PostgreSQL, then the COMMIT if a transaction block is open."""
        held, self._held_writes = self._held_writes, []
        on_postgresql = self.session.get_bind().dialect.name == "postgresql"
        if not held and last_writes is None and not self._single_statement:
            self.session.commit()  # the events are written by the session's before_commit
        elif on_postgresql:  # a single-statement unit's events too: outside a block they would commit on their own
            self.session.flush()
            connection = self.session.connection()
            statement = WriteStatement()
            for writes in held:
                writes(statement)
            staged, self._staged = self._staged, []
            add_events(statement, staged)
            if last_writes is not None:
                last_writes(connection, statement)
            send_statement(connection, statement)
            self.session.commit()
        else:
            self.session.flush()
            for writes in held:
                writes(None)
            self._write_staged(self.session)
            if last_writes is not None:
                last_writes(self.session.connection(), None)
            self.session.commit()
        self._commit_asked = False
        callbacks, self._committed_callbacks = self._committed_callbacks, []
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        self.session.rollback()
        self._commit_asked = False
        self._committed_callbacks.clear()
        self._drop_staged()  # the session fires no rollback event when nothing had begun
