"""Unit of work: one database transaction holding the state change and the events it causes."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from .db import UnitScope, open_session
from .events import Envelope
from .outbox import make_envelope, write_events

#: Runs as each transaction of a unit of work begins, on its connection, before the work's first statement.
OnBegin = Callable[[Session, SessionTransaction, Connection], None]
UOW_KEY = "tiepdan_uow"


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


@event.listens_for(Session, "after_begin")
def _on_begin(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    uow = session.info.get(UOW_KEY)
    if uow is not None and uow._on_begin is not None:
        uow._on_begin(session, transaction, connection)


class UnitOfWork:
    """`with runtime.uow(scope) as uow: ...; uow.emit(...); uow.commit()` — leaving without commit rolls back.

    `on_begin`: what must commit or roll back with the work (the request's Idempotency-Key claim)."""

    def __init__(
        self, sessions: sessionmaker[Session], scope: UnitScope, source: str, on_begin: OnBegin | None = None
    ) -> None:
        self._sessions = sessions
        self.scope = scope
        self.source = source
        self._on_begin = on_begin
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
        # Loaded objects outlive the session (views serialise them afterwards): detach before the rollback
        # that would otherwise expire them.
        self.session.expunge_all()
        self.session.rollback()
        self.session.close()
        del self.session.info[UOW_KEY]

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

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
