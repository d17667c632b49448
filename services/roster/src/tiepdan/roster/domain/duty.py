"""Who is on duty at a moment: shifts are local (Asia/Ho_Chi_Minh) and a night shift ends the next morning."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tiepdan.roster.domain.roster import Assignment
from tiepdan.roster.domain.rules import Shift


def on_duty(
    at: datetime, assignments: Iterable[Assignment], shifts: Iterable[Shift], timezone: str
) -> list[Assignment]:
    """Assignments whose shift covers `at` (aware datetime): start inclusive, end exclusive."""
    if at.tzinfo is None:
        raise ValueError("`at` must carry a UTC offset")
    local = at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    by_code = {s.code: s for s in shifts}
    candidate_days = {local.date(), local.date() - timedelta(days=1)}
    found = []
    for a in assignments:
        shift = by_code.get(a.shift)
        if shift is not None and a.date in candidate_days and shift.starts_at(a.date) <= local < shift.ends_at(a.date):
            found.append(a)
    return sorted(found, key=lambda a: (a.date, a.shift, a.staff_id))
