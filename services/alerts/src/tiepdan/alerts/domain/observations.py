"""What the alerts service keeps of an incoming event: counts, place, time, field, subject — nothing else.

Each parser copies a fixed list of fields out of the event data. That whitelist is the redaction
boundary: whatever else a publisher puts into an event (even a citizen's name by mistake) never
reaches an alert, a delivery or an event this service publishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo


class InvalidEventError(ValueError):
    """Event data this service cannot read: a missing or malformed field."""


@dataclass(frozen=True)
class Contribution:
    """One source (a visit, a petition, a report) counted into an alert; the source id makes recounting impossible."""

    source_id: str
    at: datetime
    headcount: int
    is_visit: bool
    case_id: str | None


@dataclass(frozen=True)
class Sighting:
    """A visit or a petition as the detectors see it."""

    contribution: Contribution
    matter: str
    field: str
    subject: str
    area: str
    party_related: bool
    case_visit_count: int | None = None
    case_status_before: str | None = None

    @property
    def at(self) -> datetime:
        return self.contribution.at

    @property
    def headcount(self) -> int:
        return self.contribution.headcount

    @property
    def is_party_denunciation(self) -> bool:
        return self.matter == "denunciation" and self.party_related


@dataclass(frozen=True)
class InboundReport:
    """The province reporting the ward's citizens at the province (`province`) or in Hà Nội (`central`)."""

    source_id: str
    at: datetime
    level: str
    place: str
    headcount: int
    field: str
    subject: str
    area: str


@dataclass(frozen=True)
class OverdueCase:
    case_id: str
    deadline: str
    due: date
    at: datetime
    matter: str
    field: str
    subject: str
    area: str


@dataclass(frozen=True)
class HeldCase:
    """`intake.case.held`: a matter about a candidate received in the last 10 days before election day."""

    case_id: str
    received_on: date
    election_day: date
    forward_after: date
    at: datetime
    matter: str
    field: str
    subject: str
    area: str


@dataclass(frozen=True)
class CoverageGap:
    roster_id: str
    day: date
    shift: str
    skill: str
    missing: int
    at: datetime


@dataclass(frozen=True)
class EnforcementPlan:
    """`intake.enforcement.planned`: a case's enforcement planned for a day, at its `revision`."""

    case_id: str
    planned_on: date
    enforcing_unit: str
    revision: int
    at: datetime
    field: str | None
    subject: str | None
    area: str | None


@dataclass(frozen=True)
class EnforcementDecision:
    """`intake.enforcement.decided`: the Chairman's recorded decision on the enforcement planned for `planned_on`."""

    case_id: str
    planned_on: date
    decision: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class ScheduledReception:
    """`roster.reception.scheduled`: a reception's place and time at its `revision`."""

    reception_id: str
    place: str
    starts_at: datetime
    ends_at: datetime
    scheduled_by: str
    revision: int
    at: datetime
    field: str | None
    subject: str | None
    area: str | None


@dataclass(frozen=True)
class OverdueTask:
    """`intake.response_task.overdue`: a handling plan's task past its due date without a report back."""

    task_id: str
    plan_id: str
    assignee_agency: str
    assignee_staff_id: str | None
    due: date
    title: str | None
    at: datetime


INBOUND_LEVELS = ("province", "central")
ENFORCEMENT_DECISIONS = ("go", "hold")


def sighting_from_visit(data: Mapping[str, Any]) -> Sighting:
    """From `intake.visit.registered` data."""
    contribution = Contribution(
        source_id=f"visit:{_text(data, 'visit_id')}",
        at=_instant(data, "received_at"),
        headcount=_count(data, "headcount", minimum=1),
        is_visit=True,
        case_id=_optional_text(data, "case_id"),
    )
    return Sighting(
        contribution=contribution,
        matter=_text(data, "kind"),
        field=_text(data, "field"),
        subject=_text(data, "subject"),
        area=_text(data, "area"),
        party_related=bool(data.get("party_related", False)),
        case_visit_count=_count(data, "case_visit_count", minimum=1),
        case_status_before=_optional_text(data, "case_status"),
    )


def sighting_from_petition(data: Mapping[str, Any], timezone: str) -> Sighting:
    """From `intake.petition.received` data; a petition counts its signers as people, and is dated by its day."""
    headcount = data.get("headcount", data.get("signers"))
    contribution = Contribution(
        source_id=f"petition:{_text(data, 'petition_id')}",
        at=local_midnight(_day(data, "received_on"), timezone),
        headcount=_count({"headcount": headcount}, "headcount", minimum=0),
        is_visit=False,
        case_id=_optional_text(data, "case_id"),
    )
    return Sighting(
        contribution=contribution,
        matter=_text(data, "kind"),
        field=_text(data, "field"),
        subject=_text(data, "subject"),
        area=_text(data, "area"),
        party_related=bool(data.get("party_related", False)),
    )


def inbound_report_from(data: Mapping[str, Any], source_id: str) -> InboundReport:
    """From `POST /api/v1/inbound-reports` or the same message over AMQP."""
    level = _text(data, "level")
    if level not in INBOUND_LEVELS:
        raise InvalidEventError(f"level: must be one of {', '.join(INBOUND_LEVELS)}")
    return InboundReport(
        source_id=f"report:{source_id}",
        at=_instant(data, "reported_at"),
        level=level,
        place=_text(data, "place"),
        headcount=_count(data, "headcount", minimum=1),
        field=_text(data, "field"),
        subject=_text(data, "subject"),
        area=_text(data, "area"),
    )


