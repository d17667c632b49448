"""What a use case works with: the unit of work, its store, the time, and the unit's rules and calendar."""

from __future__ import annotations

import os
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
        self.store = AlertStore(self.uow.session)

    def rules(self, unit: str) -> RuleSet:
        return self.store.rules(unit)

    def calendar(self, unit: str) -> WorkingCalendar:
        return self.store.calendar(unit)

    def publish(self, event_type: str, alert: Alert) -> None:
        """`alerts.alert.*` with the alert object as data, in the same transaction as the change."""
        self.uow.emit(event_type, alert.to_document(), unit=alert.unit, aggregate_id=alert.id)


def new_id() -> str:
    return str(uuid.uuid4())


def time_ordered_id(now: datetime) -> str:
    """A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds first, so ids sort by creation time.

    Alerts are listed newest first by id alone: one unique, sortable key for the cursor.
    """
    millis = int(now.timestamp() * 1000) & ((1 << 48) - 1)
    rand_a = int.from_bytes(os.urandom(2), "big") & 0xFFF
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))
