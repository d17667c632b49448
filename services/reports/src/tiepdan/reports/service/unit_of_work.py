"""The reports service's unit of work: one transaction with the repositories of every aggregate.

Convention of this service: the caller opens the unit (`with uow:`); a service function that changes something
commits it, except the projections, whose commit the event consumer makes together with the message's id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.adapters.charts import DayPoint
from tiepdan.reports.adapters.orm import (
    Delivery,
    ReportAddressee,
    ReportFile,
    ReportMail,
    ReportNarrative,
    ReportSnapshot,
)
from tiepdan.reports.adapters.repository import (
    AddresseeRepository,
    AlertRepository,
    CalendarCopyRepository,
    CaseRepository,
    DeliveryRepository,
    FigureRepository,
    MailRepository,
    NarrativeRepository,
    PetitionRepository,
    RegisterDayRepository,
    ScheduleRepository,
    SnapshotRepository,
    UnitNameRepository,
    VisitRepository,
    VisitRow,
)
from tiepdan.reports.domain import cases, daily
from tiepdan.reports.domain.access import Units
from tiepdan.reports.domain.figures import FigureRow
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.reception import ReceptionFigures


class Visits(Protocol):
    def record(self, burst: Sequence[VisitRow]) -> int: ...
    def case_of(self, visit_id: str) -> str | None: ...
    def correct(self, values: VisitRow) -> None: ...
    def move_case(self, merged: str, into: str) -> int: ...


class Petitions(Protocol):
    def add(self, values: Mapping[str, Any]) -> None: ...
    def correct(self, values: Mapping[str, Any]) -> None: ...
    def move_case(self, merged: str, into: str) -> None: ...


class Cases(Protocol):
    def add_change(self, values: Mapping[str, Any]) -> None: ...
    def set_deadline(self, deadline: cases.CaseDeadline, set_at: datetime) -> None: ...
    def keep_deadlines(self, case_id: str, names: Iterable[str], set_by: datetime) -> None: ...
    def drop_deadlines(self, case_id: str) -> None: ...
    def add_merge(self, values: Mapping[str, Any]) -> None: ...
    def merged_among(self, case_ids: Iterable[str]) -> list[str]: ...
    def merged_into(self, case_id: str) -> str | None: ...


class Alerts(Protocol):
    def get(self, alert_id: str) -> daily.AlertSeen | None: ...
    def save(self, alert: daily.AlertSeen) -> None: ...


class RegisterDays(Protocol):
    def close(self, unit: str, day: date, counts: Mapping[str, Any], closed_at: datetime) -> None: ...
    def between(self, units: Units, start: date, end: date) -> dict[tuple[str, date], dict[str, Any]]: ...


class CalendarCopy(Protocol):
    def apply(self, unit: str, document: Mapping[str, Any], changed_at: datetime) -> bool: ...
    def documents(self) -> dict[str, dict[str, Any]]: ...
    def units_heard_of(self) -> set[str]: ...


class UnitNames(Protocol):
    def names(self) -> dict[str, str]: ...
    def set(self, code: str, name: str, *, by: str, at: datetime) -> None: ...


class Snapshots(Protocol):
    def add(self, snapshot: ReportSnapshot, files: Sequence[ReportFile]) -> None: ...
    def get(self, report_id: str) -> ReportSnapshot | None: ...
    def files_of(self, report_id: str) -> list[ReportFile]: ...
    def page(self, template: str | None, args: Mapping[str, Any]) -> tuple[list[ReportSnapshot], str | None]: ...


class Deliveries(Protocol):
    def add(self, delivery: Delivery) -> None: ...
    def due(self, now: datetime, limit: int) -> list[str]: ...
    def get(self, report_id: str, *, for_update: bool = False) -> Delivery | None: ...


class Addressees(Protocol):
    def add(self, addressee: ReportAddressee) -> None: ...
    def page(
        self, recipient: str, units: Units, args: Mapping[str, Any]
    ) -> tuple[list[ReportAddressee], str | None]: ...


class Mails(Protocol):
    def add(self, mail: ReportMail) -> None: ...
    def claim_due(self, now: datetime, lease: timedelta, limit: int) -> list[tuple[str, str]]: ...
    def get(self, report_id: str, address: str) -> ReportMail | None: ...
    def of_reports(self, report_ids: Iterable[str]) -> list[ReportMail]: ...


class Narratives(Protocol):
    def add(self, narrative: ReportNarrative) -> None: ...
    def latest(self, report_id: str) -> ReportNarrative | None: ...


class Schedule(Protocol):
    def made(self, key: str) -> bool: ...
    def add(self, key: str, report_id: str, at: datetime) -> None: ...


class Figures(Protocol):
    def reception_figures(self, units: Units, period: Period, threshold: int) -> dict[str, ReceptionFigures]: ...
    def handling_figures(self, units: Units, period: Period) -> dict[str, dict[str, Any]]: ...
    def day_counts(
        self, units: Units, start: date, end: date, threshold: int
    ) -> dict[tuple[str, date], dict[str, Any]]: ...
    def figures_by(self, units: Units, start: date, end: date, by: str, threshold: int) -> list[FigureRow]: ...
    def day_series(self, units: Units, start: date, end: date, threshold: int) -> dict[date, DayPoint]: ...
    def topic_visits(self, units: Units, start: date, end: date, dimension: str) -> dict[str, int]: ...
    def open_alerts(self, units: Units, at: datetime) -> list[daily.AlertFact]: ...
    def alerts_raised(self, units: Units, start: datetime, end: datetime) -> list[daily.AlertFact]: ...
    def cases_by_kind(self, units: Units, start: date, end: date) -> dict[str, dict[str, int]]: ...
    def deadlines_past(
        self, units: Units, day: date
    ) -> tuple[list[cases.CaseDeadline], dict[str, list[cases.CaseChange]]]: ...


class ReportsWork(Protocol):
    """What the service layer uses of a unit of work: the real one and `tests/fakes.py`'s both fit."""

    @property
    def visits(self) -> Visits: ...
    @property
    def petitions(self) -> Petitions: ...
    @property
    def cases(self) -> Cases: ...
    @property
    def alerts(self) -> Alerts: ...
    @property
    def register_days(self) -> RegisterDays: ...
    @property
    def calendars(self) -> CalendarCopy: ...
    @property
    def unit_names(self) -> UnitNames: ...
    @property
    def snapshots(self) -> Snapshots: ...
    @property
    def deliveries(self) -> Deliveries: ...
    @property
    def addressees(self) -> Addressees: ...
    @property
    def mails(self) -> Mails: ...
    @property
    def narratives(self) -> Narratives: ...
    @property
    def schedule(self) -> Schedule: ...
    @property
    def figures(self) -> Figures: ...

    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...
    def on_committed(self, callback: Callable[[], None]) -> None: ...
    def commit(self) -> None: ...


