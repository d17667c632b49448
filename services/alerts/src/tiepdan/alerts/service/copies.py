"""The local copies of roster's data: the working calendar and published duty rosters."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.duty import DutyRoster
from tiepdan.alerts.service.unit_of_work import AlertsWork
from tiepdan.kit.calendar import WorkingCalendar


def keep_calendar(uow: AlertsWork, unit: str, document: Mapping[str, Any], *, now: datetime) -> None:
    """An unusable calendar (unreadable, or an unknown time zone) is refused, never stored."""
    data = dict(document)
    ZoneInfo(WorkingCalendar.from_dict(data).timezone)
    uow.copies.put_calendar(unit, data, now)


def keep_roster(uow: AlertsWork, unit: str, document: Mapping[str, Any], *, now: datetime) -> None:
    """An unreadable roster raises `InvalidEventError`, never stored."""
    uow.copies.add_roster(unit, DutyRoster.from_event(document), document, now)
