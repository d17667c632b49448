"""Rules tied to the calendar's civic events: the election cut-off and Party-congress personnel.

The dates are data: the unit's calendar lists `events` with a `kind` (`election_day`, `party_congress`), kept by
roster and copied to intake (`roster.calendar.changed`). Without such an event the rule does not apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tiepdan.intake.domain.deadlines import Deadline
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import DayType, WorkingCalendar

ELECTION_DAY = "election_day"
PARTY_CONGRESS = "party_congress"
#: Luật Bầu cử ĐBQH và HĐND 2015, Điều 61: within 10 days before election day the election bodies stop
#: considering complaints, denunciations and recommendations about candidates.
ELECTION_CUTOFF_DAYS = 10
ELECTION_BASIS = (
    "trong 10 ngày trước ngày bầu cử, tổ chức phụ trách bầu cử ngừng xem xét, giải quyết khiếu nại, tố cáo về "
    "người ứng cử; tiếp nhận, lưu giữ và chuyển cơ quan có thẩm quyền sau ngày bầu cử "
    "(Luật Bầu cử ĐBQH và HĐND 2015, Điều 61)"
)
#: The Party's rules: a denunciation about congress personnel is considered and concluded before the congress.
CONGRESS_BASIS = (
    "tố cáo đối với nhân sự đại hội phải được xem xét, kết luận trước đại hội "
    "(Quy định 22-QĐ/TW năm 2021 của Ban Chấp hành Trung ương; Chỉ thị 35-CT/TW năm 2024 của Bộ Chính trị)"
)
CONGRESS_RULE = "party_congress_personnel"


@dataclass(frozen=True)
class CivicEvent:
    day: date
    kind: str
    name: str


def civic_events(calendar_document: Mapping[str, Any]) -> list[CivicEvent]:
    """The calendar's events that carry a known kind; others (reminders, names only) are not rules."""
    found = []
    for item in calendar_document.get("events", []) or []:
        kind = item.get("kind") if isinstance(item, Mapping) else None
        if kind in (ELECTION_DAY, PARTY_CONGRESS):
            found.append(CivicEvent(date.fromisoformat(item["date"]), kind, str(item.get("name", ""))))
    return sorted(found, key=lambda event: event.day)


def _next(events: Iterable[CivicEvent], kind: str, on_or_after: date) -> CivicEvent | None:
    return next((e for e in events if e.kind == kind and e.day >= on_or_after), None)


@dataclass(frozen=True)
class ElectionHold:
    """A matter about a candidate that came in the cut-off: recorded, held, and forwarded after the election."""

    election_day: date
    cutoff_from: date
    forward_after: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "election_day": self.election_day.isoformat(),
            "cutoff_from": self.cutoff_from.isoformat(),
            "forward_after": self.forward_after.isoformat(),
            "basis": ELECTION_BASIS,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ElectionHold:
        return cls(
            date.fromisoformat(data["election_day"]),
            date.fromisoformat(data["cutoff_from"]),
            date.fromisoformat(data["forward_after"]),
        )

    def holds_on(self, day: date) -> bool:
        return day < self.forward_after


def election_hold(
    kind: Kind, about_candidate: bool, received_on: date, events: Iterable[CivicEvent], calendar: WorkingCalendar
) -> ElectionHold | None:
    """A complaint or denunciation about a candidate received from 10 days before election day to the day itself."""
    if not about_candidate or kind not in (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.MIXED):
        return None
    election = _next(events, ELECTION_DAY, received_on)
    if election is None:
        return None
    cutoff_from = election.day - timedelta(days=ELECTION_CUTOFF_DAYS)
    if received_on < cutoff_from:
        return None
    return ElectionHold(election.day, cutoff_from, calendar.next_working_day(election.day + timedelta(days=1)))


def congress_deadline(
    kind: Kind, congress_personnel: bool, received_on: date, events: Iterable[CivicEvent], calendar: WorkingCalendar
) -> Deadline | None:
    """A denunciation about congress personnel received before the congress opens: concluded by the last working
    day before the opening (the eve itself when no working day is left after the receipt)."""
    if kind is not Kind.DENUNCIATION or not congress_personnel:
        return None
    congress = _next(events, PARTY_CONGRESS, received_on + timedelta(days=1))
    if congress is None:
        return None
    eve = congress.day - timedelta(days=1)
    due = eve
    while due >= received_on and not calendar.is_working_day(due):
        due -= timedelta(days=1)
    if due < received_on:
        due = eve
    return Deadline(
        name="conclude_by",
        date=due,
        rule=f"trước khai mạc {congress.name or 'đại hội'} ({congress.day:%d/%m/%Y}) — {CONGRESS_BASIS}",
        rule_code=CONGRESS_RULE,
        day_type=DayType.CALENDAR,
    )
