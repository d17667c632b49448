"""Recording a visit with its case's previous visit in the same form column, whatever order visits arrive in.

Per (case, column) the visits form a chain ordered by (received_at, visit_id); each row keeps the day of the
one before it. A visit arriving late slots into the chain: it takes its predecessor's day, and its successor
now points at it. On PostgreSQL a transaction-scoped advisory lock per (case, column) keeps two consumers from
building the chain from the same stale view; SQLite has a single writer anyway.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, func, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
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
_INSERTS = {
    name: dialect.insert(VisitFact).on_conflict_do_nothing(index_elements=["visit_id"]).returning(VisitFact.visit_id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


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
    previous = session.scalar(_PREVIOUS_DAY, chain)
    inserted = session.scalar(_INSERTS[dialect], {**values, "prev_column_visit_on": previous})
    if inserted is None:
        return False
    session.execute(_LINK_NEXT, {**chain, "chain_day": values["received_on"]})
    return True
