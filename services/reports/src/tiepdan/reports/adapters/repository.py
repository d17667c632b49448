"""The reports service's data access: a repository per aggregate, each holding all of its SQL.

Visits (`VisitRepository`): per (case, column) the visits form a chain ordered by (received_at, visit_id); each row
keeps the day of the one before it. A visit arriving late slots into the chain: it takes its predecessor's day, and
its successor now points at it. The day and topic counts (`VisitDay`, `VisitTopic`) grow by increments that
commute, so consumers never overwrite each other; a successor that gains a predecessor stops counting as its
column's first.

On PostgreSQL a burst takes five short statements whatever its size, its rows travelling as one JSON parameter:
lock every chain it touches in one order (a transaction-scoped advisory lock per chain, its own statement since a
statement sees the data as of its start; one order, so two consumers never deadlock on each other), insert all
with each one's predecessor (the stored one or, when later, the previous visit of the burst in the same chain),
relink the stored visits that now follow one of the burst, add to the day and to the topic counts. SQLite has a
single writer and records visits one at a time. Which of the two paths a write takes is decided here only.

Reads for the forms and the live figures (`FigureRepository`): 01/TCD and the live figures aggregate in SQL (a
year of a province is millions of visits); 02/XLD and the daily report load the few records they need and count
in the domain.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Date,
    Insert,
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    distinct,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
    tuple_,
    union,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from tiepdan.kit.db import lock_names
from tiepdan.kit.pagination import paginate
from tiepdan.kit.replica import supersedes
from tiepdan.reports.adapters.charts import DayPoint
from tiepdan.reports.adapters.orm import (
    KNOWN_SPAN,
    AlertFact,
    Base,
    CaseChangeRow,
    CaseDeadlineRow,
    CaseMergeRow,
    Delivery,
    PetitionFact,
    RegisterDay,
    ReportAddressee,
    ReportFile,
    ReportMail,
    ReportNarrative,
    ReportSnapshot,
    ResponsePlanFact,
    ResponseTaskFact,
    ScheduledRun,
    UnitCalendar,
    UnitNameRow,
    VisitDay,
    VisitFact,
    VisitTopic,
)
from tiepdan.reports.domain import cases, coordination, daily, handling
from tiepdan.reports.domain.access import Units
from tiepdan.reports.domain.figures import FigureRow
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.reception import Column, ColumnTally, ReceptionFigures, column_of
from tiepdan.reports.domain.schedule import AlreadyMade
from tiepdan.reports.domain.ward_time import day_end

#: a visit's row in the projection, as `tiepdan.reports.handlers.intake.visit_values` reads it from the event
VisitRow = Mapping[str, Any]

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


_ADD_TO_DAYS_ON_SQLITE = _sqlite_adder(cast(Table, VisitDay.__table__), _DAY_KEY, _ADDED)
_ADD_TO_TOPICS_ON_SQLITE = _sqlite_adder(cast(Table, VisitTopic.__table__), _TOPIC_KEY, ("visits", "persons"))


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


class VisitRepository:
    """The visits of 01/TCD with their chains, and the day and topic counts they add to."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, burst: Sequence[VisitRow]) -> int:
        """Record visits (a redelivered one changes nothing); returns how many were new."""
        if self.session.get_bind().dialect.name != "postgresql":
            return sum(self._record_on_sqlite(values) for values in burst)
        return self._record_on_postgresql(burst)

    def case_of(self, visit_id: str) -> str | None:
        return self.session.scalar(select(VisitFact.case_id).where(VisitFact.visit_id == visit_id))

    def correct(self, values: VisitRow) -> None:
        """The visit as it now stands (reception, headcount, kind, field, area): its case's visits are counted
        again with it, wherever a merge may have moved it."""
        case_id = self.case_of(values["visit_id"])
        if case_id is None:
            return
        corrected = {name: values[name] for name in ("reception", "headcount", "kind", "field", "area")}

        def correct(row: VisitFact) -> None:
            if row.visit_id == values["visit_id"]:
                for name, value in corrected.items():
                    setattr(row, name, value)

        self._rework([case_id], correct)

    def move_case(self, merged: str, into: str) -> int:
        """The merged case's visits count on the surviving case; returns how many visits were counted again."""

        def move(row: VisitFact) -> None:
            if row.case_id == merged:
                row.case_id = into

        return self._rework([merged, into], move)

    def _record_on_postgresql(self, burst: Sequence[VisitRow]) -> int:
        session = self.session
        unique: dict[str, VisitRow] = {}
        for values in burst:  # a visit twice in one burst: the first one counts, as one by one
            unique.setdefault(values["visit_id"], values)
        lock_names(session, (f"{v['case_id']}|{v['report_column']}" for v in unique.values()))
        burst_json = _json([{column: values[column] for column in _COLUMNS} for values in unique.values()])
        inserted = session.execute(_INSERT_BURST, {"burst": burst_json}).all()
        if not inserted:
            return 0
        increments = _Increments()
        for unit, day, column, headcount, case_first, column_first, field, area, *_place in inserted:
            topics = {"field": field, "area": area}
            increments.new_visit((unit, day, column, headcount), case_first, column_first, topics)
        places = _json([dict(zip(_CHAIN_PLACE, row[8:], strict=True)) for row in inserted])
        for unit, day, column, headcount, was_column_first in session.execute(_RELINK_FOLLOWERS, {"inserted": places}):
            if was_column_first:
                increments.no_longer_column_first((unit, day, column, headcount))
        increments.write(session)
        return len(inserted)

    def _record_on_sqlite(self, values: VisitRow) -> bool:
        session = self.session
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

    def _rework(self, case_ids: Iterable[str], change: Callable[[VisitFact], None]) -> int:
        """Count the visits of these cases again after `change` (a correction, or a merge moving one case's visits
        to the other): they are taken out of the day and topic counts, changed, given their chains and their cases'
        first visits anew, and counted in again. Returns how many visits were counted again.

        After a merge a case has several visits that each opened their case: the earliest stays its first visit,
        and its first day is the earliest of theirs."""
        session = self.session
        ids = sorted(set(case_ids))
        lock_names(session, (f"{case_id}|{column.value}" for case_id in ids for column in Column))
        rows = list(session.scalars(select(VisitFact).where(VisitFact.case_id.in_(ids)).with_for_update()))
        increments = _Increments()
        for row in rows:
            increments.new_visit(
                _day_key(row), row.is_case_first_visit, row.prev_column_visit_on is None, _topics(row), -1
            )
        for row in rows:
            change(row)
            row.report_column = column_of(row.reception).value
        _relink(rows)
        for row in rows:
            increments.new_visit(_day_key(row), row.is_case_first_visit, row.prev_column_visit_on is None, _topics(row))
        session.flush()
        increments.write(session)
        touched = {(unit, day) for unit, day, _column, _headcount in increments.days}
        for model in (VisitDay, VisitTopic):  # a day or topic left with no visit is no session and no topic
            for unit, day in touched:
                session.execute(delete(model).where(model.unit == unit, model.received_on == day, model.visits == 0))
        return len(rows)


