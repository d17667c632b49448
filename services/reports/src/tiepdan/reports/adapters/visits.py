"""Recording a visit with its case's previous visit in the same form column, whatever order visits arrive in.

Per (case, column) the visits form a chain ordered by (received_at, visit_id); each row keeps the day of the
one before it. A visit arriving late slots into the chain: it takes its predecessor's day, and its successor
now points at it. On PostgreSQL a transaction-scoped advisory lock per (case, column) keeps two consumers from
building the chain from the same stale view (it is its own statement: a statement sees the data as of its start),
then one statement finds the predecessor, inserts and relinks; SQLite has a single writer and takes three.

A burst of visits (`record_visits`) on PostgreSQL takes three statements whatever its size: lock every chain it
touches (in one order, so two consumers never deadlock on each other), insert all with each one's predecessor
(the stored one or, when later, the previous visit of the burst in the same chain), then relink the stored
visits that now follow a visit of the burst.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


_LOCK_CHAINS = text(
    """
    SELECT pg_advisory_xact_lock(key) FROM (
        SELECT DISTINCT hashtextextended(chain, 0) AS key FROM unnest(CAST(:chains AS text[])) AS chain
    ) AS keys ORDER BY key
    """
)
_ARRAY_TYPES = {
    "visit_id": "text", "unit": "text", "case_id": "text", "received_at": "timestamptz", "received_on": "date",
    "reception": "text", "report_column": "text", "headcount": "integer", "case_first_on": "date",
    "is_case_first_visit": "boolean", "kind": "text", "field": "text", "area": "text",
}  # fmt: skip
_ROW_BEFORE = "(s.received_at, s.visit_id) < (b.received_at, b.visit_id)"
_INSERT_BURST = text(
    f"""
    WITH burst AS (
        SELECT * FROM unnest({", ".join(f"CAST(:{c} AS {t}[])" for c, t in _ARRAY_TYPES.items())})
            AS b({", ".join(_ARRAY_TYPES)})
    ), placed AS (
        SELECT b.*, lag(received_on) OVER chain AS burst_prev_on,
               lag(received_at) OVER chain AS burst_prev_at, lag(visit_id) OVER chain AS burst_prev_id
        FROM burst AS b
        WINDOW chain AS (PARTITION BY case_id, report_column ORDER BY received_at, visit_id)
    )
    INSERT INTO visit_facts ({", ".join(_COLUMNS)}, prev_column_visit_on)
    SELECT {", ".join("b." + column for column in _COLUMNS)},
        CASE WHEN b.burst_prev_at IS NOT NULL AND (stored.visit_id IS NULL
                  OR (b.burst_prev_at, b.burst_prev_id) > (stored.received_at, stored.visit_id))
             THEN b.burst_prev_on ELSE stored.received_on END
    FROM placed AS b LEFT JOIN LATERAL (
        SELECT s.received_at, s.visit_id, s.received_on FROM visit_facts AS s
        WHERE s.case_id = b.case_id AND s.report_column = b.report_column AND {_ROW_BEFORE}
        ORDER BY s.received_at DESC, s.visit_id DESC LIMIT 1
    ) AS stored ON true
    ON CONFLICT (visit_id) DO NOTHING
    RETURNING case_id, report_column, received_at, visit_id
    """
)
_RELINK_FOLLOWERS = text(
    f"""
    WITH inserted AS (
        SELECT * FROM unnest(CAST(:case_id AS text[]), CAST(:report_column AS text[]),
                             CAST(:received_at AS timestamptz[]), CAST(:visit_id AS text[]))
            AS i(case_id, report_column, received_at, visit_id)
    ), followers AS (
        SELECT DISTINCT after.visit_id FROM inserted AS i CROSS JOIN LATERAL (
            SELECT s.visit_id FROM visit_facts AS s
            WHERE s.case_id = i.case_id AND s.report_column = i.report_column
              AND (s.received_at, s.visit_id) > (i.received_at, i.visit_id)
            ORDER BY s.received_at, s.visit_id LIMIT 1
        ) AS after
        WHERE after.visit_id <> ALL(CAST(:visit_id AS text[]))
    ), relinked AS (
        SELECT b.visit_id, (
            SELECT s.received_on FROM visit_facts AS s
            WHERE s.case_id = b.case_id AND s.report_column = b.report_column AND {_ROW_BEFORE}
            ORDER BY s.received_at DESC, s.visit_id DESC LIMIT 1
        ) AS prev_on
        FROM visit_facts AS b JOIN followers USING (visit_id)
    )
    UPDATE visit_facts AS t SET prev_column_visit_on = relinked.prev_on FROM relinked
    WHERE t.visit_id = relinked.visit_id AND t.prev_column_visit_on IS DISTINCT FROM relinked.prev_on
    """
)
_CHAIN_PLACE = ("case_id", "report_column", "received_at", "visit_id")


def record_visits(session: Session, burst: Sequence[Mapping[str, Any]]) -> int:
    """Record a burst of visits as `record_visit` would one by one; returns how many were new."""
    if session.get_bind().dialect.name != "postgresql":
        return sum(record_visit(session, values) for values in burst)
    unique: dict[str, Mapping[str, Any]] = {}
    for values in burst:  # a visit twice in one burst: the first one counts, as one by one
        unique.setdefault(values["visit_id"], values)
    session.execute(_LOCK_CHAINS, {"chains": [f"{v['case_id']}|{v['report_column']}" for v in unique.values()]})
    columns = {column: [values[column] for values in unique.values()] for column in _ARRAY_TYPES}
    inserted = session.execute(_INSERT_BURST, columns).all()
    if inserted:
        session.execute(_RELINK_FOLLOWERS, dict(zip(_CHAIN_PLACE, map(list, zip(*inserted, strict=True)), strict=True)))
    return len(inserted)


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
