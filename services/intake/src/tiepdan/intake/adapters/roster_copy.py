"""Intake's copy of roster data: each unit's working calendar and who is on duty when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from datetime import time as clock_time
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, delete, select

from tiepdan.intake.adapters.orm import CalendarRow, DutyRow
from tiepdan.kit.calendar import WorkingCalendar, with_shipped_years
from tiepdan.kit.duty import DutyShift, days_to_look_at, on_duty
from tiepdan.kit.replica import Kept, OnCommitted, Replica
from tiepdan.kit.uow import OnWork, UnitOfWork

#: Web processes read the calendar on every registration; the worker changes it a few times a year. A process
#: keeps what it read for this long (the process that stores a new calendar forgets its copy at once).
CALENDAR_TTL_S = 30.0


@cache
def _built_in() -> WorkingCalendar:
    return WorkingCalendar.default()


def _calendar_of(document: dict[str, Any] | None) -> WorkingCalendar:
    return WorkingCalendar.from_dict(with_shipped_years(document)) if document else _built_in()


CALENDARS: Replica[dict[str, Any], WorkingCalendar] = Replica(_calendar_of, ttl_s=CALENDAR_TTL_S)


class _CalendarCopies(OnWork):
    """The `calendars` table as the kit's CopyStore; `updated_at` holds when roster changed the calendar."""

    def kept(self, key: str, *, for_update: bool = False) -> Kept[dict[str, Any]] | None:
        row = self.session.get(CalendarRow, key, with_for_update=for_update)
        return None if row is None else Kept(row.document, row.updated_at)

    def keep(self, key: str, document: dict[str, Any], changed_at: datetime) -> None:
        row = self.session.get(CalendarRow, key)
        if row is None:
            self.session.add(CalendarRow(unit=key, document=document, updated_at=changed_at))
        else:
            row.document, row.updated_at = document, changed_at


#: The database each engine reaches, the scope of the copies' cache.
_DATABASES: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()


class RosterCopy(OnWork):
    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow)
        self._calendars = _CalendarCopies(uow)

    @property
    def _database(self) -> str:
        engine = self._uow.engine
        database = _DATABASES.get(engine)
        if database is None:  # rendering the URL at every registration costs more than the look-up
            database = _DATABASES[engine] = str(engine.url)
        return database

    def calendar(self, unit: str) -> WorkingCalendar:
        return CALENDARS.read(self._calendars, unit, scope=self._database)

    def save_calendar(
        self, unit: str, document: dict[str, Any], changed_at: datetime, on_committed: OnCommitted
    ) -> bool:
        """Keep roster's calendar unless a later one is kept already; True when it was kept."""
        change = Kept(document, changed_at)
        return CALENDARS.apply(self._calendars, unit, change, scope=self._database, on_committed=on_committed)

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