def _relink(rows: Sequence[VisitFact]) -> None:
    """Each case's first visit and each chain's links, anew over all the visits of the cases."""
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


def _day_key(row: VisitFact) -> DayKey:
    return (row.unit, row.received_on, row.report_column, row.headcount)


def _topics(row: VisitFact) -> dict[str, str]:
    return {"field": row.field, "area": row.area}


def _json(rows: list[dict[str, Any]]) -> str:
    """Rows for `jsonb_to_recordset`: one parameter, however many rows (dates and instants in ISO 8601)."""
    return json.dumps(rows, ensure_ascii=False, default=_iso)


def _iso(value: date) -> str:  # datetime is a date too
    return value.isoformat()


#: built once per dialect and table: the projections insert one row per event, millions of times
_INSERTS_ONCE: dict[tuple[str, str], Insert] = {}


def _insert_once(session: Session, model: type[Base], values: Mapping[str, Any], keys: Sequence[str]) -> None:
    """INSERT … ON CONFLICT DO NOTHING keyed by the fact's own id: a redelivered fact changes nothing."""
    dialect = session.get_bind().dialect.name
    statement = _INSERTS_ONCE.get((dialect, model.__tablename__))
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(model).on_conflict_do_nothing(index_elements=list(keys))
        _INSERTS_ONCE[(dialect, model.__tablename__)] = statement
    session.execute(statement, dict(values))


