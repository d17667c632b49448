"""A commit's writes as one statement on PostgreSQL, and reads outside a transaction block until one is needed.

PostgreSQL runs each statement atomically, so writes gathered as data-modifying CTEs of one statement need no
BEGIN and COMMIT of their own: with the reads before them run outside a transaction block (each sees what is
committed when it starts, as inside a READ COMMITTED transaction), a unit of work costs one round trip per read
and one for all its writes. A locking read (FOR UPDATE) or ORM writes need a block: `ensure_transaction()` opens
one, and the commit ends it. Only repositories (adapters) and the kit build these statements.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from psycopg import RawCursor
from psycopg.pq import TransactionStatus
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .errors import Problem

#: Raised inside the statement (so nothing of it is kept) when a row it writes is outside the caller's units.
_OUTSIDE_SCOPE = "unit outside the scope: "
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass
class WriteStatement:
    """Writes gathered for a commit (PostgreSQL): named CTEs, their parameters by name."""

    ctes: list[tuple[str, str]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    #: a channel notified when the statement commits
    notify: str | None = None
    #: the CTEs whose rows (`RETURNING unit`) the unit guard checks
    guarded: list[str] = field(default_factory=list)

    def add(self, name: str, body: str, params: Mapping[str, Any] | None = None, *, unit_rows: bool = True) -> None:
        """`body`: an INSERT, UPDATE or DELETE with `%(name)s` placeholders (no other `%`). With `unit_rows` (the
        default) it ends in `RETURNING unit` and each row it writes must be of the caller's units; pass False for a
        SELECT the others read and for the kit's own tables. The statement runs the checked ones in the order
        added (the unit guard reads them so), the others when first read or at its end."""
        clashes = {n for n, _ in self.ctes if n == name} | (self.params.keys() & (params or {}).keys())
        if clashes:
            raise ValueError(f"names used twice in the commit's statement: {sorted(clashes)}")
        self.ctes.append((name, body))
        self.params.update(params or {})
        if unit_rows:
            self.guarded.append(name)

    def sql(self, units: frozenset[str] | None) -> str:
        ctes = list(self.ctes)
        checks = ""
        if units is not None and self.guarded:
            # a cast that fails for an offending row: the statement, and so every write in it, is undone
            written = " UNION ALL ".join(f"SELECT unit FROM {name}" for name in self.guarded)
            ctes.append(
                (
                    "unit_guard",
                    f"SELECT CAST('{_OUTSIDE_SCOPE}' || w.unit AS integer) AS refused FROM ({written}) w"
                    " WHERE w.unit <> ALL(%(guard_units)s)",
                )
            )
            checks = ", (SELECT sum(refused) FROM unit_guard)"
        last = f"SELECT pg_notify('{self.notify}', ''){checks}" if self.notify else f"SELECT 1{checks}"
        return "WITH " + ", ".join(f"{name} AS ({body})" for name, body in ctes) + " " + last


@lru_cache(maxsize=256)
def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """The text with PostgreSQL's `$n` placeholders, and the parameter names in their order. Once per text: psycopg
    parses a text as long as a registration's again at every execution (it keeps only short ones)."""
    names: dict[str, int] = {}
    numbered = _PLACEHOLDER.sub(lambda match: f"${names.setdefault(match.group(1), len(names) + 1)}", sql)
    return numbered, tuple(names)


def send_statement(connection: Connection, statement: WriteStatement, units: frozenset[str] | None) -> None:
    """Run the gathered writes through the driver (the text is fixed per shape, so psycopg prepares it)."""
    if not statement.ctes:
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    dbapi = connection.dialect.loaded_dbapi
    sql, names = _numbered(statement.sql(units))
    params = statement.params if units is None else {**statement.params, "guard_units": sorted(units)}
    try:
        with RawCursor(driver) as cursor:
            cursor.execute(sql, [params[name] for name in names])
    except dbapi.Error as exc:
        if _OUTSIDE_SCOPE in str(exc):
            unit = str(exc).split(_OUTSIDE_SCOPE, 1)[1].split('"', 1)[0]
            raise Problem(403, f"Không được ghi dữ liệu của đơn vị {unit}.") from exc
        # as SQLAlchemy would raise it: IntegrityError for a key, OperationalError (a 503) for a lost server
        raise DBAPIError.instance(sql, None, exc, dbapi.Error) from exc


def connect_outside_transaction(engine: Engine) -> Connection:
    """A pooled connection whose statements run outside a transaction block until `ensure_transaction()` (a session
    bound to it shares it); hand it back with `give_back()`. The driver's own switch, set and reset here, costs less
    than an isolation level option that SQLAlchemy applies and undoes at every checkout."""
    connection = engine.connect()
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.autocommit = True
    return connection


def give_back(connection: Connection) -> None:
    """Back to the pool as the pool hands connections out (in transaction mode); one still in a transaction block,
    or broken, is discarded instead."""
    if not connection.invalidated:
        driver = connection.connection.driver_connection
        if driver.pgconn.transaction_status == TransactionStatus.IDLE:  # type: ignore[union-attr]
            driver.autocommit = False  # type: ignore[union-attr]
        else:
            connection.invalidate()
    connection.close()


def ensure_transaction(session: Session) -> None:
    """Before a locking read or writes that are not one statement: open a transaction block if none is open (a
    no-op on SQLite and in an ordinary session). The session's commit or rollback ends it."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if not getattr(driver, "autocommit", False):
        return
    if driver.pgconn.transaction_status == TransactionStatus.IDLE:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN")
