"""In-memory stand-ins for intake's repositories and unit of work: service-layer tests without a database or broker.

Writes wait for `commit()` as the real ones do (a registration's rows reach the database only at its commit), so a
test can tell work that was committed from work that was left.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.domain.cases import Actor, Case, HistoryEntry, Status
from tiepdan.intake.domain.enforcement import Enforcement
from tiepdan.intake.domain.linking import LinkCandidate, choose_case
from tiepdan.intake.domain.listing import CaseQuery, CitizenMatch, DenouncersFound, Shown
from tiepdan.intake.domain.outreach import Outreach, OutreachFilters
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.records import Petition, Visit
from tiepdan.intake.domain.response_plans import Directive, PlanStatus, ResponsePlan, Task, TaskReport
from tiepdan.intake.domain.search import citizen_terms
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.db import UnitScope
from tiepdan.kit.fakes import FakeUnitOfWork


@dataclass
class Store:
    """What the database would hold."""

    cases: dict[str, Case] = field(default_factory=dict)
    history: dict[str, list[HistoryEntry]] = field(default_factory=dict)
    visits: dict[str, Visit] = field(default_factory=dict)
    petitions: dict[str, Petition] = field(default_factory=dict)
    #: (unit, field, subject_key, ID digest) → case ids, as the citizens' rows link them
    people: dict[tuple[str, str, str, str], set[str]] = field(default_factory=dict)
    papers: dict[str, dict[str, Any]] = field(default_factory=dict)
    register_no: dict[tuple[str, int], int] = field(default_factory=dict)
    reopened_days: set[tuple[str, date]] = field(default_factory=set)
    # coordination (issue 19)
    enforcements: dict[str, Enforcement] = field(default_factory=dict)
    outreach: dict[str, Outreach] = field(default_factory=dict)
    response_plans: dict[str, ResponsePlan] = field(default_factory=dict)
    #: (actor, case, record, purpose) of each denouncer identity read, as the access audit would keep it
    identity_reads: list[tuple[str, str, str, str]] = field(default_factory=list)


class FakeCases:
    def __init__(self, store: Store, held: Callable[[Callable[[], None]], None]) -> None:
        self._store = store
        self._held = held
        self.locked: list[str] = []

    def get(self, case_id: str, for_update: bool = False) -> Case | None:
        if for_update:
            self.locked.append(case_id)
        case = self._store.cases.get(case_id)
        return copy.deepcopy(case) if case is not None else None

    def save(self, case: Case) -> None:
        saved, entries = copy.deepcopy(case), list(case.history)
        saved.history = []
        case.history.clear()

        def write() -> None:
            self._store.cases[saved.id] = saved
            self._store.history.setdefault(saved.id, []).extend(entries)

        self._held(write)

    def linked_case_id(self, unit: str, field: str, subject_key: str, digests: Iterable[str]) -> str | None:
        found = set().union(*(self._store.people.get((unit, field, subject_key, d), set()) for d in digests))
        return choose_case(LinkCandidate(i, self._store.cases[i].opened_at) for i in found)

    def history(self, case_id: str) -> list[HistoryEntry]:
        return list(self._store.history.get(case_id, []))


class FakeRecords:
    def __init__(self, store: Store, cases: FakeCases, vault: IdentityVault) -> None:
        self._store = store
        self._cases = cases
        self.vault = vault

    def add_visit(self, case: Case, visit: Visit, received_on: date) -> None:
        self._link(case, visit.citizens)
        self._cases.save(case)
        self._cases._held(lambda: self._number(visit, received_on))

    def _number(self, visit: Visit, received_on: date) -> None:
        key = (visit.unit, received_on.year)
        self._store.register_no[key] = self._store.register_no.get(key, 0) + 1
        self._store.visits[visit.id] = visit

    def add_petition(self, case: Case, petition: Petition) -> None:
        self._link(case, petition.citizens)
        self._cases.save(case)
        self._cases._held(lambda: self._store.petitions.__setitem__(petition.id, petition))

    def _link(self, case: Case, citizens: list[Citizen]) -> None:
        keys = [
            (case.unit, case.field, case.subject_key, self.vault.digest(c.id_number)) for c in citizens if c.id_number
        ]

        def write() -> None:
            for key in keys:
                self._store.people.setdefault(key, set()).add(case.id)

        self._cases._held(write)

    def audit_identity_read(self, unit: str, actor: Actor, case_id: str, record_id: str, purpose: str) -> None:
        self._cases._held(lambda: self._store.identity_reads.append((actor.sub, case_id, record_id, purpose)))


def _next_due(case: Case) -> date | None:
    return min((d.date for d in case.watched_deadlines()), default=None)


def _shown(shown: Shown, kind: str, party_related: bool) -> bool:
    if shown is Shown.PARTY_MATTERS:
        return party_related
    return shown is Shown.EVERY or not (kind == Kind.DENUNCIATION.value and party_related)


class FakeQueries:
    """The lists over the store, newest first, with the filters the fast tests use (the SQL of all of them is
    adapters/reading.py, tested against the database); a page is one slice, its cursor the next offset."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def case_page(self, query: CaseQuery, page: dict[str, Any], *, by_due: bool = False) -> tuple[list[Case], Any]:
        found = [c for c in reversed(self._store.cases.values()) if self._matches(c, query)]
        if by_due:
            found = sorted((c for c in found if _next_due(c) is not None), key=lambda c: _next_due(c) or date.max)
        start, limit = int(page.get("cursor") or 0), int(page.get("limit") or 50)
        more = len(found) > start + limit
        return [copy.deepcopy(c) for c in found[start : start + limit]], str(start + limit) if more else None

    def case_counts(self, query: CaseQuery, by: Sequence[str]) -> list[dict[str, Any]]:
        officers = self.officers_of(list(self._store.cases))
        groups: dict[tuple[Any, ...], int] = {}
        for case in self._store.cases.values():
            if self._matches(case, query):
                values = {"kind": case.kind.value, "field": case.field, "status": case.status.value}
                key = tuple(officers.get(case.id) if name == "officer" else values[name] for name in by)
                groups[key] = groups.get(key, 0) + 1
        return [dict(zip(by, key, strict=True)) | {"count": count} for key, count in groups.items()]

    def officers_of(self, case_ids: Sequence[str]) -> dict[str, str]:
        history = self._store.history
        return {i: history[i][-1].actor_name for i in case_ids if history.get(i)}

    def _matches(self, case: Case, query: CaseQuery) -> bool:
        filters = query.filters
        asked = {"kind": filters.kind, "field": filters.field, "area": filters.area, "status": filters.status}
        values = {"kind": case.kind.value, "field": case.field, "area": case.area, "status": case.status.value}
        if any(value is not None and values[name] != value for name, value in asked.items()):
            return False
        if filters.ids is not None and case.id not in filters.ids:
            return False
        if not _shown(query.shown, case.kind.value, case.party_related):
            return False
        return query.citizen is None or self._citizen_found(case, query.citizen)

    def _citizen_found(self, case: Case, match: CitizenMatch) -> bool:
        records: list[Visit | Petition] = [*self._store.visits.values(), *self._store.petitions.values()]
        for record in records:
            if record.case_id != case.id:
                continue
            confidential = Kind.DENUNCIATION.value in (case.kind.value, record.kind)
            if confidential and match.denouncers is DenouncersFound.NONE:
                continue
            if confidential and match.denouncers is DenouncersFound.ON_PARTY_MATTERS and not case.party_related:
                continue
            for citizen in record.citizens:
                terms = citizen_terms(citizen)
                if (match.query.name and set(match.query.name) <= terms) or set(match.query.exact) & terms:
                    return True
        return False