class ReportsUnitOfWork(UnitOfWork):
    visits: VisitRepository
    petitions: PetitionRepository
    cases: CaseRepository
    alerts: AlertRepository
    register_days: RegisterDayRepository
    calendars: CalendarCopyRepository
    unit_names: UnitNameRepository
    snapshots: SnapshotRepository
    deliveries: DeliveryRepository
    addressees: AddresseeRepository
    mails: MailRepository
    narratives: NarrativeRepository
    schedule: ScheduleRepository
    figures: FigureRepository

    def __enter__(self) -> ReportsUnitOfWork:
        super().__enter__()
        session = self.session
        self.visits = VisitRepository(session)
        self.petitions = PetitionRepository(session)
        self.cases = CaseRepository(session)
        self.alerts = AlertRepository(session)
        self.register_days = RegisterDayRepository(session)
        self.calendars = CalendarCopyRepository(session)
        self.unit_names = UnitNameRepository(session)
        self.snapshots = SnapshotRepository(session)
        self.deliveries = DeliveryRepository(session)
        self.addressees = AddresseeRepository(session)
        self.mails = MailRepository(session)
        self.narratives = NarrativeRepository(session)
        self.schedule = ScheduleRepository(session)
        self.figures = FigureRepository(session)
        return self


def reports_work(uow: UnitOfWork) -> ReportsUnitOfWork:
    """The kit hands handlers and requests its base type; reports' `ServiceSpec` makes every unit this one."""
    if not isinstance(uow, ReportsUnitOfWork):
        raise TypeError(f"expected the reports unit of work, got {type(uow).__name__}")
    return uow
