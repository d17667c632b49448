"""Unit of work: one database transaction holding the state change and the events it causes."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from .db import UnitScope, open_session
from .events import Envelope
from .outbox import make_envelope, write_events


class UnitOfWork:
    """`with runtime.uow(scope) as uow: ...; uow.emit(...); uow.commit()` — leaving without commit rolls back."""

    def __init__(self, sessions: sessionmaker[Session], scope: UnitScope, source: str) -> None:
        self._sessions = sessions
        self.scope = scope
        self.source = source
        self.session: Session
        self.emitted: list[Envelope] = []
        self._staged: list[tuple[Envelope, str | None]] = []

    def __enter__(self) -> UnitOfWork:
        self.session = open_session(self._sessions, self.scope)
        # Staged events are written by whichever commit ends the transaction (uow.commit or session.commit),
        # all in one statement, and dropped by a rollback.
        event.listen(self.session, "before_commit", self._write_staged)
        event.listen(self.session, "after_soft_rollback", self._drop_staged)
        return self

    def _write_staged(self, session: Session) -> None:
        staged, self._staged = self._staged, []
        write_events(session.connection(), staged)

    def _drop_staged(self, session: Session, previous_transaction: object) -> None:
        self._staged.clear()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Loaded objects outlive the session (views serialise them afterwards): detach before the rollback
        # that would otherwise expire them.
        self.session.expunge_all()
        self.session.rollback()
        self.session.close()

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

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
