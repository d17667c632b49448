"""The calendar watch: a unit whose calendar ends soon gets a `calendar_missing` alert, once per missing year."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tiepdan.alerts.service.detecting import take_calendar_missing
from tiepdan.alerts.service.unit_of_work import AlertsWork


def watch_calendars(uow: AlertsWork, units: Iterable[str], now: datetime) -> int:
    """Check every unit (those with a calendar or rules of their own, and the deployment's); returns how many
    alerts were raised."""
    raised = 0
    for unit in sorted({*units, *uow.copies.units(), *uow.rules.units()}):
        if take_calendar_missing(uow, unit, now) is not None:
            raised += 1
    return raised
