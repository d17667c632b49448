"""A case's planned enforcement (cưỡng chế) and the Chairman's decision on it.

Plan §3 (cân nhắc việc thực hiện cưỡng chế): an enforcement planned inside a special period of the ward's calendar
or within 7 days of one goes ahead only on the Chairman's recorded decision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from tiepdan.kit.calendar import SpecialPeriod, WorkingCalendar

#: How close to a special period a planned date still needs the Chairman's decision (plan §3; alerts' detector
#: `enforcement_in_special_period` uses the same margin by default).
DAYS_AROUND_SPECIAL_PERIOD = 7


class EnforcementStatus(StrEnum):
    PLANNED = "planned"
    CLEARED = "cleared"


class Clearance(StrEnum):
    """Why an enforcement is no longer pending (`intake.enforcement.cleared`)."""

    DROPPED = "dropped"
    DONE = "done"


class Verdict(StrEnum):
    GO = "go"
    HOLD = "hold"


@dataclass(frozen=True)
class PlanRequest:
    planned_on: date
    enforcing_unit: str
    measure: str
    note: str | None = None


@dataclass(frozen=True)
class Decision:
    """The Chairman's decision on the date it names; a decision on another date does not carry over."""

    planned_on: date
    decision: Verdict
    decision_no: str
    note: str | None
    decided_at: datetime
    decided_by: str

    def to_dict(self) -> dict[str, str | None]:
        return {
            "planned_on": self.planned_on.isoformat(),
            "decision": self.decision.value,
            "decision_no": self.decision_no,
            "note": self.note,
            "decided_at": self.decided_at.isoformat(),
            "decided_by": self.decided_by,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> Decision:
        return cls(
            planned_on=date.fromisoformat(str(data["planned_on"])),
            decision=Verdict(str(data["decision"])),
            decision_no=str(data["decision_no"]),
            note=data.get("note"),
            decided_at=datetime.fromisoformat(str(data["decided_at"])),
            decided_by=str(data["decided_by"]),
        )


@dataclass(frozen=True)
class Enforcement:
    """One per case: planned, re-planned (a higher revision), cleared, planned again (higher still)."""

    case_id: str
    unit: str
    planned_on: date
    enforcing_unit: str
    measure: str
    note: str | None
    status: EnforcementStatus
    revision: int
    planned_at: datetime
    planned_by: str
    previous_planned_on: date | None = None
    cleared_reason: Clearance | None = None
    cleared_at: datetime | None = None
    decision: Decision | None = None

    @property
    def pending(self) -> bool:
        return self.status is EnforcementStatus.PLANNED


@dataclass(frozen=True)
class NearPeriod:
    """The special period a planned date falls in (`inside`), or the nearest one within the margin."""

    period: SpecialPeriod
    inside: bool


def plan_problems(request: PlanRequest, today: date) -> dict[str, list[str]]:
    """An enforcement is planned for today or later."""
    if request.planned_on < today:
        when = today.strftime("%d/%m/%Y")
        return {"planned_on": [f"Ngày cưỡng chế dự kiến không được trước ngày hôm nay ({when})."]}
    return {}


def changes_event(current: Enforcement, request: PlanRequest) -> bool:
    """What `intake.enforcement.planned` carries changed: it is sent again with a higher revision."""
    return (current.planned_on, current.enforcing_unit, current.measure) != (
        request.planned_on,
        request.enforcing_unit,
        request.measure,
    )


def planned(
    current: Enforcement | None, request: PlanRequest, case_id: str, unit: str, at: datetime, by: str
) -> tuple[Enforcement, bool]:
    """The enforcement after a PUT, and whether it is to be announced (first plan, or its date, unit or measure
    changed, or it was cleared and is planned again). The same PUT again changes nothing."""
    if current is None:
        first = Enforcement(
            case_id, unit, request.planned_on, request.enforcing_unit, request.measure, request.note,
            EnforcementStatus.PLANNED, 1, at, by,
        )  # fmt: skip
        return first, True
    if current.pending and not changes_event(current, request):
        return replace(current, note=request.note), False
    again = not current.pending
    decision = current.decision if current.pending and current.planned_on == request.planned_on else None
    return (
        replace(
            current,
            planned_on=request.planned_on,
            enforcing_unit=request.enforcing_unit,
            measure=request.measure,
            note=request.note,
            status=EnforcementStatus.PLANNED,
            revision=current.revision + 1,
            planned_at=at,
            planned_by=by,
            previous_planned_on=None if again else current.planned_on,
            cleared_reason=None,
            cleared_at=None,
            decision=decision,
        ),
        True,
    )


def cleared(current: Enforcement, reason: Clearance, at: datetime) -> tuple[Enforcement, bool]:
    """Dropped or done; clearing what is already cleared changes nothing."""
    if not current.pending:
        return current, False
    return replace(current, status=EnforcementStatus.CLEARED, cleared_reason=reason, cleared_at=at), True


def decided(
    current: Enforcement, verdict: Verdict, decision_no: str, note: str | None, at: datetime, by: str
) -> Enforcement:
    return replace(current, decision=Decision(current.planned_on, verdict, decision_no, note, at, by))


def special_period_near(
    calendar: WorkingCalendar, day: date, days_around: int = DAYS_AROUND_SPECIAL_PERIOD
) -> NearPeriod | None:
    found = calendar.period_near(day, days_around)
    return NearPeriod(*found) if found is not None else None


def needs_decision(enforcement: Enforcement, calendar: WorkingCalendar) -> NearPeriod | None:
    """The special period that makes a pending enforcement wait for the Chairman's decision, if any."""
    return special_period_near(calendar, enforcement.planned_on) if enforcement.pending else None
