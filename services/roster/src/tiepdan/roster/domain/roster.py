"""What a roster is made of: the problem handed to the solver, its assignments and the gaps it leaves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.roster.domain.errors import ErrorCollector
from tiepdan.roster.domain.rules import WORKING_GROUP, CoverageRules
from tiepdan.roster.domain.staff import Staff
from tiepdan.roster.domain.working_group import WorkingGroup, members_on

MAX_PERIOD_DAYS = 186


class Status(StrEnum):
    """A roster's life: requested (`solving`), solved (`draft` / `infeasible`), `published`, and `superseded` once
    a re-plan of it is published."""

    SOLVING = "solving"
    DRAFT = "draft"
    INFEASIBLE = "infeasible"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


#: Only a roster that is or was in force can be exported.
EXPORTABLE = frozenset({Status.PUBLISHED, Status.SUPERSEDED})


class Duty(StrEnum):
    RECEPTION = "reception"
    LEADER_RECEPTION = "leader_reception"
    ON_CALL = "on_call"


@dataclass(frozen=True, order=True)
class Assignment:
    date: date
    shift: str
    staff_id: str
    duty: Duty = Duty.RECEPTION

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "shift": self.shift, "staff_id": self.staff_id, "duty": str(self.duty)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assignment:
        return cls(date.fromisoformat(data["date"]), data["shift"], data["staff_id"], Duty(data["duty"]))


@dataclass(frozen=True)
class CoverageGap:
    """A slot the roster could not fill: `missing` more people holding `skill` were needed."""

    date: date
    shift: str
    skill: str
    missing: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": "coverage",
            "date": self.date.isoformat(),
            "shift": self.shift,
            "skill": self.skill,
            "missing": self.missing,
            "message": f"Ngày {self.date:%d/%m/%Y}, ca {self.shift}: {self._what()}.",
        }

    def _what(self) -> str:
        if self.skill == WORKING_GROUP:
            return "không có thành viên Tổ công tác tiếp công dân trực"
        return f"thiếu {self.missing} người có kỹ năng '{self.skill}'"


@dataclass(frozen=True)
class RosterProblem:
    """Everything the solver needs for one period.

    `previous` is the last published roster: its assignments before `start` are history (rest and consecutive
    days across the boundary, reception sessions already held this week or month), those inside the period are
    what stability tries to keep. On `fixed_days` the previous assignments are kept exactly (leave re-planning).
    `working_groups` are the working groups whose period touches the roster's (for `working_group_on_duty`).
    """

    start: date
    end: date
    staff: tuple[Staff, ...]
    rules: CoverageRules
    calendar: WorkingCalendar
    previous: tuple[Assignment, ...] = ()
    fixed_days: frozenset[date] = field(default_factory=frozenset)
    working_groups: tuple[WorkingGroup, ...] = ()

    def __post_init__(self) -> None:
        validate_period(self.start, self.end)

    def days(self) -> list[date]:
        return list(days_between(self.start, self.end))

    def day_kind(self, day: date) -> str:
        return "working" if self.calendar.is_working_day(day) else "off"

    def history(self) -> list[Assignment]:
        return [a for a in self.previous if a.date < self.start]

    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    def holds(self, person: Staff, need: str, day: date) -> bool:
        """Whether the person counts for a slot's need that day: a skill they hold, or membership of a working
        group in force."""
        held: bool = person.id in members_on(self.working_groups, day) if need == WORKING_GROUP else person.has(need)
        return held


def days_between(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def validate_period(start: date, end: date) -> None:
    errors = ErrorCollector()
    if end < start:
        errors.add("end", "Ngày kết thúc phải không trước ngày bắt đầu.")
    elif (end - start).days + 1 > MAX_PERIOD_DAYS:
        errors.add("end", f"Một lịch trực dài tối đa {MAX_PERIOD_DAYS} ngày.")
    errors.raise_if_any()
