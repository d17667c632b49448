"""The local copies of roster's data: the working calendar and published duty rosters.

Events arrive at least once and in no guaranteed order, so each copy is ordered by when roster made the change
(`occurred`), never by when it arrived here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.duty import DutyRoster
from tiepdan.alerts.service.unit_of_work import AlertsWork
from tiepdan.kit.calendar import WorkingCalendar


def keep_calendar(uow: AlertsWork, unit: str, document: Mapping[str, Any], *, changed_at: datetime) -> bool:
    """An unusable calendar (unreadable, or an unknown time zone) is refused, never stored; one older than the
    copy (a late redelivery) is ignored. True when the copy took it."""
    data = dict(document)
    ZoneInfo(WorkingCalendar.from_dict(data).timezone)
    return uow.copies.put_calendar(unit, data, changed_at, uow.on_committed)


def keep_roster(uow: AlertsWork, unit: str, document: Mapping[str, Any], *, published_at: datetime) -> None:
    """An unreadable roster raises `InvalidEventError`, never stored."""
    uow.copies.add_roster(unit, DutyRoster.from_event(document), document, published_at, uow.on_committed)
