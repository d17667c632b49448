"""Unit of work: one database transaction holding the state change and the events it causes."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, sessionmaker

from .db import UnitScope, commit_pipelined, open_session
from .events import Envelope
from .outbox import make_envelope, write_events

UOW_KEY = "tiepdan_uow"


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


@event.listens_for(Session, "after_soft_rollback")
def _drop_staged(session: Session, _previous_transaction: object) -> None:
    uow = session.info.get(UOW_KEY)
    if uow is not None:
        uow._drop_staged()


class UnitOfWork:
    """`with runtime.uow(scope) as uow: ...; uow.commit()` — leaving without commit rolls back.

    With a `handover` (a request under `@idempotent`), `commit()` writes everything but leaves the transaction open,
    and leaving the block hands the unit to the handover, which commits it with the request's answer: the work and
    the record that it was done commit together or not at all. Errors of the writes still surface at `commit()`.
    What must happen only once the work is durable goes in `on_committed`."""

    def __init__(
        self, sessions: sessionmaker[Session], scope: UnitScope, source: str, handover: Handover | None = None
    ) -> None:
        self._sessions = sessions
        self.scope = scope
        self.source = source
        self._handover = handover
        self._commit_asked = False
        self._committed_callbacks: list[Callable[[], None]] = []
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

    def write_events(self) -> None:
        """Write the events staged so far now (say inside `pipelined`, with the writes they describe) rather than
        at commit."""
        self._write_staged(self.session)

    def on_committed(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this unit's work is committed (metrics, log lines about what is now durable)."""
        self._committed_callbacks.append(callback)

    def commit(self) -> None:
        if self._handover is None:
            self.finish()
            return
        self.session.flush()
        self.write_events()
        self._commit_asked = True

    def finish(self, last_writes: Callable[[Connection], None] | None = None) -> None:
        """Commit now, `last_writes` (a handover's answer) and the COMMIT going in one round trip on PostgreSQL."""
        if last_writes is None:
            commit_pipelined(self.session)
        else:

            def staged_then_last(connection: Connection) -> None:
                self._write_staged(self.session)
                last_writes(connection)

            commit_pipelined(self.session, staged_then_last)
        self._commit_asked = False
        callbacks, self._committed_callbacks = self._committed_callbacks, []
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        self.session.rollback()
        self._commit_asked = False
        self._committed_callbacks.clear()
