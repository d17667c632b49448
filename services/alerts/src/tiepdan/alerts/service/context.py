"""What a use case works with: the unit of work, its store, the time, and the unit's rules and calendar."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from tiepdan.alerts.adapters.repository import AlertStore
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.uow import UnitOfWork


@dataclass
class Context:
    uow: UnitOfWork
    now: datetime
    store: AlertStore = field(init=False)

    def __post_init__(self) -> None:
        self.store = AlertStore.of(self.uow.session)

    def rules(self, unit: str) -> RuleSet:
        return self.store.rules(unit)

    def calendar(self, unit: str) -> WorkingCalendar:
        return self.store.calendar(unit)

    def publish(self, event_type: str, alert: Alert) -> None:
        """`alerts.alert.*` with the alert object as data, in the same transaction as the change."""
        self.uow.emit(event_type, alert.to_document(), unit=alert.unit, aggregate_id=alert.id)


def new_id() -> str:
    return str(uuid.uuid4())
