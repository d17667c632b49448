"""Unit of work: one database transaction holding the state change and the events it causes."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from .db import UnitScope, open_session
from .events import Envelope
from .outbox import add_event


class UnitOfWork:
    """`with runtime.uow(scope) as uow: ...; uow.emit(...); uow.commit()` — leaving without commit rolls back."""

    def __init__(self, sessions: sessionmaker[Session], scope: UnitScope, source: str) -> None:
        self._sessions = sessions
        self.scope = scope
        self.source = source
        self.session: Session
        self.emitted: list[Envelope] = []

    def __enter__(self) -> UnitOfWork:
        self.session = open_session(self._sessions, self.scope)
        return self

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
        """Stage an event in this transaction; `unit` defaults to the caller's write unit."""
        target = unit or self.scope.write_unit
        if not target:
            raise ValueError(f"{event_type}: no unit for the event (pass unit= in unscoped work)")
        envelope = add_event(self.session, self.source, event_type, data, target, aggregate_id)
        self.emitted.append(envelope)
        return envelope

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
