"""What a reader asks of the lists: the case list's filters and counts, the visit and petition lists' filters, and
which records a reader's roles let a list show at all (access.case_view) or let a citizen search find."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tiepdan.intake.domain.people import DEFAULT_GROUP_THRESHOLD
from tiepdan.intake.domain.search import CitizenQuery

#: How a list is ordered: newest first, or by the earliest running deadline (cases without one left out).
NEWEST, DUE = "newest", "due"
#: What the counts may be grouped by; `due` is `overdue`, `today` or `later` by the earliest running deadline.
COUNT_DIMENSIONS = ("kind", "field", "status", "officer", "due")


@dataclass(frozen=True)
class CaseFilters:
    #: Only these cases (a page naming cases by id reads them in one list).
    ids: tuple[str, ...] | None = None
    kind: str | None = None
    field: str | None = None
    area: str | None = None
    status: str | None = None
    overdue: bool | None = None
    election_hold: bool | None = None
    filing_late: bool | None = None
    citizen: str | None = None
    #: Brought by a group (đoàn đông người): at least `group_threshold` complainants or denouncers.
    group: bool | None = None
    group_threshold: int = DEFAULT_GROUP_THRESHOLD
    complex: bool | None = None
    received_from: date | None = None
    received_to: date | None = None
    #: The case's earliest running deadline (`next_due`) falls within these days; only open cases have one.
    due_from: date | None = None
    due_to: date | None = None

    def range_problems(self) -> dict[str, list[str]]:
        """A date range that ends before it starts is refused, naming its end."""
        return {
            name: ["Ngày kết thúc phải từ ngày bắt đầu trở đi."]
            for name, first, last in (
                ("received_to", self.received_from, self.received_to),
                ("due_to", self.due_from, self.due_to),
            )
            if first is not None and last is not None and last < first
        }


@dataclass(frozen=True)
class RecordFilters:
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None
    field: str | None = None
    area: str | None = None
    case_id: str | None = None
    reception: str | None = None
    channel: str | None = None
    eligible: bool | None = None


class Shown(StrEnum):
    """The records a list shows a reader: the others are ones whose case_view is NONE for the reader's roles."""

    EVERY = "every"  # leader; Party inspection together with the clerk's role
    PARTY_MATTERS = "party_matters"  # Party inspection alone: Party-related records only
    NOT_PARTY_DENUNCIATIONS = "not_party_denunciations"  # everyone else


class DenouncersFound(StrEnum):
    """Whose denouncers a citizen search may find: finding one tells who denounced (access.may_read_identity)."""

    EVERY = "every"  # leader
    ON_PARTY_MATTERS = "on_party_matters"  # Party inspection: denouncers on Party-related cases
    NONE = "none"  # clerk: people on complaints, petitions and reflections only


@dataclass(frozen=True)
class CitizenMatch:
    """Cases with a citizen the query matches (domain.search), among the records the reader may find."""

    query: CitizenQuery
    denouncers: DenouncersFound


@dataclass(frozen=True)
class CaseQuery:
    """The cases of a list or a count: the filters, as of `today` (overdue), among those shown to the reader."""

    filters: CaseFilters
    today: date
    shown: Shown
    citizen: CitizenMatch | None = None
