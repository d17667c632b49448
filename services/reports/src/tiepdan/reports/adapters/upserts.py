"""Idempotent writes on PostgreSQL and SQLite: INSERT … ON CONFLICT DO NOTHING keyed by the fact's own id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tiepdan.reports.adapters.orm import Base

#: built once per dialect and table: the projections insert one row per event, millions of times
_STATEMENTS: dict[tuple[str, str], Insert] = {}


def insert_once(session: Session, model: type[Base], values: Mapping[str, Any], keys: Sequence[str]) -> None:
    """Insert the row unless one with the same key exists: a redelivered fact changes nothing."""
    dialect = session.get_bind().dialect.name
    statement = _STATEMENTS.get((dialect, model.__tablename__))
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(model).on_conflict_do_nothing(index_elements=list(keys))
        _STATEMENTS[(dialect, model.__tablename__)] = statement
    session.execute(statement, dict(values))
