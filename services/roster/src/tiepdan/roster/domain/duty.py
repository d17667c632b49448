"""Who is on duty at a moment: the kit's one rule (`tiepdan.kit.duty`) over the roster's assignments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tiepdan.kit.duty import DutyShift, days_to_look_at
from tiepdan.kit.duty import on_duty as shifts_on_duty
from tiepdan.roster.domain.roster import Assignment
from tiepdan.roster.domain.rules import Shift


def on_duty(
    at: datetime, assignments: Iterable[Assignment], shifts: Iterable[Shift], timezone: str
) -> list[Assignment]:
    """Assignments whose shift covers `at` (aware datetime): start inclusive, end exclusive."""
    by_code = {s.code: s for s in shifts}
    days = set(days_to_look_at(at, timezone))
    candidates = [
        DutyShift(a.date, by_code[a.shift].start, by_code[a.shift].end, a)
        for a in assignments
        if a.shift in by_code and a.date in days
    ]
    return sorted(shifts_on_duty(at, candidates, timezone), key=lambda a: (a.date, a.shift, a.staff_id))
