"""Intake's unit of work: the kit's, with intake's repositories; and the protocol service functions are typed with,
which the real unit of work and the tests' fake both fit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import Any, Protocol, cast

from sqlalchemy.orm import Session, sessionmaker

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.adapters.reading import CaseQueries
from tiepdan.intake.adapters.repository import (
    CaseRepository,
    EnforcementRepository,
    OutreachRepository,
    PaperRepository,
    RecordRepository,
    RegisterRepository,
    ResponsePlanRepository,
)
from tiepdan.intake.adapters.roster_copy import RosterCopy
from tiepdan.intake.domain.cases import Actor, Case
from tiepdan.intake.domain.enforcement import Enforcement
from tiepdan.intake.domain.listing import CaseQuery
from tiepdan.intake.domain.outreach import Outreach, OutreachFilters
from tiepdan.intake.domain.records import Petition, Visit
from tiepdan.intake.domain.response_plans import Directive, ResponsePlan, Task, TaskReport
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork

#: `Session.info` key of the identity vault, given to a runtime's sessions by `use_vault`.
VAULT_KEY = "intake_vault"


def use_vault(sessions: sessionmaker[Session], vault: IdentityVault) -> None:
    """The vault the repositories encrypt citizens with, for every unit of work of these sessions."""
    sessions.kw.setdefault("info", {})[VAULT_KEY] = vault


class IntakeUnitOfWork(UnitOfWork):
    """Each repository is built when the work first asks for it: a registration uses four of the nine."""

    @cached_property
    def cases(self) -> CaseRepository:
        return CaseRepository(self)

    @cached_property
    def records(self) -> RecordRepository:
        return RecordRepository(self, self.cases, self._vault)

    @cached_property
    def papers(self) -> PaperRepository:
        return PaperRepository(self)

    @cached_property
    def register(self) -> RegisterRepository:
        return RegisterRepository(self)

    @cached_property
    def roster(self) -> RosterCopy:
        return RosterCopy(self)

    # coordination: enforcement holds, outreach, response plans
    @cached_property
    def enforcements(self) -> EnforcementRepository:
        return EnforcementRepository(self)

    @cached_property
    def outreach(self) -> OutreachRepository:
        return OutreachRepository(self)

    @cached_property
    def response_plans(self) -> ResponsePlanRepository:
        return ResponsePlanRepository(self)

    @cached_property
    def queries(self) -> CaseQueries:
        return CaseQueries(self.session, self._vault)

    @property
    def _vault(self) -> IdentityVault:
        return cast(IdentityVault, self.session_info.get(VAULT_KEY))

    def __enter__(self) -> IntakeUnitOfWork:
        super().__enter__()
        return self


def intake_work(uow: UnitOfWork) -> IntakeUnitOfWork:
    """The kit hands out its base type; intake's `ServiceSpec` makes every unit of work this one (checked)."""
    if not isinstance(uow, IntakeUnitOfWork):
        raise TypeError(f"intake needs an IntakeUnitOfWork, got {type(uow).__name__}")
    return uow


class Cases(Protocol):
    def get(self, case_id: str, for_update: bool = False) -> Case | None: ...
    def save(self, case: Case) -> None: ...
    def linked_case_id(self, unit: str, field: str, subject_key: str, digests: list[str]) -> str | None: ...


class Records(Protocol):
    def add_visit(self, case: Case, visit: Visit, received_on: date) -> None: ...
    def add_petition(self, case: Case, petition: Petition) -> None: ...
    def audit_identity_read(self, unit: str, actor: Actor, case_id: str, record_id: str, purpose: str) -> None: ...


class Queries(Protocol):
    def case_page(self, query: CaseQuery, page: dict[str, Any], *, by_due: bool = False) -> tuple[list[Case], Any]: ...
    def case_counts(self, query: CaseQuery, by: Sequence[str]) -> list[dict[str, Any]]: ...
    def officers_of(self, case_ids: Sequence[str]) -> dict[str, str]: ...


class Papers(Protocol):
    def add(self, values: dict[str, Any]) -> None: ...


class Register(Protocol):
    def reopen_day(self, unit: str, day: date) -> None: ...


class OnDuty(Protocol):
    @property
    def staff_id(self) -> str: ...
    @property
    def staff_name(self) -> str: ...


class Roster(Protocol):
    def calendar(self, unit: str) -> WorkingCalendar: ...
    def on_duty(self, unit: str, at: datetime, timezone: str, duties: Iterable[str]) -> OnDuty | None: ...


class IntakeWork(Protocol):
    """What registrations, case actions and the case list use of a unit of work."""

    @property
    def cases(self) -> Cases: ...
    @property
    def records(self) -> Records: ...
    @property
    def papers(self) -> Papers: ...
    @property
    def register(self) -> Register: ...
    @property
    def roster(self) -> Roster: ...
    @property
    def queries(self) -> Queries: ...

    def defer_writes(self) -> None: ...
    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...
    def on_committed(self, callback: Callable[[], None]) -> None: ...
    def commit(self) -> None: ...


# -- coordination (issue 19): enforcements and outreach ----------------------------------------------------------------


class Enforcements(Protocol):
    def get(self, case_id: str) -> Enforcement | None: ...
    def save(self, enforcement: Enforcement) -> None: ...
    def planned(
        self, date_from: date | None, date_to: date | None, page: dict[str, Any], with_party_matters: bool
    ) -> tuple[list[Enforcement], str | None]: ...


class EnforcementWork(Protocol):
    """What the enforcement use cases use of a unit of work."""

    @property
    def cases(self) -> Cases: ...
    @property
    def roster(self) -> Roster: ...
    @property
    def enforcements(self) -> Enforcements: ...

    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...


class OutreachRecords(Protocol):
    def add(self, outreach: Outreach) -> None: ...
    def get(self, outreach_id: str) -> Outreach | None: ...
    def page(self, filters: OutreachFilters, page: dict[str, Any]) -> tuple[list[Outreach], str | None]: ...


class OutreachWork(Protocol):
    """What the outreach use cases use of a unit of work."""

    @property
    def cases(self) -> Cases: ...
    @property
    def roster(self) -> Roster: ...
    @property
    def outreach(self) -> OutreachRecords: ...


# -- response plans (issue 19) ---------------------------------------------------------------------------------------


class ResponsePlans(Protocol):
    def get(self, plan_id: str, for_update: bool = False) -> ResponsePlan | None: ...
    def add(self, plan: ResponsePlan) -> None: ...
    def add_directive(self, plan: ResponsePlan, directive: Directive) -> None: ...
    def add_task(self, task: Task) -> None: ...
    def add_report(self, task: Task, report: TaskReport) -> None: ...
    def close(self, plan: ResponsePlan) -> None: ...
    def page(self, status: str | None, reason: str | None, page: dict[str, Any]) -> tuple[list[ResponsePlan], Any]: ...
    def unannounced_overdue(self, today: date) -> list[Task]: ...
    def mark_announced(self, task: Task, at: datetime) -> bool: ...


class PlanWork(Protocol):
    """What the use cases of response plans use of a unit of work: the plans, and the cases they link."""

    @property
    def response_plans(self) -> ResponsePlans: ...
    @property
    def cases(self) -> Cases: ...

    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...
    def commit(self) -> None: ...