class PetitionRepository:
    """The petitions of 02/XLD."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, values: Mapping[str, Any]) -> None:
        _insert_once(self.session, PetitionFact, values, ["petition_id"])

    def correct(self, values: Mapping[str, Any]) -> None:
        """The petition as it now stands; one corrected before it arrived is recorded as corrected."""
        row = self.session.get(PetitionFact, values["petition_id"], with_for_update=True)
        if row is None:
            self.session.add(PetitionFact(**values))
            return
        for name, value in values.items():
            setattr(row, name, value)

    def move_case(self, merged: str, into: str) -> None:
        self.session.execute(
            update(PetitionFact).where(PetitionFact.case_id == merged).values(case_id=into),
            execution_options={"synchronize_session": False},
        )


class CaseRepository:
    """Cases' changes, their deadlines and their merges."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_change(self, values: Mapping[str, Any]) -> None:
        _insert_once(self.session, CaseChangeRow, values, ["event_id"])

    def set_deadline(self, deadline: cases.CaseDeadline, set_at: datetime) -> None:
        """The latest event (by event time) sets the date, whatever order events arrive in."""
        row = self.session.get(CaseDeadlineRow, (deadline.case_id, deadline.name), with_for_update=True)
        if row is None:
            self.session.add(
                CaseDeadlineRow(
                    case_id=deadline.case_id, name=deadline.name, unit=deadline.unit, due=deadline.due, set_at=set_at
                )
            )
        elif row.set_at <= set_at:
            row.due, row.set_at = deadline.due, set_at
        self.session.flush()

    def keep_deadlines(self, case_id: str, names: Iterable[str], set_by: datetime) -> None:
        """Drop the case's deadlines not in `names` that were set no later than `set_by`."""
        self.session.execute(
            delete(CaseDeadlineRow).where(
                CaseDeadlineRow.case_id == case_id,
                CaseDeadlineRow.name.not_in(list(names)),
                CaseDeadlineRow.set_at <= set_by,
            )
        )

    def drop_deadlines(self, case_id: str) -> None:
        self.session.execute(delete(CaseDeadlineRow).where(CaseDeadlineRow.case_id == case_id))

    def add_merge(self, values: Mapping[str, Any]) -> None:
        _insert_once(self.session, CaseMergeRow, values, ["case_id"])

    def merged_among(self, case_ids: Iterable[str]) -> list[str]:
        """Those of the cases that were merged into another."""
        ids = set(case_ids)
        return list(self.session.scalars(select(CaseMergeRow.case_id).where(CaseMergeRow.case_id.in_(ids))))

    def merged_into(self, case_id: str) -> str | None:
        return self.session.scalar(select(CaseMergeRow.into).where(CaseMergeRow.case_id == case_id))


class AlertRepository:
    """When each alert was open, for the daily report's open alerts by kind."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, alert_id: str) -> daily.AlertSeen | None:
        row = self.session.get(AlertFact, alert_id, with_for_update=True)
        if row is None:
            return None
        return daily.AlertSeen(
            row.alert_id, row.unit, row.kind, row.status, row.raised_at, row.resolved_at, row.last_event_at
        )

    def save(self, alert: daily.AlertSeen) -> None:
        row = self.session.get(AlertFact, alert.alert_id)
        if row is None:
            row = AlertFact(alert_id=alert.alert_id, unit=alert.unit, kind=alert.kind)
            self.session.add(row)
        row.status, row.raised_at, row.resolved_at = alert.status, alert.raised_at, alert.resolved_at
        row.last_event_at = alert.seen_at


class CoordinationRepository:
    """Response plans and their tasks as intake's events tell them; a row is locked by its id while an event is
    merged into it, so consumers in parallel merge one after the other."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def plan(self, plan_id: str) -> coordination.PlanSeen | None:
        lock_names(self.session, [f"response-plan:{plan_id}"])
        row = self.session.get(ResponsePlanFact, plan_id, with_for_update=True)
        return None if row is None else _plan(row)

    def save_plan(self, plan: coordination.PlanSeen) -> None:
        row = self.session.get(ResponsePlanFact, plan.plan_id)
        if row is None:
            row = ResponsePlanFact(plan_id=plan.plan_id, unit=plan.unit)
            self.session.add(row)
        row.opened_at, row.closed_at, row.outcome = plan.opened_at, plan.closed_at, plan.outcome
        row.last_event_at = plan.seen_at

    def task(self, task_id: str) -> coordination.TaskSeen | None:
        lock_names(self.session, [f"response-task:{task_id}"])
        row = self.session.get(ResponseTaskFact, task_id, with_for_update=True)
        return None if row is None else _task(row)

    def save_task(self, task: coordination.TaskSeen) -> None:
        row = self.session.get(ResponseTaskFact, task.task_id)
        if row is None:
            row = ResponseTaskFact(task_id=task.task_id, unit=task.unit)
            self.session.add(row)
        row.plan_id, row.assignee_agency, row.due_on = task.plan_id, task.assignee_agency, task.due_on
        row.assigned_at, row.completed_at, row.completed_late = task.assigned_at, task.completed_at, task.completed_late
        row.last_event_at = task.seen_at