def overdue_case_from(data: Mapping[str, Any], timezone: str) -> OverdueCase:
    """From `intake.case.overdue` data."""
    due = _day(data, "date")
    return OverdueCase(
        case_id=_text(data, "case_id"),
        deadline=_text(data, "deadline"),
        due=due,
        at=local_midnight(due, timezone),
        matter=_text(data, "kind"),
        field=_text(data, "field"),
        subject=_optional_text(data, "subject") or "",
        area=_optional_text(data, "area") or "",
    )


def held_case_from(data: Mapping[str, Any], timezone: str) -> HeldCase:
    """From `intake.case.held` data."""
    received_on = _day(data, "received_on")
    return HeldCase(
        case_id=_text(data, "case_id"),
        received_on=received_on,
        election_day=_day(data, "election_day"),
        forward_after=_day(data, "forward_after"),
        at=local_midnight(received_on, timezone),
        matter=_text(data, "kind"),
        field=_text(data, "field"),
        subject=_optional_text(data, "subject") or "",
        area=_optional_text(data, "area") or "",
    )


def coverage_gap_from(data: Mapping[str, Any], timezone: str) -> CoverageGap:
    """From `roster.coverage.gap` data."""
    day = _day(data, "date")
    return CoverageGap(
        roster_id=_text(data, "roster_id"),
        day=day,
        shift=_text(data, "shift"),
        skill=_text(data, "skill"),
        missing=_count(data, "missing", minimum=1),
        at=local_midnight(day, timezone),
    )


def enforcement_plan_from(data: Mapping[str, Any], at: datetime) -> EnforcementPlan:
    """From `intake.enforcement.planned` data; `at` is when intake recorded it (the event's time)."""
    return EnforcementPlan(
        case_id=_text(data, "case_id"),
        planned_on=_day(data, "planned_on"),
        enforcing_unit=_text(data, "enforcing_unit"),
        revision=_count(data, "revision", minimum=1),
        at=at,
        field=_optional_text(data, "field"),
        subject=_optional_text(data, "subject"),
        area=_optional_text(data, "area"),
    )


def enforcement_decision_from(data: Mapping[str, Any]) -> EnforcementDecision:
    """From `intake.enforcement.decided` data."""
    decision = _text(data, "decision")
    if decision not in ENFORCEMENT_DECISIONS:
        raise InvalidEventError(f"decision: must be one of {', '.join(ENFORCEMENT_DECISIONS)}")
    return EnforcementDecision(
        case_id=_text(data, "case_id"),
        planned_on=_day(data, "planned_on"),
        decision=decision,
        decided_by=_text(data, "decided_by"),
        decided_at=_instant(data, "decided_at"),
    )


def scheduled_reception_from(data: Mapping[str, Any], at: datetime) -> ScheduledReception:
    """From `roster.reception.scheduled` data; a reception ending before it starts is unreadable."""
    starts_at, ends_at = _instant(data, "starts_at"), _instant(data, "ends_at")
    if ends_at <= starts_at:
        raise InvalidEventError("ends_at: must be after starts_at")
    return ScheduledReception(
        reception_id=_text(data, "reception_id"),
        place=_text(data, "place"),
        starts_at=starts_at,
        ends_at=ends_at,
        scheduled_by=_text(data, "scheduled_by"),
        revision=_count(data, "revision", minimum=1),
        at=at,
        field=_optional_text(data, "field"),
        subject=_optional_text(data, "subject"),
        area=_optional_text(data, "area"),
    )


def overdue_task_from(data: Mapping[str, Any], timezone: str) -> OverdueTask:
    """From `intake.response_task.overdue` data: the officer is named by staff id only."""
    due = _day(data, "due_on")
    return OverdueTask(
        task_id=_text(data, "task_id"),
        plan_id=_text(data, "plan_id"),
        assignee_agency=_text(data, "assignee_agency"),
        assignee_staff_id=_optional_text(data, "assignee_staff_id"),
        due=due,
        title=_optional_text(data, "title"),
        at=local_midnight(due, timezone),
    )


def local_midnight(day: date, timezone: str) -> datetime:
    """The start of a ward day (Asia/Ho_Chi_Minh), as a UTC instant."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def parse_instant(value: object, name: str) -> datetime:
    """An RFC 3339 time with offset, as UTC; a naive time is refused because its day would be a guess."""
    if not isinstance(value, str):
        raise InvalidEventError(f"{name}: expected an RFC 3339 time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidEventError(f"{name}: not an RFC 3339 time: {value!r}") from exc
    if parsed.tzinfo is None:
        raise InvalidEventError(f"{name}: the time needs an offset: {value!r}")
    return parsed.astimezone(UTC)


def _instant(data: Mapping[str, Any], key: str) -> datetime:
    return parse_instant(data.get(key), key)


def _day(data: Mapping[str, Any], key: str) -> date:
    value = data.get(key)
    if not isinstance(value, str):
        raise InvalidEventError(f"{key}: expected a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidEventError(f"{key}: not a date YYYY-MM-DD: {value!r}") from exc


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidEventError(f"{key}: required text is missing")
    return value.strip()


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    return _text(data, key)


def _count(data: Mapping[str, Any], key: str, minimum: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidEventError(f"{key}: expected an integer >= {minimum}")
    return value
