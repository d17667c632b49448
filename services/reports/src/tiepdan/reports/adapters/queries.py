"""Read-side queries over the projections. 01/TCD and the live figures aggregate in SQL (a year of a province
is millions of visits); 02/XLD and the daily report load the few records they need and count in the domain."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, literal, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from tiepdan.reports.adapters.orm import AlertFact, CaseChangeRow, CaseDeadlineRow, PetitionFact, RegisterDay, VisitFact
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
    """Biểu 01/TCD per unit: the rules of `domain.reception.tally_column` in one pass over the period's visits.

    A case counts once in a column through its visit with no earlier visit in that column inside the period;
    it is first-time when its first-ever visit falls inside the period. The pass groups by unit, column and day
    (a few thousand groups for a province's year); sessions are the days a column received anyone.
    """
    group = _is_group(threshold)
    opens_case = or_(VisitFact.prev_column_visit_on.is_(None), VisitFact.prev_column_visit_on < period.start)
    by_day = (
        select(
            VisitFact.unit,
            VisitFact.report_column,
            func.count(),
            func.sum(VisitFact.headcount),
            func.sum(case((and_(opens_case, VisitFact.case_first_on >= period.start), 1), else_=0)),
            func.sum(case((opens_case, 1), else_=0)),
            func.sum(case((group, 1), else_=0)),
            func.sum(case((group, VisitFact.headcount), else_=0)),
            func.sum(case((and_(group, VisitFact.is_case_first_visit), 1), else_=0)),
        )
        .where(_of_units(VisitFact.unit, units), VisitFact.received_on.between(period.start, period.end))
        .group_by(VisitFact.unit, VisitFact.report_column, VisitFact.received_on)
    )
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 8)
    for unit, column, *counts in session.execute(by_day):
        # the seven counts of the day, and one more day on which this column received citizens
        sums[(unit, column)] = [
            total + int(count) for total, count in zip(sums[(unit, column)], [*counts, 1], strict=True)
        ]
    tallies: dict[str, dict[Column, ColumnTally]] = defaultdict(dict)
    for (unit, column), (visits, persons, first, cases_, groups, group_persons, groups_first, days) in sums.items():
        tallies[unit][Column(column)] = ColumnTally(
            visits=visits,
            persons=persons,
            cases_first=first,
            cases_repeat=cases_ - first,
            groups=groups,
            group_persons=group_persons,
            groups_first=groups_first,
            groups_repeat=groups - groups_first,
            sessions=days,
        )
    return {unit: ReceptionFigures.from_columns(columns) for unit, columns in sorted(tallies.items())}


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


def figures_by(
    session: Session, units: Units, start: date, end: date, by: str, threshold: int, count_cases: bool = True
) -> list[dict[str, Any]]:
    """Live figures grouped by one key: visits, persons, groups, group persons, distinct cases, petitions.

    Distinct cases cost a sort of every visit in the range: a chart, which does not show them, goes without.
    """
    visit_key, petition_key = FIGURE_KEYS[by]
    group = _is_group(threshold)
    cases = func.count(distinct(VisitFact.case_id)) if count_cases else literal(0)
    visit_rows = session.execute(
        select(
            visit_key,
            func.count(),
            func.sum(VisitFact.headcount),
            func.sum(case((group, 1), else_=0)),
            func.sum(case((group, VisitFact.headcount), else_=0)),
            cases,
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