def _plan(row: ResponsePlanFact) -> coordination.PlanSeen:
    return coordination.PlanSeen(row.plan_id, row.unit, row.last_event_at, row.opened_at, row.closed_at, row.outcome)


def _task(row: ResponseTaskFact) -> coordination.TaskSeen:
    return coordination.TaskSeen(
        row.task_id,
        row.plan_id,
        row.unit,
        row.last_event_at,
        row.assignee_agency,
        row.due_on,
        row.assigned_at,
        row.completed_at,
        row.completed_late,
    )


class RegisterDayRepository:
    """Intake's register summaries, one per unit and day closed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def close(self, unit: str, day: date, counts: Mapping[str, Any], closed_at: datetime) -> None:
        """Intake may close a day again after a late correction: the latest summary wins."""
        row = self.session.get(RegisterDay, (day, unit), with_for_update=True)
        if row is None:
            self.session.add(RegisterDay(day=day, unit=unit, counts=dict(counts), closed_at=closed_at))
        elif row.closed_at <= closed_at:
            row.counts, row.closed_at = dict(counts), closed_at

    def between(self, units: Units, start: date, end: date) -> dict[tuple[str, date], dict[str, Any]]:
        rows = self.session.scalars(
            select(RegisterDay).where(_of_units(RegisterDay.unit, units), RegisterDay.day.between(start, end))
        )
        return {(row.unit, row.day): row.counts for row in rows}


class CalendarCopyRepository:
    """Reports' copy of roster's working calendars (`roster.calendar.changed`): the newer `changed_at` wins, so a
    late or redelivered older calendar never replaces a newer one."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def apply(self, unit: str, document: Mapping[str, Any], changed_at: datetime) -> bool:
        """Keep `document` unless the copy already holds a newer one (the kit's ordering rule); True when it was
        kept."""
        row = self.session.get(UnitCalendar, unit, with_for_update=True)
        if not supersedes(changed_at, None if row is None else row.changed_at):
            return False
        if row is None:
            self.session.add(UnitCalendar(unit=unit, document=dict(document), changed_at=changed_at))
        else:
            row.document, row.changed_at = dict(document), changed_at
        return True

    def documents(self) -> dict[str, dict[str, Any]]:
        return {row.unit: row.document for row in self.session.scalars(select(UnitCalendar))}

    def units_heard_of(self) -> set[str]:
        """Every unit that sent a calendar or closed a register day."""
        return set(self.session.scalars(union(select(UnitCalendar.unit), select(RegisterDay.unit))))


class UnitNameRepository:
    """The names an administrator set for units (over the shipped defaults)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def names(self) -> dict[str, str]:
        return {row.code: row.name for row in self.session.scalars(select(UnitNameRow))}

    def set(self, code: str, name: str, *, by: str, at: datetime) -> None:
        row = self.session.get(UnitNameRow, code)
        if row is None:
            self.session.add(UnitNameRow(code=code, name=name, updated_at=at, updated_by=by))
        else:
            row.name, row.updated_at, row.updated_by = name, at, by
        self.session.flush()


class SnapshotRepository:
    """Report snapshots with their files, written once."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, snapshot: ReportSnapshot, files: Sequence[ReportFile]) -> None:
        self.session.add(snapshot)
        self.session.add_all(files)
        self.session.flush()

    def get(self, report_id: str) -> ReportSnapshot | None:
        return self.session.get(ReportSnapshot, report_id)

    def files_of(self, report_id: str) -> list[ReportFile]:
        return list(self.session.scalars(select(ReportFile).where(ReportFile.report_id == report_id)))

    def page(self, template: str | None, args: Mapping[str, Any]) -> tuple[list[ReportSnapshot], str | None]:
        """A page of snapshots, newest first, and the cursor of the next page."""
        statement = select(ReportSnapshot)
        if template:
            statement = statement.where(ReportSnapshot.template == template)
        keys = [ReportSnapshot.generated_at, ReportSnapshot.id]
        page = paginate(self.session, statement, keys, dict(args), True)
        return page["items"], page["next_cursor"]


