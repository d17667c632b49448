"""An in-memory roster unit of work for fast tests of the service layer (no database, no broker).

Its repositories keep what the SQL ones keep and answer the same questions; new rosters take the unit of work's
write unit, as the kit's unit guard stamps them on a real session.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tiepdan.kit.calendar import default_calendar_data, with_shipped_years
from tiepdan.kit.db import UnitScope
from tiepdan.kit.fakes import FakeUnitOfWork
from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.adapters.repository import Page
from tiepdan.roster.domain.incident import Incident
from tiepdan.roster.domain.reception import Reception
from tiepdan.roster.domain.roster import Status
from tiepdan.roster.domain.rules import default_rules_data
from tiepdan.roster.domain.staff import Agency, Staff
from tiepdan.roster.domain.working_group import WorkingGroup

UNIT = "bach-quang"


def _page(items: list[Any], key: Any, limit: int, cursor: str | None) -> Page[Any]:
    """Items in key order after the cursor (the last key of the previous page, as text)."""
    ordered = sorted(items, key=key)
    if cursor is not None:
        ordered = [item for item in ordered if str(key(item)) > cursor]
    page = ordered[:limit]
    more = len(ordered) > limit
    return Page(page, str(key(page[-1])) if more else None)


class FakeStaffRepository:
    def __init__(self) -> None:
        self.people: dict[str, Staff] = {}

    def get(self, staff_id: str) -> Staff | None:
        return self.people.get(staff_id)

    def all(self, unit: str | None = None) -> tuple[Staff, ...]:
        return tuple(self.people[staff_id] for staff_id in sorted(self.people))

    def page(self, limit: int, cursor: str | None) -> Page[Staff]:
        return _page(list(self.people.values()), lambda person: person.id, limit, cursor)

    def add(self, person: Staff) -> None:
        if person.id in self.people:
            raise ValueError(f"staff {person.id} already stored")  # the unique key (unit, staff_id)
        self.people[person.id] = person

    def save(self, person: Staff) -> None:
        if person.id not in self.people:
            raise LookupError(f"staff {person.id} is not stored")
        self.people[person.id] = person


class FakeAgencyRepository:
    def __init__(self) -> None:
        self.agencies: dict[str, Agency] = {}

    def all(self) -> list[Agency]:
        return [self.agencies[code] for code in sorted(self.agencies)]

    def save(self, agency: Agency) -> None:
        self.agencies[agency.code] = agency


class FakeCalendarRepository:
    def __init__(self) -> None:
        self.stored: dict[str, Any] | None = None
        self.updated_by = ""

    def document(self, unit: str | None = None) -> dict[str, Any]:
        return with_shipped_years(dict(self.stored)) if self.stored is not None else default_calendar_data()

    def save(self, document: dict[str, Any], by: str) -> str:
        self.stored, self.updated_by = document, by
        return UNIT


class FakeCoverageRulesRepository:
    def __init__(self) -> None:
        self.stored: dict[str, Any] | None = None

    def document(self, unit: str | None = None) -> dict[str, Any]:
        return dict(self.stored) if self.stored is not None else default_rules_data()

    def save(self, document: dict[str, Any], by: str) -> str:
        self.stored = document
        return UNIT


class FakeRosterRepository:
    def __init__(self, write_unit: str | None) -> None:
        self.rosters: dict[str, RosterRecord] = {}
        self.write_unit = write_unit

    def get(self, roster_id: str) -> RosterRecord | None:
        return self.rosters.get(roster_id)

    def add(self, roster: RosterRecord) -> None:
        if roster.unit is None:
            if self.write_unit is None:
                raise ValueError("a new roster needs a unit (unscoped work passes it)")
            roster.unit = self.write_unit
        self.rosters[roster.id] = roster

    def page(self, limit: int, cursor: str | None, status: str | None = None) -> Page[RosterRecord]:
        chosen = [r for r in self.rosters.values() if not status or r.status == status]
        newest_first = sorted(chosen, key=lambda r: (r.created_at, r.id), reverse=True)
        if cursor is not None:
            after = next(i for i, r in enumerate(newest_first) if r.id == cursor)
            newest_first = newest_first[after + 1 :]
        page = newest_first[:limit]
        return Page(page, page[-1].id if len(newest_first) > limit else None)

    def waiting(self) -> list[RosterRecord]:
        return sorted((r for r in self.rosters.values() if r.status == Status.SOLVING), key=lambda r: r.created_at)

    def claim(self, roster: RosterRecord, now: datetime) -> bool:
        stored = self.rosters.get(roster.id)
        if stored is None or stored.status != Status.SOLVING:
            return False
        stored.claimed_at, stored.attempts = now, stored.attempts + 1
        return True

    def replanning(self) -> set[str]:
        return {r.replaces for r in self.rosters.values() if r.status == Status.SOLVING and r.replaces}

    def published(self) -> list[RosterRecord]:
        return sorted((r for r in self.rosters.values() if r.status == Status.PUBLISHED), key=lambda r: r.start)

    def published_overlapping(self, start: date, end: date, unit: str | None = None) -> list[RosterRecord]:
        found = [r for r in self.published() if r.start <= end and r.end >= start and unit in (None, r.unit)]
        return sorted(found, key=lambda r: (r.published_at or r.created_at, r.id))


def _newest_first(items: list[Any], key: Any, limit: int, cursor: str | None) -> Page[Any]:
    """Items by descending key (ending with the id) after the cursor (the last item's id)."""
    ordered = sorted(items, key=key, reverse=True)
    if cursor is not None:
        after = next(i for i, item in enumerate(ordered) if item.id == cursor)
        ordered = ordered[after + 1 :]
    page = ordered[:limit]
    return Page(page, page[-1].id if len(ordered) > limit else None)


class FakeWorkingGroupRepository:
    def __init__(self) -> None:
        self.groups: dict[str, WorkingGroup] = {}

    def get(self, group_id: str) -> WorkingGroup | None:
        return self.groups.get(group_id)

    def add(self, group: WorkingGroup) -> None:
        self.groups[group.id] = group

    def page(self, limit: int, cursor: str | None) -> Page[WorkingGroup]:
        return _newest_first(list(self.groups.values()), lambda g: (g.established_at, g.id), limit, cursor)

    def overlapping(self, start: date, end: date, unit: str | None = None) -> tuple[WorkingGroup, ...]:
        found = (g for g in self.groups.values() if g.start <= end and g.end >= start)
        return tuple(sorted(found, key=lambda g: g.id))


class FakeReceptionRepository:
    def __init__(self) -> None:
        self.receptions: dict[str, Reception] = {}

    def get(self, reception_id: str) -> Reception | None:
        return self.receptions.get(reception_id)

    def add(self, reception: Reception) -> None:
        self.receptions[reception.id] = reception

    def save(self, reception: Reception) -> None:
        if reception.id not in self.receptions:
            raise LookupError(f"reception {reception.id} is not stored")
        self.receptions[reception.id] = reception

    def page(self, limit: int, cursor: str | None, status: str | None = None) -> Page[Reception]:
        chosen = [r for r in self.receptions.values() if not status or r.status == status]
        return _newest_first(chosen, lambda r: (r.starts_at, r.id), limit, cursor)


class FakeIncidentRepository:
    def __init__(self) -> None:
        self.incidents: dict[str, Incident] = {}

    def get(self, incident_id: str) -> Incident | None:
        return self.incidents.get(incident_id)

    def add(self, incident: Incident) -> None:
        self.incidents[incident.id] = incident

    def page(self, limit: int, cursor: str | None) -> Page[Incident]:
        return _newest_first(list(self.incidents.values()), lambda i: (i.occurred_at, i.id), limit, cursor)


class FakeRosterUnitOfWork(FakeUnitOfWork):
    """One ward's scheduler at work by default. Its repositories outlive each `with` block, so the worker's
    several units of work (claim, solve, store) can be this same object entered again."""

    def __init__(self, scope: UnitScope | None = None) -> None:
        super().__init__(scope or UnitScope(units=frozenset({UNIT}), write_unit=UNIT), source="roster")
        self.staff = FakeStaffRepository()
        self.agencies = FakeAgencyRepository()
        self.calendar = FakeCalendarRepository()
        self.rules = FakeCoverageRulesRepository()
        self.rosters = FakeRosterRepository(self.scope.write_unit)
        self.working_groups = FakeWorkingGroupRepository()
        self.receptions = FakeReceptionRepository()
        self.incidents = FakeIncidentRepository()

    def __enter__(self) -> FakeRosterUnitOfWork:
        return self

    def event_types(self) -> list[str]:
        return [envelope.type for envelope in self.events]
