"""Unit of work: one database transaction holding a use case's state change and the events it causes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from .db import UnitScope, open_session
from .events import Envelope
from .outbox import add_events, make_envelope, write_events
from .statement import WriteStatement, connect_outside_transaction, ensure_transaction, give_back, send_statement

#: Writes a repository holds for the commit: on PostgreSQL `writes(statement)` adds them to the commit's one
#: statement; elsewhere `writes(None)` runs them through the session.
HeldWrites = Callable[[WriteStatement | None], None]


class UnitOfWork:
    """`with runtime.uow(scope) as uow: ...; uow.commit()`. `commit()` commits; leaving without it rolls back.

    Services subclass it to add their repositories (built in `__enter__`, after `super().__enter__()`, or when first
    used). The ORM session is opened when first used (`session`): a deferring unit on PostgreSQL whose repositories
    read and write through `connection()` and the commit's statement needs none. Writes
    whose results nobody reads go to `write_at_commit` (repositories call it): on PostgreSQL they, the events and
    any other held write (a request's answer, `tiepdan.kit.idempotency.answer`) are one statement at the commit,
    where their errors surface. What must happen only once the work is durable goes to `on_committed`."""

    def __init__(self, sessions: sessionmaker[Session], scope: UnitScope, source: str) -> None:
        self._sessions = sessions
        self.engine: Engine = sessions.kw["bind"]
        self.scope = scope
        self.source = source
        self._session: Session | None = None
        #: a deferring unit's connection on PostgreSQL, checked out once, outside a transaction block
        self._connection: Connection | None = None
        self.emitted: list[Envelope] = []
        self._staged: list[tuple[Envelope, str | None]] = []
        self._held_writes: list[HeldWrites] = []
        self._committed_callbacks: list[Callable[[], None]] = []
        self._on_postgresql = self.engine.dialect.name == "postgresql"
        self._deferred = False

    def __enter__(self) -> UnitOfWork:
        self._session = None
        return self

    @property
    def session(self) -> Session:
        """The unit's ORM session, opened at first use (on the unit's connection when it has one)."""
        if self._session is None:
            self._session = open_session(self._sessions, self.scope, self._connection)
            self._session.autoflush = not self._deferred
        return self._session

    @property
    def session_info(self) -> Mapping[str, Any]:
        """What every session of this unit's factory carries in `Session.info`, without opening one."""
        return cast(Mapping[str, Any], self._sessions.kw.get("info") or {})

    def connection(self) -> Connection:
        """The connection the unit's statements run on (the session's unless the unit defers its writes)."""
        return self._connection if self._connection is not None else self.session.connection()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            # Loaded objects outlive the session (views serialise them afterwards): detach them before the rollback
            # that would otherwise expire them.
            if self._session is not None:
                self._session.expunge_all()
            self.rollback()
            if self._session is not None:
                self._session.close()
        finally:
            if self._connection is not None:
                connection, self._connection = self._connection, None
                give_back(connection)

    def defer_writes(self) -> None:
        """Declare, before the first read, that this unit's writes all wait for the commit (held writes, ORM
        changes, which no longer flush before a query). On PostgreSQL its reads then run outside a transaction
        block and its commit is one statement (a locking read opens a block: `ensure_transaction`)."""
        if self._session is not None:
            raise RuntimeError("defer_writes() comes before the unit's first read")
        self._deferred = True
        if self._on_postgresql:
            self._connection = connect_outside_transaction(self.engine)

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
        """Run `writes` at the commit, in the order given, before the events."""
        self._held_writes.append(writes)

    def on_committed(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this unit's work is committed (metrics, log lines about what is now durable)."""
        self._committed_callbacks.append(callback)

    def commit(self) -> None:
        held, self._held_writes = self._held_writes, []
        staged, self._staged = self._staged, []
        session = self._session
        if session is not None:
            if self._deferred and (session.new or session.dirty or session.deleted):
                ensure_transaction(session)  # ORM writes are several statements
            session.flush()
        if self._on_postgresql and (held or self._deferred):
            statement = WriteStatement()
            for writes in held:
                writes(statement)
            add_events(statement, staged)
            send_statement(self.connection(), statement, self.scope.units)
        else:
            for writes in held:
                writes(None)
            if staged:
                write_events(self.connection(), staged)
        if self._session is not None:
            self._session.commit()
        callbacks, self._committed_callbacks = self._committed_callbacks, []
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
        self._staged.clear()
        self._held_writes.clear()
        self._committed_callbacks.clear()


class OnWork:
    """A repository over a unit of work: the work's ORM session is opened only when a method needs it."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    @property
    def session(self) -> Session:
        return self._uow.session
