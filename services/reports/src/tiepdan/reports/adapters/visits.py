"""Recording visits: each with its case's previous visit in the same form column, and the counts 01/TCD reads.

Per (case, column) the visits form a chain ordered by (received_at, visit_id); each row keeps the day of the
one before it. A visit arriving late slots into the chain: it takes its predecessor's day, and its successor
now points at it. The day and topic counts (`VisitDay`, `VisitTopic`) grow by increments that commute, so
consumers never overwrite each other; a successor that gains a predecessor stops counting as its column's first.

On PostgreSQL a burst takes five short statements whatever its size, its rows travelling as one JSON parameter:
lock every chain it touches in one order (a transaction-scoped advisory lock per chain, its own statement since a
statement sees the data as of its start; one order, so two consumers never deadlock on each other), insert all
with each one's predecessor (the stored one or, when later, the previous visit of the burst in the same chain),
relink the stored visits that now follow one of the burst, add to the day and to the topic counts. SQLite has a
single writer and records visits one at a time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Insert, Table, bindparam, delete, select, text, tuple_, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from tiepdan.kit.db import lock_names
from tiepdan.reports.adapters.orm import VisitDay, VisitFact, VisitTopic
from tiepdan.reports.domain.reception import Column, column_of

DayKey = tuple[str, date, str, int]  # unit, day, form column, headcount
TopicKey = tuple[str, date, str, str]  # unit, day, dimension (field or area), its value
TOPICS = ("field", "area")

_COLUMNS = (
    "visit_id", "unit", "case_id", "received_at", "received_on", "reception", "report_column", "headcount",
    "case_first_on", "is_case_first_visit", "kind", "field", "area",
)  # fmt: skip
_TYPES = (
    "text", "text", "text", "timestamptz", "date", "text", "text", "integer", "date", "boolean", "text", "text", "text",
)  # fmt: skip
_DAY_KEY = ("unit", "received_on", "report_column", "headcount")
_CHAIN_PLACE = ("case_id", "report_column", "received_at", "visit_id")
_ROW_BEFORE = "(s.received_at, s.visit_id) < (b.received_at, b.visit_id)"

_INSERT_BURST = text(
    f"""
    WITH burst AS (
        SELECT * FROM jsonb_to_recordset(CAST(:burst AS jsonb))
            AS b({", ".join(f"{c} {t}" for c, t in zip(_COLUMNS, _TYPES, strict=True))})
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
    RETURNING {", ".join(_DAY_KEY)}, is_case_first_visit, prev_column_visit_on IS NULL, field, area,
        {", ".join(_CHAIN_PLACE)}
    """
)
_RELINK_FOLLOWERS = text(
    f"""
    WITH inserted AS (
        SELECT * FROM jsonb_to_recordset(CAST(:inserted AS jsonb))
            AS i(case_id text, report_column text, received_at timestamptz, visit_id text)
    ), followers AS (
        SELECT DISTINCT after.visit_id FROM inserted AS i CROSS JOIN LATERAL (
            SELECT s.visit_id FROM visit_facts AS s
            WHERE s.case_id = i.case_id AND s.report_column = i.report_column
              AND (s.received_at, s.visit_id) > (i.received_at, i.visit_id)
            ORDER BY s.received_at, s.visit_id LIMIT 1
        ) AS after
        WHERE after.visit_id NOT IN (SELECT visit_id FROM inserted)
    ), relinked AS (
        SELECT b.visit_id, b.prev_column_visit_on AS old_prev_on, (
            SELECT s.received_on FROM visit_facts AS s
            WHERE s.case_id = b.case_id AND s.report_column = b.report_column AND {_ROW_BEFORE}
            ORDER BY s.received_at DESC, s.visit_id DESC LIMIT 1
        ) AS prev_on
        FROM visit_facts AS b JOIN followers USING (visit_id)
    )
    UPDATE visit_facts AS t SET prev_column_visit_on = relinked.prev_on FROM relinked
    WHERE t.visit_id = relinked.visit_id AND t.prev_column_visit_on IS DISTINCT FROM relinked.prev_on
    RETURNING {", ".join("t." + column for column in _DAY_KEY)}, relinked.old_prev_on IS NULL
    """
)
# SQLite, one visit at a time; parameter names differ from the column names: SQLAlchemy reserves those for an
# UPDATE's own SET values
_SAME_CHAIN = (VisitFact.case_id == bindparam("chain_case"), VisitFact.report_column == bindparam("chain_column"))
_POSITION = tuple_(VisitFact.received_at, VisitFact.visit_id)
_HERE = tuple_(bindparam("chain_at", type_=VisitFact.received_at.type), bindparam("chain_visit"))
_PREVIOUS_DAY = (
    select(VisitFact.received_on)
    .where(*_SAME_CHAIN, _POSITION < _HERE)
    .order_by(VisitFact.received_at.desc(), VisitFact.visit_id.desc())
    .limit(1)
)
_NEXT = (
    select(VisitFact.visit_id, VisitFact.prev_column_visit_on, *(getattr(VisitFact, key) for key in _DAY_KEY))
    .where(*_SAME_CHAIN, _POSITION > _HERE)
    .order_by(VisitFact.received_at, VisitFact.visit_id)
    .limit(1)
)
_LINK = (
    update(VisitFact)
    .where(VisitFact.visit_id == bindparam("next_visit"))
    .values(prev_column_visit_on=bindparam("chain_day", type_=VisitFact.received_on.type))
)
_INSERT_ONE = sqlite.insert(VisitFact).on_conflict_do_nothing(index_elements=["visit_id"]).returning(VisitFact.visit_id)

_ADDED = ("visits", "case_first_visits", "column_first")
_ADD_TO_DAYS_ON_POSTGRESQL = text(
    f"""
    INSERT INTO visit_days ({", ".join(_DAY_KEY + _ADDED)})
    SELECT * FROM jsonb_to_recordset(CAST(:days AS jsonb)) AS d(unit text, received_on date, report_column text,
        headcount integer, visits integer, case_first_visits integer, column_first integer)
    ORDER BY {", ".join(_DAY_KEY)}
    ON CONFLICT ({", ".join(_DAY_KEY)}) DO UPDATE
    SET {", ".join(f"{name} = visit_days.{name} + excluded.{name}" for name in _ADDED)}
    """
)
_TOPIC_KEY = ("unit", "received_on", "dimension", "value")
_ADD_TO_TOPICS_ON_POSTGRESQL = text(
    f"""
    INSERT INTO visit_topics ({", ".join(_TOPIC_KEY)}, visits, persons)
    SELECT * FROM jsonb_to_recordset(CAST(:topics AS jsonb)) AS d(unit text, received_on date, dimension text,
        value text, visits integer, persons integer)
    ORDER BY {", ".join(_TOPIC_KEY)}
    ON CONFLICT ({", ".join(_TOPIC_KEY)}) DO UPDATE
    SET visits = visit_topics.visits + excluded.visits, persons = visit_topics.persons + excluded.persons
    """
)


def _sqlite_adder(table: Table, key: Sequence[str], added: Sequence[str]) -> Insert:
    insert = sqlite.insert(table)
    return insert.on_conflict_do_update(
        index_elements=list(key), set_={name: table.c[name] + insert.excluded[name] for name in added}
    )


_ADD_TO_DAYS_ON_SQLITE = _sqlite_adder(VisitDay.__table__, _DAY_KEY, _ADDED)
_ADD_TO_TOPICS_ON_SQLITE = _sqlite_adder(VisitTopic.__table__, _TOPIC_KEY, ("visits", "persons"))


class _Increments:
    """What a burst adds to the day and topic counts, written in one upsert each at the end."""

    def __init__(self) -> None:
        self.days: dict[DayKey, dict[str, int]] = {}
        self.topics: dict[TopicKey, dict[str, int]] = {}

    def new_visit(
        self, key: DayKey, case_first: bool, column_first: bool, topics: Mapping[str, str], count: int = 1
    ) -> None:
        """Count a visit in (`count` 1) or, taking it back before it changes, out of (-1) the day and topic counts."""
        day = self.days.setdefault(key, dict.fromkeys(_ADDED, 0))
        day["visits"] += count
        day["case_first_visits"] += count * int(case_first)
        day["column_first"] += count * int(column_first)
        unit, received_on, _column, headcount = key
        for dimension in TOPICS:
            topic = self.topics.setdefault(
                (unit, received_on, dimension, topics[dimension]), {"visits": 0, "persons": 0}
            )
            topic["visits"] += count
            topic["persons"] += count * headcount

    def no_longer_column_first(self, key: DayKey) -> None:
        self.days.setdefault(key, dict.fromkeys(_ADDED, 0))["column_first"] -= 1

    def write(self, session: Session) -> None:
        """On PostgreSQL the upserts take their rows in key order (ORDER BY): concurrent consumers lock the same count
        rows in the same order."""
        days = [dict(zip(_DAY_KEY, key, strict=True)) | added for key, added in self.days.items()]
        topics = [dict(zip(_TOPIC_KEY, key, strict=True)) | added for key, added in self.topics.items()]
        if session.get_bind().dialect.name == "postgresql":
            if days:
                session.execute(_ADD_TO_DAYS_ON_POSTGRESQL, {"days": _json(days)})
            if topics:
                session.execute(_ADD_TO_TOPICS_ON_POSTGRESQL, {"topics": _json(topics)})
            return
        if days:
            session.execute(_ADD_TO_DAYS_ON_SQLITE, days)
        if topics:
            session.execute(_ADD_TO_TOPICS_ON_SQLITE, topics)


def record_visits(session: Session, burst: Sequence[Mapping[str, Any]]) -> int:
    """Record visits (a redelivered one changes nothing); returns how many were new."""
    if session.get_bind().dialect.name != "postgresql":
        return sum(_record_on_sqlite(session, values) for values in burst)
    unique: dict[str, Mapping[str, Any]] = {}
    for values in burst:  # a visit twice in one burst: the first one counts, as one by one
        unique.setdefault(values["visit_id"], values)
    lock_names(session, (f"{v['case_id']}|{v['report_column']}" for v in unique.values()))
    burst_json = _json([{column: values[column] for column in _COLUMNS} for values in unique.values()])
    inserted = session.execute(_INSERT_BURST, {"burst": burst_json}).all()
    if not inserted:
        return 0
    increments = _Increments()
    for unit, day, column, headcount, case_first, column_first, field, area, *_place in inserted:
        increments.new_visit((unit, day, column, headcount), case_first, column_first, {"field": field, "area": area})
    places = _json([dict(zip(_CHAIN_PLACE, row[8:], strict=True)) for row in inserted])
    for unit, day, column, headcount, was_column_first in session.execute(_RELINK_FOLLOWERS, {"inserted": places}):
        if was_column_first:
            increments.no_longer_column_first((unit, day, column, headcount))
    increments.write(session)
    return len(inserted)


def record_visit(session: Session, values: Mapping[str, Any]) -> bool:
    """Record one visit; False when it was already there."""
    return record_visits(session, [values]) == 1


def _record_on_sqlite(session: Session, values: Mapping[str, Any]) -> bool:
    chain = {
        "chain_case": values["case_id"],
        "chain_column": values["report_column"],
        "chain_at": values["received_at"],
        "chain_visit": values["visit_id"],
    }
    previous = session.scalar(_PREVIOUS_DAY, chain)
    if session.scalar(_INSERT_ONE, {**values, "prev_column_visit_on": previous}) is None:
        return False
    increments = _Increments()
    key: DayKey = (values["unit"], values["received_on"], values["report_column"], values["headcount"])
    increments.new_visit(key, values["is_case_first_visit"], previous is None, values)
    following = session.execute(_NEXT, chain).first()
    if following is not None:
        next_visit, next_previous, unit, day, column, headcount = following
        session.execute(_LINK, {"next_visit": next_visit, "chain_day": values["received_on"]})
        if next_previous is None:
            increments.no_longer_column_first((unit, day, column, headcount))
    increments.write(session)
    return True


def rework_visits(session: Session, case_ids: Iterable[str], change: Callable[[VisitFact], None]) -> int:
    """Count the visits of these cases again after `change` (a correction, or a merge moving one case's visits to
    the other): they are taken out of the day and topic counts, changed, given their chains and their cases' first
    visits anew, and counted in again. Returns how many visits were counted again.

    After a merge a case has several visits that each opened their case: the earliest stays its first visit, and
    its first day is the earliest of theirs."""
    ids = sorted(set(case_ids))
    lock_names(session, (f"{case_id}|{column.value}" for case_id in ids for column in Column))
    rows = list(session.scalars(select(VisitFact).where(VisitFact.case_id.in_(ids)).with_for_update()))
    increments = _Increments()
    for row in rows:
        increments.new_visit(_day_key(row), row.is_case_first_visit, row.prev_column_visit_on is None, _topics(row), -1)
    for row in rows:
        change(row)
        row.report_column = column_of(row.reception).value
    by_case: dict[str, list[VisitFact]] = defaultdict(list)
    chains: dict[tuple[str, str], list[VisitFact]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.received_at, r.visit_id)):
        by_case[row.case_id].append(row)
        chains[row.case_id, row.report_column].append(row)
    for visits in by_case.values():
        first_on = min(row.case_first_on for row in visits)
        opening = next((row for row in visits if row.is_case_first_visit), None)
        for row in visits:
            row.case_first_on = first_on
            row.is_case_first_visit = row is opening
    for chain in chains.values():
        for previous, row in zip([None, *chain], chain, strict=False):
            row.prev_column_visit_on = previous.received_on if previous is not None else None
    for row in rows:
        increments.new_visit(_day_key(row), row.is_case_first_visit, row.prev_column_visit_on is None, _topics(row))
    session.flush()
    increments.write(session)
    touched = {(unit, day) for unit, day, _column, _headcount in increments.days}
    for model in (VisitDay, VisitTopic):  # a day or topic left with no visit is no session and no topic
        for unit, day in touched:
            session.execute(delete(model).where(model.unit == unit, model.received_on == day, model.visits == 0))
    return len(rows)


def _day_key(row: VisitFact) -> DayKey:
    return (row.unit, row.received_on, row.report_column, row.headcount)


def _topics(row: VisitFact) -> dict[str, str]:
    return {"field": row.field, "area": row.area}


def _json(rows: list[dict[str, Any]]) -> str:
    """Rows for `jsonb_to_recordset`: one parameter, however many rows (dates and instants in ISO 8601)."""
    return json.dumps(rows, ensure_ascii=False, default=_iso)


def _iso(value: date) -> str:  # datetime is a date too
    return value.isoformat()
