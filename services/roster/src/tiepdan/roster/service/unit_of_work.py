"""The roster service's unit of work: the kit's transaction and outbox, with a repository per aggregate.

`RosterWork` and the repository protocols are what the service layer may use of it; the SQL unit of work here
and the tests' in-memory one (tests/fakes.py) both fit them, which mypy checks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol

from tiepdan.kit.db import UnitScope
from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.adapters.repository import (
    AgencyRepository,
    CalendarRepository,
    CoverageRulesRepository,
    IncidentRepository,
    Page,
    ReceptionRepository,
    RosterRepository,
    StaffRepository,
    WorkingGroupRepository,
)
from tiepdan.roster.domain.incident import Incident
from tiepdan.roster.domain.reception import Reception
from tiepdan.roster.domain.staff import Agency, Staff
from tiepdan.roster.domain.working_group import WorkingGroup


class RosterUnitOfWork(UnitOfWork):
    staff: StaffRepository
    agencies: AgencyRepository
    calendar: CalendarRepository
    rules: CoverageRulesRepository
    rosters: RosterRepository
    working_groups: WorkingGroupRepository
    receptions: ReceptionRepository
    incidents: IncidentRepository

    def __enter__(self) -> RosterUnitOfWork:
        super().__enter__()
        self.staff = StaffRepository(self.session)
        self.agencies = AgencyRepository(self.session)
        self.calendar = CalendarRepository(self.session)
        self.rules = CoverageRulesRepository(self.session)
        self.rosters = RosterRepository(self.session)
        self.working_groups = WorkingGroupRepository(self.session)
        self.receptions = ReceptionRepository(self.session)
        self.incidents = IncidentRepository(self.session)
        return self


class StaffRepo(Protocol):
    def get(self, staff_id: str) -> Staff | None: ...
    def all(self, unit: str | None = None) -> tuple[Staff, ...]: ...
    def page(self, limit: int, cursor: str | None) -> Page[Staff]: ...
    def add(self, person: Staff) -> None: ...
    def save(self, person: Staff) -> None: ...


class AgencyRepo(Protocol):
    def all(self) -> list[Agency]: ...
    def save(self, agency: Agency) -> None: ...


class DocumentRepo(Protocol):
    """The calendar or the coverage rules: one document per unit, the built-in one until a unit stores its own."""

    def document(self, unit: str | None = None) -> dict[str, Any]: ...
    def save(self, document: dict[str, Any], by: str) -> str: ...


class RosterRepo(Protocol):
    def get(self, roster_id: str) -> RosterRecord | None: ...
    def add(self, roster: RosterRecord) -> None: ...
    def page(self, limit: int, cursor: str | None, status: str | None = None) -> Page[RosterRecord]: ...
    def waiting(self) -> list[RosterRecord]: ...
    def claim(self, roster: RosterRecord, now: datetime) -> bool: ...
    def replanning(self) -> set[str]: ...
    def published(self) -> list[RosterRecord]: ...
    def published_overlapping(self, start: date, end: date, unit: str | None = None) -> list[RosterRecord]: ...


class WorkingGroupRepo(Protocol):
    def get(self, group_id: str) -> WorkingGroup | None: ...
    def add(self, group: WorkingGroup) -> None: ...
    def page(self, limit: int, cursor: str | None) -> Page[WorkingGroup]: ...
    def overlapping(self, start: date, end: date, unit: str | None = None) -> tuple[WorkingGroup, ...]: ...


class ReceptionRepo(Protocol):
    def get(self, reception_id: str) -> Reception | None: ...
    def add(self, reception: Reception) -> None: ...
    def save(self, reception: Reception) -> None: ...
    def page(self, limit: int, cursor: str | None, status: str | None = None) -> Page[Reception]: ...


class IncidentRepo(Protocol):
    def get(self, incident_id: str) -> Incident | None: ...
    def add(self, incident: Incident) -> None: ...
    def page(self, limit: int, cursor: str | None) -> Page[Incident]: ...


class RosterWork(Protocol):
    """What a roster use case is given: the repositories (read-only here, so each unit of work may type them as
    its own classes), events staged with the work, and the commit."""

    scope: UnitScope

    @property
    def staff(self) -> StaffRepo: ...

    @property
    def agencies(self) -> AgencyRepo: ...

    @property
    def calendar(self) -> DocumentRepo: ...

    @property
    def rules(self) -> DocumentRepo: ...

    @property
    def rosters(self) -> RosterRepo: ...

    @property
    def working_groups(self) -> WorkingGroupRepo: ...

    @property
    def receptions(self) -> ReceptionRepo: ...

    @property
    def incidents(self) -> IncidentRepo: ...

    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...

    def on_committed(self, callback: Callable[[], None]) -> None: ...

    def commit(self) -> None: ...