class FakePapers:
    def __init__(self, store: Store, held: Callable[[Callable[[], None]], None]) -> None:
        self._store = store
        self._held = held

    def add(self, values: dict[str, Any]) -> None:
        self._held(lambda: self._store.papers.__setitem__(values["id"], values))


class FakeRegister:
    def __init__(self, store: Store, held: Callable[[Callable[[], None]], None]) -> None:
        self._store = store
        self._held = held

    def reopen_day(self, unit: str, day: date) -> None:
        self._held(lambda: self._store.reopened_days.add((unit, day)))


class FakeEnforcements:
    def __init__(self, store: Store, held: Callable[[Callable[[], None]], None]) -> None:
        self._store = store
        self._held = held

    def get(self, case_id: str) -> Enforcement | None:
        return self._store.enforcements.get(case_id)

    def save(self, enforcement: Enforcement) -> None:
        self._held(lambda: self._store.enforcements.__setitem__(enforcement.case_id, enforcement))

    def planned(
        self, date_from: date | None, date_to: date | None, page: dict[str, Any], with_party_matters: bool
    ) -> tuple[list[Enforcement], str | None]:
        """Every match on one page (the keyset paging is the real repository's, tested on a database)."""
        hidden = (
            {c.id for c in self._store.cases.values() if c.kind is Kind.DENUNCIATION and c.party_related}
            if not with_party_matters
            else set()
        )
        found = [
            e
            for e in self._store.enforcements.values()
            if e.pending
            and e.case_id not in hidden
            and (date_from is None or e.planned_on >= date_from)
            and (date_to is None or e.planned_on <= date_to)
        ]
        return sorted(found, key=lambda e: e.planned_on), None


class FakeOutreach:
    def __init__(self, store: Store, held: Callable[[Callable[[], None]], None]) -> None:
        self._store = store
        self._held = held

    def add(self, outreach: Outreach) -> None:
        self._held(lambda: self._store.outreach.__setitem__(outreach.id, outreach))

    def get(self, outreach_id: str) -> Outreach | None:
        return self._store.outreach.get(outreach_id)

    def page(self, filters: OutreachFilters, page: dict[str, Any]) -> tuple[list[Outreach], str | None]:
        found = [
            o
            for o in self._store.outreach.values()
            if o.details.topic in filters.topics
            and (filters.topic is None or o.details.topic is filters.topic)
            and (filters.case_id is None or o.details.case_id == filters.case_id)
            and (filters.date_from is None or o.held_on >= filters.date_from)
            and (filters.date_to is None or o.held_on <= filters.date_to)
        ]
        return list(reversed(found)), None


