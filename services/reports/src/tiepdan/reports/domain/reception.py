"""Biểu 01/TCD (reception): columns, counting rules and the figures' shape.

Basis: TT 06/2025/TT-TTCP with the form of TT 01/2024; docs/domain.md "Reporting" spells out the counting rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum

from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.ward_time import ward_day

#: "đoàn đông người" from 5 people (practice, not statute: configurable)
DEFAULT_GROUP_THRESHOLD = 5


class Column(StrEnum):
    REGULAR = "regular"
    HEAD = "head"
    DELEGATED = "delegated"


#: the head's column joins periodic and unscheduled reception; delegated reception is reported apart
RECEPTION_COLUMNS: dict[str, Column] = {
    "regular": Column.REGULAR,
    "periodic": Column.HEAD,
    "unscheduled": Column.HEAD,
    "delegated": Column.DELEGATED,
}


def column_of(reception: str) -> Column:
    try:
        return RECEPTION_COLUMNS[reception]
    except KeyError:
        raise ValueError(f"unknown reception {reception!r}; expected one of {', '.join(RECEPTION_COLUMNS)}") from None


def is_group(headcount: int, threshold: int = DEFAULT_GROUP_THRESHOLD) -> bool:
    return headcount >= threshold


@dataclass(frozen=True)
class VisitFact:
    """What 01/TCD needs of one visit."""

    unit: str
    visit_id: str
    case_id: str
    received_at: datetime
    reception: str
    headcount: int
    case_first_visit_at: datetime

    @property
    def received_on(self) -> date:
        day: date = ward_day(self.received_at)
        return day

    @property
    def column(self) -> Column:
        return column_of(self.reception)

    @property
    def is_case_first_visit(self) -> bool:
        return self.received_at <= self.case_first_visit_at


@dataclass(frozen=True)
class ColumnTally:
    """One reception column of one unit over one period."""

    visits: int = 0
    persons: int = 0
    cases_first: int = 0
    cases_repeat: int = 0
    groups: int = 0
    group_persons: int = 0
    groups_first: int = 0
    groups_repeat: int = 0
    sessions: int = 0

    @property
    def cases(self) -> int:
        return self.cases_first + self.cases_repeat

    def to_dict(self, with_sessions: bool) -> dict[str, int]:
        counted = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "sessions"}
        return {"sessions": self.sessions, **counted} if with_sessions else counted


@dataclass(frozen=True)
class ReceptionFigures:
    """Biểu 01/TCD for one unit (or the sum of several): totals are always the sums of the columns."""

    regular: ColumnTally = ColumnTally()
    head: ColumnTally = ColumnTally()
    delegated: ColumnTally = ColumnTally()

    def column(self, column: Column) -> ColumnTally:
        tally: ColumnTally = getattr(self, column.value)
        return tally

    @property
    def total_visits(self) -> int:
        return self.regular.visits + self.head.visits + self.delegated.visits

    @property
    def total_persons(self) -> int:
        return self.regular.persons + self.head.persons + self.delegated.persons

    @property
    def total_cases(self) -> int:
        """The form's own formula: the sum of the columns' cases, so a case seen in two columns counts twice."""
        return self.regular.cases + self.head.cases + self.delegated.cases

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {
            "total": {"visits": self.total_visits, "persons": self.total_persons, "cases": self.total_cases},
            "regular": self.regular.to_dict(with_sessions=False),
            "head": self.head.to_dict(with_sessions=True),
            "delegated": self.delegated.to_dict(with_sessions=True),
        }

    @classmethod
    def from_columns(cls, tallies: Mapping[Column, ColumnTally]) -> ReceptionFigures:
        return cls(**{column.value: tallies.get(column, ColumnTally()) for column in Column})


def tally_column(visits: Iterable[VisitFact], period: Period, group_threshold: int) -> ColumnTally:
    """The counting rules of one column, over the visits received in it during the period."""
    in_period = [visit for visit in visits if period.contains(visit.received_on)]
    first_visit_of_case: dict[str, datetime] = {}
    for visit in in_period:
        known = first_visit_of_case.get(visit.case_id)
        first = min(visit.case_first_visit_at, visit.received_at)
        first_visit_of_case[visit.case_id] = first if known is None else min(known, first)
    groups = [visit for visit in in_period if is_group(visit.headcount, group_threshold)]
    cases_first = sum(1 for first in first_visit_of_case.values() if period.contains(ward_day(first)))
    groups_first = sum(1 for visit in groups if visit.is_case_first_visit)
    return ColumnTally(
        visits=len(in_period),
        persons=sum(visit.headcount for visit in in_period),
        cases_first=cases_first,
        cases_repeat=len(first_visit_of_case) - cases_first,
        groups=len(groups),
        group_persons=sum(visit.headcount for visit in groups),
        groups_first=groups_first,
        groups_repeat=len(groups) - groups_first,
        sessions=len({visit.received_on for visit in in_period}),
    )


def tally_visits(
    visits: Iterable[VisitFact], period: Period, group_threshold: int = DEFAULT_GROUP_THRESHOLD
) -> dict[str, ReceptionFigures]:
    """Biểu 01/TCD per unit over plain visit records (the definition the SQL projection query must match)."""
    by_unit_column: dict[str, dict[Column, list[VisitFact]]] = defaultdict(lambda: defaultdict(list))
    for visit in visits:
        by_unit_column[visit.unit][visit.column].append(visit)
    return {
        unit: ReceptionFigures.from_columns(
            {column: tally_column(rows, period, group_threshold) for column, rows in columns.items()}
        )
        for unit, columns in sorted(by_unit_column.items())
    }
