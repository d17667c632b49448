"""The calendar watch: a unit whose calendar ends soon gets a `calendar_missing` alert, once per missing year."""

from __future__ import annotations

from collections.abc import Iterable

from tiepdan.alerts.service.context import Context
from tiepdan.alerts.service.detecting import take_calendar_missing


def watch_calendars(ctx: Context, units: Iterable[str]) -> int:
    """Check every unit (those with a calendar or rules of their own, and the deployment's); returns how many
    alerts were raised."""
    raised = 0
    for unit in sorted({*units, *ctx.store.units_with_settings()}):
        if take_calendar_missing(ctx, unit) is not None:
            raised += 1
    return raised
