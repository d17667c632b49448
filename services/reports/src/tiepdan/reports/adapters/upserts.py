"""Idempotent writes on PostgreSQL and SQLite: INSERT … ON CONFLICT DO NOTHING keyed by the fact's own id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tiepdan.reports.adapters.orm import Base


@cache
def _insert_ignoring_conflicts(dialect: str, model: type[Base], keys: tuple[str, ...]) -> Insert:
    """Built once per table: the projections insert one row per event, so the statement is reused millions of times."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model).on_conflict_do_nothing(index_elements=list(keys))


def insert_once(session: Session, model: type[Base], values: Mapping[str, Any], keys: Sequence[str]) -> None:
    """Insert the row unless one with the same key exists: a redelivered fact changes nothing."""
    statement = _insert_ignoring_conflicts(session.get_bind().dialect.name, model, tuple(keys))
    session.execute(statement, dict(values))
