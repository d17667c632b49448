"""The roster service's unit of work: the kit's transaction and outbox, with a repository per aggregate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from tiepdan.kit.db import UnitScope
from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.roster.adapters.repository import (
    AgencyRepository,
    CalendarRepository,
    CoverageRulesRepository,
    RosterRepository,
    StaffRepository,
)


class RosterUnitOfWork(UnitOfWork):
    staff: StaffRepository
    agencies: AgencyRepository
    calendar: CalendarRepository
    rules: CoverageRulesRepository
    rosters: RosterRepository

    def __enter__(self) -> RosterUnitOfWork:
        super().__enter__()
        self.staff = StaffRepository(self.session)
        self.agencies = AgencyRepository(self.session)
        self.calendar = CalendarRepository(self.session)
        self.rules = CoverageRulesRepository(self.session)
        self.rosters = RosterRepository(self.session)
        return self


class RosterWork(Protocol):
    """What the service layer uses of a unit of work, which the real one and the tests' fake both provide.

    The repositories are read-only properties here so that each unit of work may type them as its own class."""

    scope: UnitScope

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def agencies(self) -> AgencyRepository: ...

    @property
    def calendar(self) -> CalendarRepository: ...

    @property
    def rules(self) -> CoverageRulesRepository: ...

    @property
    def rosters(self) -> RosterRepository: ...

    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...

    def on_committed(self, callback: Callable[[], None]) -> None: ...

    def commit(self) -> None: ...
