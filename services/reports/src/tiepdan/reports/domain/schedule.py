"""Which reports are due: `daily` on each day of a special period, 01/TCD and 02/XLD after each cut-off.

Basis: TT 06/2025/TT-TTCP (periodic reports after each cut-off) and the 2026 plan for heightened duty (daily
figures during congresses and elections). Looking a few days back lets a worker that was down catch up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.reports.domain.periods import CutOffRule, Period

PERIODIC_TEMPLATES = ("01/TCD", "02/XLD")
CATCH_UP_DAYS = 3


class AlreadyMade(Exception):
    """Another worker made this scheduled report first: its key is taken, so this one is not made again."""


@dataclass(frozen=True)
class ScheduledReport:
    key: str
    unit: str
    template: str
    period: Period


def due_reports(
    unit: str, calendar: WorkingCalendar, now: datetime, rule: CutOffRule, run_at: time
) -> list[ScheduledReport]:
    """Reports due for the unit at `now` (the ward's local time); `key` names each one once and for all."""
    today = now.date()
    due: list[ScheduledReport] = []
    for back in range(CATCH_UP_DAYS, -1, -1):
        day = today - timedelta(days=back)
        if day == today and now.time() < run_at:
            continue
        if calendar.level_on(day) != "normal":
            due.append(ScheduledReport(f"daily|{unit}|{day.isoformat()}", unit, "daily", Period(day, day, "daily")))
        for period in rule.windows_ending_on(day - timedelta(days=1)):
            for template in PERIODIC_TEMPLATES:
                key = f"{template}|{unit}|{period.kind}|{period.year}|{period.n or 0}"
                due.append(ScheduledReport(key, unit, template, period))
    return due


@dataclass(frozen=True)
class RetrySchedule:
    """Webhook retries: 30 s, 1 min, 2 min … capped at an hour, given up after `max_attempts`."""

    max_attempts: int = 10
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)

    def delay_after(self, attempts: int) -> timedelta:
        factor: int = 2 ** (attempts - 1)
        return min(self.first_delay * factor, self.max_delay)
