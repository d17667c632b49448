"""Recording a visit with its case's previous visit in the same form column, whatever order visits arrive in.

Per (case, column) the visits form a chain ordered by (received_at, visit_id); each row keeps the day of the
one before it. A visit arriving late slots into the chain: it takes its predecessor's day, and its successor
now points at it. On PostgreSQL a transaction-scoped advisory lock per (case, column) keeps two consumers from
building the chain from the same stale view (it is its own statement: a statement sees the data as of its start),
then one statement finds the predecessor, inserts and relinks; SQLite has a single writer and takes three.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, func, select, text, tuple_, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from tiepdan.reports.adapters.orm import VisitFact

# parameter names differ from the column names: SQLAlchemy reserves those for an UPDATE's own SET values
_SAME_CHAIN = (VisitFact.case_id == bindparam("chain_case"), VisitFact.report_column == bindparam("chain_column"))
_POSITION = tuple_(VisitFact.received_at, VisitFact.visit_id)
_HERE = tuple_(bindparam("chain_at", type_=VisitFact.received_at.type), bindparam("chain_visit"))

_PREVIOUS_DAY = (
    select(VisitFact.received_on)
    .where(*_SAME_CHAIN, _POSITION < _HERE)
    .order_by(VisitFact.received_at.desc(), VisitFact.visit_id.desc())
    .limit(1)
)
_NEXT_ID = (
    select(VisitFact.visit_id)
    .where(*_SAME_CHAIN, _POSITION > _HERE)
    .order_by(VisitFact.received_at, VisitFact.visit_id)
    .limit(1)
    .scalar_subquery()
)
_LINK_NEXT = (
    update(VisitFact)
    .where(VisitFact.visit_id == _NEXT_ID)
    .values(prev_column_visit_on=bindparam("chain_day", type_=VisitFact.received_on.type))
)
_LOCK_CHAIN = select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("chain"), 0)))
_INSERT = sqlite.insert(VisitFact).on_conflict_do_nothing(index_elements=["visit_id"]).returning(VisitFact.visit_id)
_COLUMNS = (
    "visit_id", "unit", "case_id", "received_at", "received_on", "reception", "report_column", "headcount",
    "case_first_on", "is_case_first_visit", "kind", "field", "area",
)  # fmt: skip
_IN_CHAIN = "case_id = :chain_case AND report_column = :chain_column"
_RECORD_IN_ONE_STATEMENT = text(
    f"""
    WITH previous AS (
        SELECT received_on FROM visit_facts
        WHERE {_IN_CHAIN} AND (received_at, visit_id) < (:chain_at, :chain_visit)
        ORDER BY received_at DESC, visit_id DESC LIMIT 1
    ), inserted AS (
        INSERT INTO visit_facts ({", ".join(_COLUMNS)}, prev_column_visit_on)
        VALUES ({", ".join(":" + column for column in _COLUMNS)}, (SELECT received_on FROM previous))
        ON CONFLICT (visit_id) DO NOTHING
        RETURNING visit_id
    ), relinked AS (
        UPDATE visit_facts SET prev_column_visit_on = :received_on
        WHERE EXISTS (SELECT 1 FROM inserted) AND visit_id = (
            SELECT visit_id FROM visit_facts
            WHERE {_IN_CHAIN} AND (received_at, visit_id) > (:chain_at, :chain_visit)
            ORDER BY received_at, visit_id LIMIT 1)
        RETURNING visit_id
    )
    SELECT count(*) FROM inserted
    """
)


def record_visit(session: Session, values: Mapping[str, Any]) -> bool:
    """Insert the visit once (False when it was already there) and keep its column chain linked."""
    dialect = session.get_bind().dialect.name
    chain = {
        "chain_case": values["case_id"],
        "chain_column": values["report_column"],
        "chain_at": values["received_at"],
        "chain_visit": values["visit_id"],
    }
    if dialect == "postgresql":
        session.execute(_LOCK_CHAIN, {"chain": f"{values['case_id']}|{values['report_column']}"})
        return bool(session.scalar(_RECORD_IN_ONE_STATEMENT, {**values, **chain}))
    previous = session.scalar(_PREVIOUS_DAY, chain)
    inserted = session.scalar(_INSERT, {**values, "prev_column_visit_on": previous})
    if inserted is None:
        return False
    session.execute(_LINK_NEXT, {**chain, "chain_day": values["received_on"]})
    return True
