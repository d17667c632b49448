"""The alerts unit of work: the kit's transaction and outbox, with the service's repositories.

`AlertsWork` is what service functions are typed with: `AlertsUnitOfWork` (SQL) and the tests'
`FakeAlertsUnitOfWork` (in memory) both fit it, which mypy checks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy.exc import IntegrityError

from tiepdan.alerts.adapters.repository import (
    CONFIG,
    AlertFilter,
    AlertRepository,
    CopyRepository,
    DeliveryRepository,
    RuleRepository,
    SightingRepository,
    SilenceRepository,
    SourceOfRun,
)
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Delivery, Notice
from tiepdan.alerts.domain.duty import DutyRoster
from tiepdan.alerts.domain.kinds import Kind
from tiepdan.alerts.domain.muting import Silence
from tiepdan.alerts.domain.observations import Contribution
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.alerts.service.errors import ConcurrentChange
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.events import Envelope
from tiepdan.kit.idempotency import is_key_clash
from tiepdan.kit.replica import OnCommitted
from tiepdan.kit.uow import UnitOfWork


class Sightings(Protocol):
    def prepare(self, run: Sequence[SourceOfRun], window: Callable[[str], timedelta | None]) -> None: ...
    def remember(self, unit: str, contribution: Contribution, group_key: str | None) -> bool: ...
    def lock_topic(self, unit: str, group_key: str) -> None: ...
    def near(self, unit: str, group_key: str, at: datetime, window: timedelta) -> list[Contribution]: ...


class Alerts(Protocol):
    def active(self, unit: str, kind: Kind, group_key: str) -> Alert | None: ...
    def active_for(self, unit: str, keys: Collection[tuple[Kind, str]]) -> dict[tuple[Kind, str], Alert]: ...
    def active_of_kinds(self, unit: str, kinds: Collection[Kind]) -> list[Alert]: ...
    def active_everywhere(self, kinds: Collection[Kind]) -> list[Alert]: ...
    def counted(self, alert_id: str, source_ids: Iterable[str]) -> frozenset[str]: ...
    def get(self, alert_id: str, *, for_update: bool = False) -> Alert | None: ...
    def save(self, alert: Alert, now: datetime) -> None: ...
    def page(self, query: AlertFilter) -> tuple[list[Alert], str | None]: ...
    def count(self, query: AlertFilter) -> int: ...
    def count_groups(self, query: AlertFilter, by: Sequence[str]) -> list[dict[str, Any]]: ...
    def told_page(
        self, kinds: Collection[Kind], receivers: Collection[str], limit: int | None, cursor: str | None
    ) -> tuple[list[Alert], str | None]: ...
    def due_for_timers(self, rule_sets: Collection[RuleSet], now: datetime) -> list[Alert]: ...
    def active_counts(self) -> dict[tuple[str, str, str], int]: ...


class Rules(Protocol):
    def get(self, unit: str) -> RuleSet: ...
    def all(self) -> list[RuleSet]: ...
    def units(self) -> set[str]: ...
    def put(self, unit: str, rules: RuleSet, by: str, now: datetime) -> None: ...


class Copies(Protocol):
    def calendar(self, unit: str) -> WorkingCalendar: ...
    def units(self) -> set[str]: ...
    def put_calendar(
        self, unit: str, document: Mapping[str, Any], changed_at: datetime, on_committed: OnCommitted
    ) -> bool: ...
    def add_roster(
        self,
        unit: str,
        roster: DutyRoster,
        document: Mapping[str, Any],
        published_at: datetime,
        on_committed: OnCommitted,
    ) -> None: ...
    def rosters_covering(self, unit: str, day: date) -> tuple[DutyRoster, ...]: ...


class Silences(Protocol):
    def add(self, silence: Silence) -> None: ...
    def in_force(self, unit: str, now: datetime) -> list[Silence]: ...
    def listing(self, unit: str | None = None, ending_after: datetime | None = None) -> list[Silence]: ...
    def get(self, silence_id: str) -> Silence | None: ...
    def expire(self, silence: Silence, now: datetime) -> None: ...


class Deliveries(Protocol):
    def add(self, unit: str, delivery: Delivery) -> None: ...
    def record_attempts(self, deliveries: Collection[Delivery]) -> None: ...
    def claim_due(self, now: datetime, lease: timedelta, limit: int) -> list[tuple[str, Delivery]]: ...
    def of_alert(self, alert_id: str) -> list[Delivery]: ...
    def notices(self, alert_ids: Collection[str], receivers: Collection[str]) -> dict[str, list[Notice]]: ...


class AlertsWork(Protocol):
    # read-only members, so a unit of work whose repositories are of narrower types (SQL, in memory) fits
    @property
    def sightings(self) -> Sightings: ...
    @property
    def alerts(self) -> Alerts: ...
    @property
    def rules(self) -> Rules: ...
    @property
    def copies(self) -> Copies: ...
    @property
    def silences(self) -> Silences: ...
    @property
    def deliveries(self) -> Deliveries: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...
    def commit(self) -> None: ...
    def on_committed(self, callback: Callable[[], None]) -> None: ...


class AlertsUnitOfWork(UnitOfWork):
    sightings: SightingRepository
    alerts: AlertRepository
    rules: RuleRepository
    copies: CopyRepository
    silences: SilenceRepository
    deliveries: DeliveryRepository

    def __enter__(self) -> Self:
        super().__enter__()
        self.sightings = SightingRepository(self.session)
        self.alerts = AlertRepository(self.session)
        self.rules = RuleRepository(self.session, CONFIG)
        self.copies = CopyRepository(self.session, CONFIG)
        self.silences = SilenceRepository(self.session, CONFIG)
        self.deliveries = DeliveryRepository(self.session)
        return self

    def commit(self) -> None:
        """A second active alert for one key is refused by the database's index: the caller may try again. A
        request's Idempotency-Key recorded meanwhile by its retry is the kit's to answer, not a conflict."""
        try:
            super().commit()
        except IntegrityError as exc:
            if is_key_clash(exc):
                raise
            raise ConcurrentChange(str(exc.orig)) from exc


def alerts_work(uow: UnitOfWork) -> AlertsUnitOfWork:
    """The unit of work the kit hands out (a request's, a handler's, a timer's) is the service's own, as
    `ServiceSpec.unit_of_work` declares: this says so to the type checker, and fails loudly if it is not."""
    if not isinstance(uow, AlertsUnitOfWork):
        raise TypeError(f"alerts needs an AlertsUnitOfWork, got {type(uow).__name__}")
    return uow