class FakeResponsePlans:
    """Plans as the scoped repository shows them: another unit's plan is not there."""

    def __init__(self, store: Store, held: Callable[[Callable[[], None]], None], scope: UnitScope) -> None:
        self._store = store
        self._held = held
        self._scope = scope

    def _visible(self, plan: ResponsePlan) -> bool:
        return self._scope.units is None or plan.unit in self._scope.units

    def get(self, plan_id: str, for_update: bool = False) -> ResponsePlan | None:
        plan = self._store.response_plans.get(plan_id)
        return copy.deepcopy(plan) if plan is not None and self._visible(plan) else None

    def add(self, plan: ResponsePlan) -> None:
        saved = copy.deepcopy(plan)
        self._held(lambda: self._store.response_plans.__setitem__(saved.id, saved))

    def add_directive(self, plan: ResponsePlan, directive: Directive) -> None:
        self._held(lambda: self._store.response_plans[plan.id].directives.append(directive))

    def add_task(self, task: Task) -> None:
        saved = copy.deepcopy(task)
        self._held(lambda: self._store.response_plans[task.plan_id].tasks.append(saved))

    def _stored_task(self, task: Task) -> Task:
        stored = self._store.response_plans[task.plan_id].task(task.id)
        assert stored is not None
        return stored

    def add_report(self, task: Task, report: TaskReport) -> None:
        def write() -> None:
            stored = self._stored_task(task)
            stored.reports.append(report)
            stored.completed_at, stored.completed_late = task.completed_at, task.completed_late

        self._held(write)

    def close(self, plan: ResponsePlan) -> None:
        def write() -> None:
            stored = self._store.response_plans[plan.id]
            stored.status, stored.closing = plan.status, plan.closing

        self._held(write)

    def page(self, status: str | None, reason: str | None, page: dict[str, Any]) -> tuple[list[ResponsePlan], Any]:
        plans = [
            copy.deepcopy(p)
            for p in reversed(self._store.response_plans.values())
            if self._visible(p) and status in (None, p.status.value) and reason in (None, p.reason.value)
        ]
        return plans[: page.get("limit") or 50], None

    def unannounced_overdue(self, today: date) -> list[Task]:
        return [
            copy.deepcopy(task)
            for plan in self._store.response_plans.values()
            if plan.status is PlanStatus.OPEN
            for task in plan.tasks
            if task.overdue_on(today) and task.overdue_announced_at is None
        ]

    def mark_announced(self, task: Task, at: datetime) -> bool:
        stored = self._stored_task(task)
        if stored.completed or stored.overdue_announced_at is not None:
            return False
        self._held(lambda: setattr(stored, "overdue_announced_at", at))
        return True


@dataclass(frozen=True)
class Duty:
    staff_id: str
    staff_name: str


class FakeRoster:
    def __init__(self) -> None:
        self.on_call: dict[str, Duty] = {}  # duty code → officer, at any time
        self.calendars: dict[str, WorkingCalendar] = {}  # unit → its calendar, the built-in one otherwise

    def calendar(self, unit: str) -> WorkingCalendar:
        return self.calendars.get(unit) or WorkingCalendar.default()

    def on_duty(self, unit: str, at: datetime, timezone: str, duties: Iterable[str]) -> Duty | None:
        return next((self.on_call[d] for d in duties if d in self.on_call), None)


class FakeIntakeUnitOfWork(FakeUnitOfWork):
    """One per test: each `with` block is a unit of work over the same `store`."""

    def __init__(self, vault: IdentityVault, scope: UnitScope, store: Store | None = None) -> None:
        super().__init__(scope, source="intake")
        self.store = store or Store()
        self._writes: list[Callable[[], None]] = []
        self.cases = FakeCases(self.store, self._writes.append)
        self.records = FakeRecords(self.store, self.cases, vault)
        self.papers = FakePapers(self.store, self._writes.append)
        self.register = FakeRegister(self.store, self._writes.append)
        self.roster = FakeRoster()
        # coordination (issue 19)
        self.enforcements = FakeEnforcements(self.store, self._writes.append)
        self.outreach = FakeOutreach(self.store, self._writes.append)
        self.response_plans = FakeResponsePlans(self.store, self._writes.append, scope)
        self.queries = FakeQueries(self.store)

    def __enter__(self) -> FakeIntakeUnitOfWork:
        self.committed = False
        return self

    def commit(self) -> None:
        writes, self._writes[:] = list(self._writes), []
        for write in writes:
            write()
        super().commit()

    def rollback(self) -> None:
        self._writes.clear()
        super().rollback()


def build_case(kind: Kind = Kind.COMPLAINT, status: str = "received", **overrides: Any) -> Case:
    """A case as the unit tests start from: a complaint received on 05/01/2026, with `overrides`."""
    fields = {
        "id": "c1",
        "unit": "bach-quang",
        "kind": kind,
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ 5",
        "party_related": False,
        "opened_at": datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
        "received_on": date(2026, 1, 5),
    }
    fields.update(overrides)
    case = Case(**fields)
    case.status = Status(status)
    return case