class DeliveryRepository:
    """Deliveries of snapshots to the province's webhook."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, delivery: Delivery) -> None:
        self.session.add(delivery)

    def due(self, now: datetime, limit: int) -> list[str]:
        """The reports whose delivery is due, longest waiting first."""
        return list(
            self.session.scalars(
                select(Delivery.report_id)
                .where(Delivery.status.in_(("pending", "retrying")), Delivery.next_attempt_at <= now)
                .order_by(Delivery.next_attempt_at)
                .limit(limit)
            )
        )

    def get(self, report_id: str, *, for_update: bool = False) -> Delivery | None:
        return self.session.get(Delivery, report_id, with_for_update=for_update)


class AddresseeRepository:
    """Reports addressed to a person of the ward (the Chairman's inbox)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, addressee: ReportAddressee) -> None:
        self.session.add(addressee)

    def page(self, recipient: str, units: Units, args: Mapping[str, Any]) -> tuple[list[ReportAddressee], str | None]:
        """The recipient's reports of the units, the latest days first, and the cursor of the next page."""
        statement = select(ReportAddressee).where(
            ReportAddressee.recipient == recipient, _of_units(ReportAddressee.unit, units)
        )
        keys = [ReportAddressee.period_to, ReportAddressee.report_id]
        page = paginate(self.session, statement, keys, dict(args), True)
        return page["items"], page["next_cursor"]


class MailRepository:
    """Reports e-mailed to an address, one row per report and address."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, mail: ReportMail) -> None:
        self.session.add(mail)

    def claim_due(self, now: datetime, lease: timedelta, limit: int) -> list[tuple[str, str]]:
        """Take the due mails (and those whose claim lapsed) for `lease`; rows another worker holds are skipped,
        so two workers never send one mail at once. Returns (report id, address) pairs."""
        due = or_(
            and_(ReportMail.status.in_(("pending", "retrying")), ReportMail.next_attempt_at <= now),
            and_(ReportMail.status == "sending", ReportMail.claimed_until <= now),
        )
        rows = list(
            self.session.scalars(
                select(ReportMail)
                .where(due)
                .order_by(ReportMail.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        for row in rows:
            row.status, row.claimed_until, row.attempts = "sending", now + lease, row.attempts + 1
        self.session.flush()
        return [(row.report_id, row.address) for row in rows]

    def get(self, report_id: str, address: str) -> ReportMail | None:
        return self.session.get(ReportMail, (report_id, address), with_for_update=True)

    def of_reports(self, report_ids: Iterable[str]) -> list[ReportMail]:
        return list(
            self.session.scalars(
                select(ReportMail).where(ReportMail.report_id.in_(list(report_ids))).order_by(ReportMail.address)
            )
        )


class NarrativeRepository:
    """The ward office's narratives on reports, a row per version."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, narrative: ReportNarrative) -> None:
        self.session.add(narrative)
        self.session.flush()

    def latest(self, report_id: str) -> ReportNarrative | None:
        return self.session.scalars(
            select(ReportNarrative)
            .where(ReportNarrative.report_id == report_id)
            .order_by(ReportNarrative.version.desc())
            .limit(1)
        ).first()


class ScheduleRepository:
    """Which scheduled reports were made: the key makes two workers racing make each report once."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def made(self, key: str) -> bool:
        return self.session.get(ScheduledRun, key) is not None

    def add(self, key: str, report_id: str, at: datetime) -> None:
        """Written at once, after the unit's other rows, so a key another worker took fails here as AlreadyMade."""
        self.session.flush()
        self.session.add(ScheduledRun(key=key, report_id=report_id, created_at=at))
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyMade(key) from exc


#: `by=` of the live figures → the visit column it groups on (and the petition column, when petitions have one)
_FIGURE_KEYS: dict[str, tuple[InstrumentedAttribute[Any], InstrumentedAttribute[Any] | None]] = {
    "day": (VisitFact.received_on, PetitionFact.received_on),
    "field": (VisitFact.field, PetitionFact.field),
    "area": (VisitFact.area, PetitionFact.area),
    "kind": (VisitFact.kind, PetitionFact.kind),
    "reception": (VisitFact.reception, None),
    "unit": (VisitFact.unit, PetitionFact.unit),
}


def _of_units(column: InstrumentedAttribute[str], units: Units) -> ColumnElement[bool]:
    return true() if units is None else column.in_(sorted(units))


def _is_group(threshold: int) -> ColumnElement[bool]:
    return VisitFact.headcount >= threshold


def _known_on_first_day(units: Units, period: Period, dialect: str) -> Select[str, str, Any, Any, Any]:
    """The period's visits whose case was known, in the column or at all, on its first day: per unit and column,
    those that are their column's first, those that open their case in the period, and those that open it first."""
    opens_case = or_(VisitFact.prev_column_visit_on.is_(None), VisitFact.prev_column_visit_on < period.start)
    return (
        select(
            VisitFact.unit,
            VisitFact.report_column,
            func.sum(case((VisitFact.prev_column_visit_on.is_(None), 1), else_=0)),
            func.sum(case((opens_case, 1), else_=0)),
            func.sum(case((and_(opens_case, VisitFact.case_first_on >= period.start), 1), else_=0)),
        )
        .where(_of_units(VisitFact.unit, units), _known_on(period.start, dialect), VisitFact.received_on <= period.end)
        .group_by(VisitFact.unit, VisitFact.report_column)
    )


def _known_on(day: date, dialect: str) -> ColumnElement[bool]:
    """The visit's span, from the day its case was first known to its own day, contains `day`."""
    if dialect == "postgresql":  # the expression of the GiST index ix_visit_facts_known_span
        return literal_column(KNOWN_SPAN).op("@>")(literal(day, Date))
    known_since = or_(VisitFact.case_first_on <= day, VisitFact.prev_column_visit_on <= day)
    return and_(known_since, VisitFact.received_on >= day)


def _key_text(key: Any) -> str | None:
    return key.isoformat() if isinstance(key, date) else key


def _deadline(row: CaseDeadlineRow) -> cases.CaseDeadline:
    return cases.CaseDeadline(unit=row.unit, case_id=row.case_id, name=row.name, due=row.due)


class FigureRepository:
    """Reads over the projections for the forms, the daily report and the live figures."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def reception_figures(self, units: Units, period: Period, threshold: int) -> dict[str, ReceptionFigures]:
        """Biểu 01/TCD per unit: the rules of `domain.reception.tally_column` from day counts, without reading each
        visit.

        A case counts once in a column through its visit with no earlier visit in that column inside the period;
        it is first-time when its first-ever visit falls inside the period. Visits, persons, groups and sessions are
        sums of `VisitDay`. For cases, a visit whose case was unknown, in its column and at all, until after the
        period began counts exactly when it is its column's first visit (`column_first`); only the visits whose case
        was already known on the first day (`_known_on_first_day`, an index lookup) are read one by one.
        """
        group = VisitDay.headcount >= threshold
        by_column = (
            select(
                VisitDay.unit,
                VisitDay.report_column,
                func.sum(VisitDay.visits),
                func.sum(VisitDay.visits * VisitDay.headcount),
                func.sum(case((group, VisitDay.visits), else_=0)),
                func.sum(case((group, VisitDay.visits * VisitDay.headcount), else_=0)),
                func.sum(case((group, VisitDay.case_first_visits), else_=0)),
                func.count(distinct(VisitDay.received_on)),
                func.sum(VisitDay.column_first),
            )
            .where(_of_units(VisitDay.unit, units), VisitDay.received_on.between(period.start, period.end))
            .group_by(VisitDay.unit, VisitDay.report_column)
        )
        known = {
            (unit, column): counts
            for unit, column, *counts in self.session.execute(
                _known_on_first_day(units, period, self.session.get_bind().dialect.name)
            )
        }
        tallies: dict[str, dict[Column, ColumnTally]] = defaultdict(dict)
        for (
            unit,
            column,
            visits,
            persons,
            groups,
            group_persons,
            groups_first,
            days,
            column_first,
        ) in self.session.execute(by_column):
            known_column_first, known_cases, known_first = known.get((unit, column), (0, 0, 0))
            cases_ = int(column_first) - int(known_column_first) + int(known_cases)
            first = int(column_first) - int(known_column_first) + int(known_first)
            tallies[unit][Column(column)] = ColumnTally(
                visits=int(visits),
                persons=int(persons),
                cases_first=first,
                cases_repeat=cases_ - first,
                groups=int(groups),
                group_persons=int(group_persons),
                groups_first=int(groups_first),
                groups_repeat=int(groups) - int(groups_first),
                sessions=int(days),
            )
        return {unit: ReceptionFigures.from_columns(columns) for unit, columns in sorted(tallies.items())}

    def _changes_of(self, case_ids: Iterable[str], before: datetime) -> list[cases.CaseChange]:
        ids = sorted(set(case_ids))
        if not ids:
            return []
        rows = self.session.scalars(
            select(CaseChangeRow).where(CaseChangeRow.case_id.in_(ids), CaseChangeRow.at < before)
        )
        return [
            cases.CaseChange(
                case_id=row.case_id,
                at=row.at,
                status=row.status,
                kind=row.kind,
                field=row.field,
                area=row.area,
                competent=row.competent,
                complaint_round=row.complaint_round,
                action=row.action,
                outcome=row.outcome,
                watched=None if row.watched is None else frozenset(row.watched),
            )
            for row in rows
        ]

    def handling_figures(self, units: Units, period: Period) -> dict[str, dict[str, Any]]:
        """Biểu 02/XLD per unit: every petition up to the period's end (older unhandled ones are carried over)."""
        petitions = [
            handling.PetitionFact(
                unit=row.unit,
                petition_id=row.petition_id,
                case_id=row.case_id,
                received_on=row.received_on,
                eligible=row.eligible,
                kind=row.kind,
                field=row.field,
            )
            for row in self.session.scalars(
                select(PetitionFact).where(_of_units(PetitionFact.unit, units), PetitionFact.received_on <= period.end)
            )
        ]
        deadlines = [
            _deadline(row)
            for row in self.session.scalars(
                select(CaseDeadlineRow).where(
                    _of_units(CaseDeadlineRow.unit, units), CaseDeadlineRow.due.between(period.start, period.end)
                )
            )
        ]
        case_ids = [p.case_id for p in petitions] + [d.case_id for d in deadlines]
        changes = self._changes_of(case_ids, day_end(period.end))
        return handling.tally_handling(petitions, changes, deadlines, period)

    def day_counts(
        self, units: Units, start: date, end: date, threshold: int
    ) -> dict[tuple[str, date], dict[str, Any]]:
        """Each (unit, day) with activity, in the shape of intake's register summary."""
        visits = (
            select(
                VisitFact.unit,
                VisitFact.received_on,
                VisitFact.reception,
                func.count(),
                func.sum(VisitFact.headcount),
                func.sum(case((_is_group(threshold), 1), else_=0)),
            )
            .where(_of_units(VisitFact.unit, units), VisitFact.received_on.between(start, end))
            .group_by(VisitFact.unit, VisitFact.received_on, VisitFact.reception)
        )
        petitions = (
            select(PetitionFact.unit, PetitionFact.received_on, func.count())
            .where(_of_units(PetitionFact.unit, units), PetitionFact.received_on.between(start, end))
            .group_by(PetitionFact.unit, PetitionFact.received_on)
        )
        by_reception: dict[tuple[str, date], dict[str, daily.ReceptionDay]] = defaultdict(dict)
        for unit, on, reception, count, persons, groups in self.session.execute(visits):
            by_reception[(unit, on)][reception] = daily.ReceptionDay(int(count), int(persons), int(groups))
        petition_counts = {(unit, on): int(count) for unit, on, count in self.session.execute(petitions)}
        keys = sorted(by_reception.keys() | petition_counts.keys())
        return {key: daily.register_counts(by_reception.get(key, {}), petition_counts.get(key, 0)) for key in keys}

    def figures_by(self, units: Units, start: date, end: date, by: str, threshold: int) -> list[FigureRow]:
        """Live figures grouped by one key: visits, persons, groups, group persons, distinct cases, petitions."""
        visit_key, petition_key = _FIGURE_KEYS[by]
        group = _is_group(threshold)
        visit_rows = self.session.execute(
            select(
                visit_key,
                func.count(),
                func.sum(VisitFact.headcount),
                func.sum(case((group, 1), else_=0)),
                func.sum(case((group, VisitFact.headcount), else_=0)),
                func.count(distinct(VisitFact.case_id)),
            )
            .where(_of_units(VisitFact.unit, units), VisitFact.received_on.between(start, end))
            .group_by(visit_key)
        )
        items: dict[Any, FigureRow] = {}
        for key, visits, persons, groups, group_persons, case_count in visit_rows:
            items[key] = FigureRow(
                key=_key_text(key),
                visits=int(visits),
                persons=int(persons),
                groups=int(groups),
                group_persons=int(group_persons),
                cases=int(case_count),
                petitions=0 if petition_key is not None else None,
            )
        if petition_key is not None:
            petition_rows = self.session.execute(
                select(petition_key, func.count())
                .where(_of_units(PetitionFact.unit, units), PetitionFact.received_on.between(start, end))
                .group_by(petition_key)
            )
            for key, count in petition_rows:
                items[key] = replace(items.get(key) or FigureRow(_key_text(key)), petitions=int(count))
        return [row for _key, row in sorted(items.items())]

    def day_series(self, units: Units, start: date, end: date, threshold: int) -> dict[date, DayPoint]:
        """Visits, persons and groups per day, from the day counts (the chart's series)."""
        group = VisitDay.headcount >= threshold
        rows = self.session.execute(
            select(
                VisitDay.received_on,
                func.sum(VisitDay.visits),
                func.sum(VisitDay.visits * VisitDay.headcount),
                func.sum(case((group, VisitDay.visits), else_=0)),
            )
            .where(_of_units(VisitDay.unit, units), VisitDay.received_on.between(start, end))
            .group_by(VisitDay.received_on)
        )
        return {day: DayPoint(day, int(visits), int(persons), int(groups)) for day, visits, persons, groups in rows}

    def topic_visits(self, units: Units, start: date, end: date, dimension: str) -> dict[str, int]:
        """Visits per field or per area (`dimension`) over the days, from the topic counts."""
        rows = self.session.execute(
            select(VisitTopic.value, func.sum(VisitTopic.visits))
            .where(
                _of_units(VisitTopic.unit, units),
                VisitTopic.dimension == dimension,
                VisitTopic.received_on.between(start, end),
            )
            .group_by(VisitTopic.value)
        )
        return {value: int(visits) for value, visits in rows}

    def open_alerts(self, units: Units, at: datetime) -> list[daily.AlertFact]:
        rows = self.session.scalars(
            select(AlertFact).where(
                _of_units(AlertFact.unit, units),
                AlertFact.raised_at <= at,
                or_(AlertFact.resolved_at.is_(None), AlertFact.resolved_at > at),
            )
        )
        return [daily.AlertFact(row.unit, row.alert_id, row.kind, row.raised_at, row.resolved_at) for row in rows]

    def alerts_raised(self, units: Units, start: datetime, end: datetime) -> list[daily.AlertFact]:
        rows = self.session.scalars(
            select(AlertFact).where(
                _of_units(AlertFact.unit, units), AlertFact.raised_at >= start, AlertFact.raised_at < end
            )
        )
        return [daily.AlertFact(row.unit, row.alert_id, row.kind, row.raised_at, row.resolved_at) for row in rows]

    def cases_by_kind(self, units: Units, start: date, end: date) -> dict[str, dict[str, int]]:
        """Per unit, the distinct cases with a visit or a petition in the period, by the kind it came as."""
        visits = select(VisitFact.unit, VisitFact.case_id, VisitFact.kind).where(
            _of_units(VisitFact.unit, units), VisitFact.received_on.between(start, end)
        )
        petitions = select(PetitionFact.unit, PetitionFact.case_id, PetitionFact.kind).where(
            _of_units(PetitionFact.unit, units), PetitionFact.received_on.between(start, end)
        )
        both = union(visits, petitions).subquery()
        rows = self.session.execute(
            select(both.c.unit, both.c.kind, func.count(distinct(both.c.case_id))).group_by(both.c.unit, both.c.kind)
        )
        found: dict[str, dict[str, int]] = defaultdict(dict)
        for unit, kind, count in rows:
            found[unit][kind] = int(count)
        return dict(found)

    def plans_and_tasks(
        self, units: Units, start: datetime, end: datetime
    ) -> tuple[list[coordination.PlanSeen], list[coordination.TaskSeen]]:
        """The plans and tasks that may count in [start, end): the tasks given before its end and not done before
        its start (a task overdue at the end is one of them), the plans open at some time in it, and those tasks'
        plans (whether a plan closed decides whether its tasks are still followed)."""
        tasks = [
            _task(row)
            for row in self.session.scalars(
                select(ResponseTaskFact).where(
                    _of_units(ResponseTaskFact.unit, units),
                    or_(ResponseTaskFact.assigned_at.is_(None), ResponseTaskFact.assigned_at < end),
                    or_(ResponseTaskFact.completed_at.is_(None), ResponseTaskFact.completed_at >= start),
                )
            )
        ]
        plans = self.session.scalars(
            select(ResponsePlanFact).where(
                _of_units(ResponsePlanFact.unit, units),
                or_(
                    ResponsePlanFact.plan_id.in_({task.plan_id for task in tasks}),
                    and_(
                        or_(ResponsePlanFact.opened_at.is_(None), ResponsePlanFact.opened_at < end),
                        or_(ResponsePlanFact.closed_at.is_(None), ResponsePlanFact.closed_at >= start),
                    ),
                ),
            )
        )
        return [_plan(row) for row in plans], tasks

    def deadlines_past(
        self, units: Units, day: date
    ) -> tuple[list[cases.CaseDeadline], dict[str, list[cases.CaseChange]]]:
        """Deadlines whose date has passed by `day`, with their cases' changes up to the end of that day."""
        deadlines = [
            _deadline(row)
            for row in self.session.scalars(
                select(CaseDeadlineRow).where(_of_units(CaseDeadlineRow.unit, units), CaseDeadlineRow.due < day)
            )
        ]
        changes_by_case: dict[str, list[cases.CaseChange]] = defaultdict(list)
        for change in self._changes_of((d.case_id for d in deadlines), day_end(day)):
            changes_by_case[change.case_id].append(change)
        return deadlines, changes_by_case
