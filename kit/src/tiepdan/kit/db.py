"""Database engine and sessions for one service, the kit's own tables, and unit scoping.

Unit scoping lives here once: every ORM query of a `UnitOwned` entity in a scoped session is filtered to
the caller's units, and every new `UnitOwned` row gets (and must stay within) the caller's unit.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, sessionmaker, with_loader_criteria
from sqlalchemy.sql import Insert, Select, Update
from sqlalchemy.types import TypeDecorator

from .errors import Problem

SCOPE_KEY = "tiepdan_scope"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on both SQLite and PostgreSQL; always returned in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


BigId = BigInteger().with_variant(Integer, "sqlite")

#: Tables every service database has (outbox, inbox, idempotency keys, dead letters); migrated by the kit.
kit_metadata = MetaData()

outbox_table = Table(
    "outbox",
    kit_metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("type", String(120), nullable=False),
    Column("unit", String(64), nullable=False),
    Column("aggregate_id", String(64), nullable=True),
    Column("body", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("published_at", UTCDateTime, nullable=True),
    Index(
        "ix_outbox_pending",
        "seq",
        postgresql_where=text("published_at IS NULL"),
        sqlite_where=text("published_at IS NULL"),
    ),
)

inbox_table = Table(
    "inbox",
    kit_metadata,
    Column("message_id", String(64), primary_key=True),
    Column("type", String(120), nullable=False),
    Column("processed_at", UTCDateTime, nullable=False),
)

idempotency_table = Table(
    "idempotency_keys",
    kit_metadata,
    Column("scope", String(200), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status", Integer, nullable=False),
    Column("body", LargeBinary, nullable=True),
    Column("headers", JSON, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

dead_letter_table = Table(
    "dead_letters",
    kit_metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("message_id", String(64), nullable=True),
    Column("type", String(120), nullable=True),
    Column("reason", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)


#: Constraint and index names every service's metadata uses, so migrations name them predictably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def service_metadata() -> MetaData:
    """The MetaData of a service's own tables (its `Base.metadata`)."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class UnitOwned:
    """Mixin for every record that belongs to a unit (ward). Scoped sessions filter and stamp it."""

    unit: Mapped[str] = mapped_column(String(64), index=True, nullable=False)


def unit_without_own_index() -> Any:
    """`unit: Mapped[str] = unit_without_own_index()` in a `UnitOwned` table that is read by a more selective key
    (a case's rows) or through a composite index leading with `unit`: a unit-only index there only tempts a plan
    made while the table was nearly empty (a cached generic plan, missing statistics) into scanning the unit's rows.
    """
    return mapped_column(String(64), nullable=False)


@dataclass(frozen=True)
class UnitScope:
    """`units is None`: every unit (workers, province with "*"). `write_unit`: the unit new records get."""

    units: frozenset[str] | None
    write_unit: str | None

    def allows(self, unit: str) -> bool:
        return self.units is None or unit in self.units


UNSCOPED = UnitScope(units=None, write_unit=None)


#: A PostgreSQL connection back in the pool for less than this is handed out without a ping: a ping at every
#: checkout costs round trips on every request for connections in use a moment ago.
PING_AFTER_IDLE_S = 1.0
_CHECKED_IN = "tiepdan_checked_in"


def _ping_idle_connections(engine: Engine) -> None:
    """Pre-ping, but only connections idle for PING_AFTER_IDLE_S: a dead one is replaced (the pool retries the
    checkout on DisconnectionError). A connection broken while it was busy fails its next statement instead, and
    that disconnect makes SQLAlchemy discard every pooled connection older than it, so one request, not one per
    connection, sees a restart."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        checked_in = record.info.pop(_CHECKED_IN, None)
        if checked_in is not None and time.monotonic() - checked_in < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError("stale pooled connection") from exc


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """SQLite files get WAL and a busy timeout; PostgreSQL pings connections that sat idle in the pool (see
    `_ping_idle_connections`) so a restart heals by itself."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin_immediate)
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin_immediate(conn: Any) -> None:
            # Writers queue on BEGIN instead of failing with "database is locked" on lock upgrade.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        engine.dialect._tiepdan_sqlite = True  # type: ignore[attr-defined]
        return engine
    if url.startswith(("postgresql://", "postgres://")):
        # Operators and cloud consoles hand out plain libpq URLs; the driver installed here is psycopg 3.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    kwargs.setdefault("pool_size", 5)
    kwargs.setdefault("max_overflow", 10)
    engine = create_engine(url, **kwargs)
    _ping_idle_connections(engine)
    return engine


class ScopedSession(Session):
    """The kit's sessions: `open_session` gives each a `UnitScope`, and the listeners below hold it on every write
    through the session (ORM flushes and Core statements alike) and filter every ORM read."""


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, class_=ScopedSession, expire_on_commit=False)


def open_session(factory: sessionmaker[Session], scope: UnitScope, connection: Connection | None = None) -> Session:
    """A session of `factory` for `scope`; on `connection` when given (the session commits or rolls back what it
    begins there, and leaves the connection open)."""
    session = factory() if connection is None else factory(bind=connection)
    session.info[SCOPE_KEY] = scope
    return session


def session_scope(session: Session) -> UnitScope:
    scope = session.info.get(SCOPE_KEY)
    return scope if isinstance(scope, UnitScope) else UNSCOPED


