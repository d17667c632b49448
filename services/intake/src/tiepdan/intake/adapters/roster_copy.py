"""Intake's copy of roster data: each unit's working calendar and who is on duty when."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, datetime
from datetime import time as clock_time
from functools import cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tiepdan.intake.adapters.orm import CalendarRow, DutyRow
from tiepdan.kit.calendar import WorkingCalendar, with_shipped_years
from tiepdan.kit.db import utcnow
from tiepdan.kit.duty import DutyShift, days_to_look_at, on_duty

#: Web processes read the calendar on every registration; the worker changes it a few times a year. A process
#: keeps what it read for this long (the process that stores a new calendar forgets its copy at once).
CALENDAR_TTL_S = 30.0
_calendars: dict[tuple[str, str], tuple[float, WorkingCalendar]] = {}


@cache
def _built_in() -> WorkingCalendar:
    return WorkingCalendar.default()


class RosterCopy:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _key(self, unit: str) -> tuple[str, str]:
        return (str(self.session.get_bind().engine.url), unit)

    def calendar(self, unit: str) -> WorkingCalendar:
        key = self._key(unit)
        cached = _calendars.get(key)
        if cached is not None and time.monotonic() - cached[0] < CALENDAR_TTL_S:
            return cached[1]
        row = self.session.get(CalendarRow, unit)
        calendar = WorkingCalendar.from_dict(with_shipped_years(row.document)) if row else _built_in()
        _calendars[key] = (time.monotonic(), calendar)
        return calendar

    def save_calendar(self, unit: str, document: dict[str, Any]) -> None:
        _calendars.pop(self._key(unit), None)
        row = self.session.get(CalendarRow, unit)
        if row is None:
            self.session.add(CalendarRow(unit=unit, document=document, updated_at=utcnow()))
        else:
            row.document = document
            row.updated_at = utcnow()

    def on_duty(self, unit: str, at: datetime, timezone: str, duties: Iterable[str]) -> DutyRow | None:
        """The first officer of `duties` whose shift covers `at`, a night shift begun the evening before included."""
        rows = self.session.scalars(
            select(DutyRow)
            .where(DutyRow.unit == unit, DutyRow.day.in_(days_to_look_at(at, timezone)), DutyRow.duty.in_(list(duties)))
            .order_by(DutyRow.seq)
        )
        shifts = [
            DutyShift(row.day, clock_time.fromisoformat(row.starts), clock_time.fromisoformat(row.ends), row)
            for row in rows
        ]
        return next(iter(on_duty(at, shifts, timezone)), None)

    def replace_duty(self, unit: str, roster_id: str, days: set[date], rows: list[DutyRow]) -> None:
        """A published roster replaces what was known for the days it covers."""
        if days:
            self.session.execute(delete(DutyRow).where(DutyRow.unit == unit, DutyRow.day.in_(sorted(days))))
        for row in rows:
            row.unit, row.roster_id = unit, roster_id
            self.session.add(row)
