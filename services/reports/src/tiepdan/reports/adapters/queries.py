"""Read-side queries over the projections. 01/TCD and the live figures aggregate in SQL (a year of a province
is millions of visits); 02/XLD and the daily report load the few records they need and count in the domain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    and_,
    case,
    distinct,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from tiepdan.reports.adapters.charts import DayPoint
from tiepdan.reports.adapters.orm import (
    KNOWN_SPAN,
    AlertFact,
    CaseChangeRow,
    CaseDeadlineRow,
    PetitionFact,
    RegisterDay,
    VisitDay,
    VisitFact,
    VisitTopic,
)
from tiepdan.reports.domain import cases, daily, handling
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.reception import Column, ColumnTally, ReceptionFigures
from tiepdan.reports.domain.ward_time import day_end

Units = frozenset[str] | None

#: `by=` of the live figures → the visit column it groups on (and the petition column, when petitions have one)
FIGURE_KEYS: dict[str, tuple[InstrumentedAttribute[Any], InstrumentedAttribute[Any] | None]] = {
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


def reception_figures(session: Session, units: Units, period: Period, threshold: int) -> dict[str, ReceptionFigures]:
    """Biểu 01/TCD per unit: the rules of `domain.reception.tally_column` from day counts, without reading each visit.

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
        for unit, column, *counts in session.execute(
            _known_on_first_day(units, period, session.get_bind().dialect.name)
        )
    }
    tallies: dict[str, dict[Column, ColumnTally]] = defaultdict(dict)
    for unit, column, visits, persons, groups, group_persons, groups_first, days, column_first in session.execute(
        by_column
    ):
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


def _known_on_first_day(units: Units, period: Period, dialect: str) -> Select[Any]:
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


def _changes_of(session: Session, case_ids: Iterable[str], before: datetime) -> list[cases.CaseChange]:
    ids = sorted(set(case_ids))
    if not ids:
        return []
    rows = session.scalars(select(CaseChangeRow).where(CaseChangeRow.case_id.in_(ids), CaseChangeRow.at < before))
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


def _deadline(row: CaseDeadlineRow) -> cases.CaseDeadline:
    return cases.CaseDeadline(unit=row.unit, case_id=row.case_id, name=row.name, due=row.due)


def handling_figures(session: Session, units: Units, period: Period) -> dict[str, dict[str, Any]]:
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
        for row in session.scalars(
            select(PetitionFact).where(_of_units(PetitionFact.unit, units), PetitionFact.received_on <= period.end)
        )
    ]
    deadlines = [
        _deadline(row)
        for row in session.scalars(
            select(CaseDeadlineRow).where(
                _of_units(CaseDeadlineRow.unit, units), CaseDeadlineRow.due.between(period.start, period.end)
            )
        )
    ]
    case_ids = [p.case_id for p in petitions] + [d.case_id for d in deadlines]
    changes = _changes_of(session, case_ids, day_end(period.end))
    return handling.tally_handling(petitions, changes, deadlines, period)


def day_counts(
    session: Session, units: Units, start: date, end: date, threshold: int
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
    for unit, on, reception, count, persons, groups in session.execute(visits):
        by_reception[(unit, on)][reception] = daily.ReceptionDay(int(count), int(persons), int(groups))
    petition_counts = {(unit, on): int(count) for unit, on, count in session.execute(petitions)}
    keys = sorted(by_reception.keys() | petition_counts.keys())
    return {key: daily.register_counts(by_reception.get(key, {}), petition_counts.get(key, 0)) for key in keys}


def register_days(session: Session, units: Units, start: date, end: date) -> dict[tuple[str, date], dict[str, Any]]:
    rows = session.scalars(
        select(RegisterDay).where(_of_units(RegisterDay.unit, units), RegisterDay.day.between(start, end))
    )
    return {(row.unit, row.day): row.counts for row in rows}


def figures_by(session: Session, units: Units, start: date, end: date, by: str, threshold: int) -> list[dict[str, Any]]:
    """Live figures grouped by one key: visits, persons, groups, group persons, distinct cases, petitions."""
    visit_key, petition_key = FIGURE_KEYS[by]
    group = _is_group(threshold)
    visit_rows = session.execute(
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
    items: dict[Any, dict[str, Any]] = {}
    for key, visits, persons, groups, group_persons, case_count in visit_rows:
        items[key] = {
            "visits": int(visits),
            "persons": int(persons),
            "groups": int(groups),
            "group_persons": int(group_persons),
            "cases": int(case_count),
            "petitions": 0 if petition_key is not None else None,
        }
    if petition_key is not None:
        petition_rows = session.execute(
            select(petition_key, func.count())
            .where(_of_units(PetitionFact.unit, units), PetitionFact.received_on.between(start, end))
            .group_by(petition_key)
        )
        for key, count in petition_rows:
            empty = {"visits": 0, "persons": 0, "groups": 0, "group_persons": 0, "cases": 0}
            items.setdefault(key, {**empty, "petitions": 0})["petitions"] = int(count)
    return [
        {"key": key.isoformat() if isinstance(key, date) else key, **values} for key, values in sorted(items.items())
    ]


def day_series(session: Session, units: Units, start: date, end: date, threshold: int) -> dict[date, DayPoint]:
    """Visits, persons and groups per day, from the day counts (the chart's series)."""
    group = VisitDay.headcount >= threshold
    rows = session.execute(
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


def topic_visits(session: Session, units: Units, start: date, end: date, dimension: str) -> dict[str, int]:
    """Visits per field or per area (`dimension`) over the days, from the topic counts."""
    rows = session.execute(
        select(VisitTopic.value, func.sum(VisitTopic.visits))
        .where(
            _of_units(VisitTopic.unit, units),
            VisitTopic.dimension == dimension,
            VisitTopic.received_on.between(start, end),
        )
        .group_by(VisitTopic.value)
    )
    return {value: int(visits) for value, visits in rows}


def open_alerts(session: Session, units: Units, at: datetime) -> list[daily.AlertFact]:
    rows = session.scalars(
        select(AlertFact).where(
            _of_units(AlertFact.unit, units),
            AlertFact.raised_at <= at,
            or_(AlertFact.resolved_at.is_(None), AlertFact.resolved_at > at),
        )
    )
    return [daily.AlertFact(row.unit, row.alert_id, row.kind, row.raised_at, row.resolved_at) for row in rows]


def deadlines_past(
    session: Session, units: Units, day: date
) -> tuple[list[cases.CaseDeadline], dict[str, list[cases.CaseChange]]]:
    """Deadlines whose date has passed by `day`, with their cases' changes up to the end of that day."""
    deadlines = [
        _deadline(row)
        for row in session.scalars(
            select(CaseDeadlineRow).where(_of_units(CaseDeadlineRow.unit, units), CaseDeadlineRow.due < day)
        )
    ]
    changes_by_case: dict[str, list[cases.CaseChange]] = defaultdict(list)
    for change in _changes_of(session, (d.case_id for d in deadlines), day_end(day)):
        changes_by_case[change.case_id].append(change)
    return deadlines, changes_by_case
