"""What the roster use cases answer; the API's schemas dump these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tiepdan.roster.domain.staff import Staff


@dataclass(frozen=True)
class StaffChanged:
    """An officer as stored, and the re-plans queued for the published rosters the change touched."""

    staff: Staff
    replans: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DirectoryImported:
    agencies: int
    staff: int
    created: int
    updated: int
    replans: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OnDuty:
    date: date
    shift: str
    start: datetime
    end: datetime
    staff_id: str
    staff_name: str
    agency: str
    skills: list[str]
    duty: str
    roster_id: str | None


@dataclass(frozen=True)
class DutyAt:
    at: datetime
    timezone: str
    items: list[OnDuty] = field(default_factory=list)


@dataclass(frozen=True)
class RosterFile:
    content: bytes
    content_type: str
    filename: str
