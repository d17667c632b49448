"""The ward's clock: days start and end in Asia/Ho_Chi_Minh (docs/contract.md, "Conventions")."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WARD_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def ward_day(instant: datetime) -> date:
    """The ward's calendar day of an aware instant (08:30 +07:00 and 01:30Z are the same day)."""
    if instant.tzinfo is None:
        raise ValueError("instant must carry a UTC offset")
    return instant.astimezone(WARD_TZ).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=WARD_TZ)


def day_end(day: date) -> datetime:
    """The first instant after the day: a figure 'as of the end of the day' counts what happened before it."""
    return day_start(day + timedelta(days=1))