def _refuse_unit(unit: str) -> Problem:
    return Problem(403, f"Không được ghi dữ liệu của đơn vị {unit}.")


@event.listens_for(ScopedSession, "do_orm_execute")
def _filter_by_unit(state: ORMExecuteState) -> None:
    """ORM reads see only the scope's units; Core and ORM statements write only rows of the scope's units."""
    scope = session_scope(state.session)
    if scope.units is None:
        return
    statement: Any = state.statement
    if state.is_select:
        units = tuple(sorted(scope.units))
        state.statement = statement.options(
            with_loader_criteria(UnitOwned, lambda cls: cls.unit.in_(units), include_aliases=True)
        )
        return
    table = getattr(statement, "table", None)
    if table is None or "unit" not in table.c:
        return
    if state.is_insert or state.is_update:
        for unit in _units_written(statement, state.parameters):
            if not scope.allows(unit):
                raise _refuse_unit(unit)
    if state.is_update or state.is_delete:
        state.statement = statement.where(table.c.unit.in_(sorted(scope.units)))


def _units_written(statement: Any, parameters: Any) -> set[str]:
    """The `unit` values an INSERT or UPDATE writes: from its execute parameters and its `.values()`."""
    rows = parameters if isinstance(parameters, list) else [parameters] if parameters else []
    units = {row["unit"] for row in rows if "unit" in row}
    for column, value in (getattr(statement, "_values", None) or {}).items():
        if getattr(column, "key", column) == "unit":
            units.add(getattr(value, "value", value))
    for values in getattr(statement, "_multi_values", ()):
        for row in values:
            if isinstance(row, dict) and "unit" in row:
                units.add(row["unit"])
    return units


@event.listens_for(ScopedSession, "before_flush")
def _stamp_unit(session: Session, _context: Any, _instances: Any) -> None:
    scope = session_scope(session)
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, UnitOwned):
            continue
        if getattr(obj, "unit", None) is None:
            if scope.write_unit is None:
                raise ValueError(f"{type(obj).__name__} created without a unit in an unscoped session")
            obj.unit = scope.write_unit
        if not scope.allows(obj.unit):
            raise _refuse_unit(obj.unit)


@contextmanager
def pipelined(connection: Connection) -> Iterator[None]:
    """On PostgreSQL, the statements inside are sent together (psycopg pipeline mode) and confirmed at the end: one
    round trip instead of one each (results inside are not read before the end). Commit after the block, never
    inside: a commit hands the connection back to the pool while it would still be in pipeline mode, and another
    thread may take it before the block ends. Elsewhere (SQLite) statements run one by one."""
    pipeline = getattr(connection.connection.driver_connection, "pipeline", None)
    if connection.dialect.name != "postgresql" or pipeline is None:
        yield
        return
    dbapi = connection.dialect.loaded_dbapi
    try:
        with pipeline():
            yield
    except dbapi.Error as exc:
        # surfaced at the final sync, outside SQLAlchemy: raise what SQLAlchemy would have (IntegrityError for a
        # unique key, OperationalError — a 503 — when the server went away)
        raise DBAPIError.instance("pipeline", None, exc, dbapi.Error) from exc


def fetch_plain(connection: Connection, statement: Select[Any], params: dict[str, Any]) -> list[Any]:
    """The rows of a hot query whose parameters and columns the driver takes as they are. On PostgreSQL it goes
    through the driver, in a pipeline when a transaction's BEGIN must travel with it (one round trip, not two), and
    SQLAlchemy's result machinery, about half of a small query's CPU, is skipped. Elsewhere as usual."""
    if connection.dialect.name != "postgresql":
        return list(connection.execute(statement, params).all())
    driver = connection.connection.driver_connection
    assert driver is not None
    sql = driver_sql(statement, connection.dialect)
    if not driver.autocommit:
        with pipelined(connection):
            cursor = driver.execute(sql, params)
        return cursor.fetchall()
    dbapi = connection.dialect.loaded_dbapi
    try:  # outside a transaction block (`tiepdan.kit.statement`): no BEGIN to send along
        return driver.execute(sql, params).fetchall()
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi.Error) from exc


@cache
def driver_sql(statement: Insert | Update | Select[Any], dialect: Dialect) -> str:
    """The statement compiled once for the dialect, as the driver's text (its paramstyle, named parameters)."""
    return str(statement.compile(dialect=dialect))


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


# in the order of the (sorted) array: WITH ORDINALITY makes that explicit rather than a planner habit
_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(key) FROM unnest(CAST(:keys AS bigint[])) WITH ORDINALITY AS k(key, n) ORDER BY n"
)


def advisory_key(name: str) -> int:
    """A stable 64-bit advisory lock key for a name (the first 8 bytes of its SHA-256)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def lock_names(session: Session, names: Iterable[str]) -> None:
    """Hold a PostgreSQL advisory lock per name until the transaction ends (SQLite needs none: one writer).

    The locks are taken in one order in one statement, so two transactions locking overlapping sets never wait on
    each other in a cycle. Read what the locks protect in later statements: a statement sees data as of its start.
    """
    keys = sorted({advisory_key(name) for name in names})
    if keys and session.get_bind().dialect.name == "postgresql":
        session.execute(_LOCK_KEYS, {"keys": keys})
