"""Who is on duty at a moment, for every service: shifts are in the ward's local time, and one whose end is not
after its start (night 22:00–07:00) ends the next morning, so at 06:00 the officer on duty is the one whose
night shift began the evening before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

T = TypeVar("T")


@dataclass(frozen=True)
class DutyShift(Generic[T]):
    """One assignment to a shift on the day it starts; `of` is the caller's own record of it."""

    day: date
    start: time
    end: time
    of: T

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def span(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        end_day = self.day + timedelta(days=1) if self.crosses_midnight else self.day
        return datetime.combine(self.day, self.start, tzinfo=zone), datetime.combine(end_day, self.end, tzinfo=zone)


def days_to_look_at(at: datetime, timezone: str) -> tuple[date, date]:
    """The local day of `at` and the day before it: the only days a shift covering `at` can start on."""
    local_day = _aware(at).astimezone(ZoneInfo(timezone)).date()
    return local_day - timedelta(days=1), local_day


def on_duty(at: datetime, shifts: Iterable[DutyShift[T]], timezone: str) -> list[T]:
    """The records whose shift covers `at` (start inclusive, end exclusive), in the order given."""
    zone = ZoneInfo(timezone)
    moment = _aware(at)
    found = []
    for shift in shifts:
        start, end = shift.span(zone)
        if start <= moment < end:
            found.append(shift.of)
    return found


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("`at` must carry a UTC offset")
    return at
