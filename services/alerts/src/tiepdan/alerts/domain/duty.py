"""The local copy of a published roster (`roster.roster.published`): who of an agency is on duty at a moment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.observations import InvalidEventError
from tiepdan.kit.duty import DutyShift, days_to_look_at, on_duty


@dataclass(frozen=True)
class Shift:
    code: str
    start: time
    end: time


@dataclass(frozen=True)
class Assignment:
    day: date
    shift: str
    staff_id: str
    staff_name: str
    agency: str | None
    duty: str


@dataclass(frozen=True)
class Addressee:
    """A named official on duty (staff, never a citizen) to whom a delivery is addressed."""

    staff_id: str
    name: str
    agency: str | None
    duty: str
    shift: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "staff_id": self.staff_id,
            "name": self.name,
            "agency": self.agency,
            "duty": self.duty,
            "shift": self.shift,
        }


@dataclass(frozen=True)
class DutyRoster:
    roster_id: str
    period_from: date
    period_to: date
    shifts: Mapping[str, Shift]
    assignments: tuple[Assignment, ...]

    @classmethod
    def from_event(cls, data: Mapping[str, Any]) -> DutyRoster:
        try:
            period = data["period"]
            shifts = {
                s["code"]: Shift(s["code"], time.fromisoformat(s["start"]), time.fromisoformat(s["end"]))
                for s in data["shifts"]
            }
            assignments = tuple(
                Assignment(
                    day=date.fromisoformat(a["date"]),
                    shift=a["shift"],
                    staff_id=str(a["staff_id"]),
                    staff_name=str(a.get("staff_name") or a["staff_id"]),
                    agency=a.get("agency"),
                    duty=str(a.get("duty", "")),
                )
                for a in data["assignments"]
            )
            return cls(
                roster_id=str(data["roster_id"]),
                period_from=date.fromisoformat(period["from"]),
                period_to=date.fromisoformat(period["to"]),
                shifts=shifts,
                assignments=assignments,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidEventError(f"roster.roster.published: unreadable roster ({exc})") from exc

    def on_duty(self, at: datetime, timezone: str) -> list[Assignment]:
        """Assignments whose shift covers `at`, including last night's shift still running this morning."""
        days = set(days_to_look_at(at, timezone))
        candidates = [
            DutyShift(a.day, self.shifts[a.shift].start, self.shifts[a.shift].end, a)
            for a in self.assignments
            if a.shift in self.shifts and a.day in days
        ]
        return on_duty(at, candidates, timezone)


def addressees(rosters: Iterable[DutyRoster], agency: str | None, at: datetime, timezone: str) -> list[Addressee]:
    """On-duty people of `agency` at `at`, from the most recently published roster covering that day."""
    if agency is None:
        return []
    day = at.astimezone(ZoneInfo(timezone)).date()
    covering = [r for r in rosters if r.period_from - timedelta(days=1) <= day <= r.period_to]
    if not covering:
        return []
    roster = covering[-1]
    return [
        Addressee(a.staff_id, a.staff_name, a.agency, a.duty, a.shift)
        for a in roster.on_duty(at, timezone)
        if a.agency == agency
    ]
