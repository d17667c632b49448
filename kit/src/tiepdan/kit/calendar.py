"""The working calendar: days off, make-up working days, special periods and day arithmetic.

Pure Python. Roster owns the data; intake and alerts keep a copy from `roster.calendar.changed`.
Counting follows Bộ luật Dân sự 2015, Art 147–148 (see docs/domain.md "Counting days").

Each year's days off are data (`data/calendar-<year>.json`, one document a year); a calendar is those years
merged (`merge_year`) and knows which years it covers: a date counted past them is provisional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
from importlib import resources
from typing import Any

CALENDAR_LISTS = ("days_off", "make_up_working_days", "special_periods", "events")
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEVELS = ("normal", "heightened", "critical")


class DayType(StrEnum):
    """How a legal period is counted."""

    WORKING = "working"
    CALENDAR = "calendar"


@dataclass(frozen=True)
class SpecialPeriod:
    start: date
    end: date
    level: str
    name: str

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class DayOff:
    start: date
    end: date
    name: str


@dataclass(frozen=True)
class WorkingCalendar:
    """A unit's calendar in the format of `calendar-2026.json`."""

    timezone: str = "Asia/Ho_Chi_Minh"
    working_week: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    working_hours: tuple[tuple[str, str], ...] = (("07:30", "11:30"), ("13:30", "17:00"))
    days_off: tuple[DayOff, ...] = ()
    make_up_days: frozenset[date] = frozenset()
    special_periods: tuple[SpecialPeriod, ...] = ()
    #: The years whose days off are known; any other year is counted as a plain Monday–Friday week.
    years: frozenset[int] = frozenset()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkingCalendar:
        """Build from the JSON document; raises ValueError naming the offending field."""
        try:
            week = frozenset(WEEKDAY_CODES.index(code) for code in data.get("working_week", WEEKDAY_CODES[:5]))
            days_off = tuple(
                DayOff(date.fromisoformat(d["from"]), date.fromisoformat(d["to"]), d.get("name", ""))
                for d in data.get("days_off", [])
            )
            make_up = frozenset(date.fromisoformat(d["date"]) for d in data.get("make_up_working_days", []))
            periods = tuple(
                SpecialPeriod(
                    date.fromisoformat(p["from"]),
                    date.fromisoformat(p["to"]),
                    p.get("level", "heightened"),
                    p.get("name", ""),
                )
                for p in data.get("special_periods", [])
            )
            hours = tuple((str(a), str(b)) for a, b in data.get("working_hours", cls.working_hours))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"invalid calendar: {exc}") from exc
        try:
            years = frozenset(calendar_years(data))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"invalid calendar: years: {exc}") from exc
        for p in periods:
            if p.level not in LEVELS:
                raise ValueError(f"invalid calendar: special period level {p.level!r} not in {LEVELS}")
            if p.end < p.start:
                raise ValueError(f"invalid calendar: special period {p.name!r} ends before it starts")
        for d in days_off:
            if d.end < d.start:
                raise ValueError(f"invalid calendar: day off {d.name!r} ends before it starts")
        return cls(
            timezone=data.get("timezone", "Asia/Ho_Chi_Minh"),
            working_week=week,
            working_hours=hours,
            days_off=days_off,
            make_up_days=make_up,
            special_periods=periods,
            years=years,
            raw=data,
        )

    @classmethod
    def default(cls) -> WorkingCalendar:
        """The built-in calendar: every year shipped in `data/`."""
        return cls.from_dict(default_calendar_data())

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)

    @cached_property
    def _off_dates(self) -> frozenset[date]:
        """Every date of every day off: deadline arithmetic asks about each day it steps over (a visit ~40 times)."""
        return frozenset(d.start + timedelta(days=i) for d in self.days_off for i in range((d.end - d.start).days + 1))

    def is_day_off(self, day: date) -> bool:
        return day in self._off_dates

    def is_working_day(self, day: date) -> bool:
        """Make-up working days (e.g. Saturday 10/1/2026) count even though they fall on a weekend."""
        if day in self.make_up_days:
            return True
        return day.weekday() in self.working_week and not self.is_day_off(day)

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The N-th working day after `start` (the start day itself is not counted; BLDS Art 147)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def add_calendar_days(self, start: date, n: int) -> date:
        """N calendar days after `start`; a last day that is a day off moves to the next working day (Art 148)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        return self.next_working_day(start + timedelta(days=n))

    def add_days(self, start: date, n: int, day_type: DayType | str) -> date:
        if DayType(day_type) is DayType.WORKING:
            return self.add_working_days(start, n)
        return self.add_calendar_days(start, n)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    @property
    def last_known_day(self) -> date | None:
        """31 December of the last year whose days off are known."""
        return date(max(self.years), 12, 31) if self.years else None

    def unknown_years(self, start: date, end: date) -> tuple[int, ...]:
        """The years from `start` to `end` whose days off this calendar does not know."""
        return tuple(year for year in range(start.year, end.year + 1) if year not in self.years)

    def provisional_reason(self, start: date, end: date) -> str | None:
        """Why a period counted from `start` to `end` may still move, or None when every day of it is known."""
        missing = self.unknown_years(start, end)
        if not missing:
            return None
        names = ", ".join(str(year) for year in missing)
        return (
            f"Tạm tính: chưa có lịch nghỉ lễ, Tết năm {names}; ngày này tính theo tuần làm việc thứ Hai – thứ Sáu "
            "và có thể thay đổi khi lịch được cập nhật."
        )

    def level_on(self, day: date) -> str:
        """The highest special-period level covering the day, `normal` outside every period."""
        best = 0
        for p in self.special_periods:
            if p.covers(day):
                best = max(best, LEVELS.index(p.level))
        return LEVELS[best]

    def periods_on(self, day: date) -> list[SpecialPeriod]:
        return [p for p in self.special_periods if p.covers(day)]

    def period_near(self, day: date, days_around: int) -> tuple[SpecialPeriod, bool] | None:
        """The special period the day falls in (True; the highest level, then the shortest, where several do),
        else the nearest one within `days_around` days of it (False)."""
        inside = self.periods_on(day)
        if inside:
            return min(inside, key=lambda p: (-LEVELS.index(p.level), p.end - p.start, p.start)), True
        margin = timedelta(days=days_around)
        near = [p for p in self.special_periods if p.start - margin <= day <= p.end + margin]
        if not near:
            return None
        return min(near, key=lambda p: (min(abs((p.start - day).days), abs((day - p.end).days)), p.start)), False


def calendar_years(data: dict[str, Any]) -> list[int]:
    """The years a calendar document covers: `years`, else its `year`, else (older documents) the years its
    entries start in."""
    if "years" in data:
        return sorted({int(year) for year in data["years"]})
    if data.get("year") is not None:
        return [int(data["year"])]
    return sorted({_starts_in(entry) for key in CALENDAR_LISTS for entry in data.get(key, [])})


def _starts_in(entry: dict[str, Any]) -> int:
    return date.fromisoformat(entry.get("from") or entry["date"]).year


def merge_year(calendar: dict[str, Any], year_document: dict[str, Any]) -> dict[str, Any]:
    """`calendar` with one year's document (`"year": 2028`) in place of what it knew of that year.

    An entry belongs to the year it starts in (a Tết Dương lịch from 31/12 belongs to the year before)."""
    year = int(year_document["year"])
    years = set(calendar_years(calendar)) | {year}
    merged: dict[str, Any] = {
        key: value for key, value in calendar.items() if key not in {*CALENDAR_LISTS, "year", "years", "basis"}
    }
    for key in ("timezone", "working_week", "working_hours"):
        if key in year_document:
            merged[key] = year_document[key]
    basis = calendar.get("basis")
    bases = dict(basis) if isinstance(basis, dict) else {str(y): basis for y in calendar_years(calendar) if basis}
    if year_document.get("basis"):
        bases[str(year)] = year_document["basis"]
    for key in CALENDAR_LISTS:
        kept = [entry for entry in calendar.get(key, []) if _starts_in(entry) != year]
        added = [entry for entry in year_document.get(key, []) if entry not in kept]
        merged[key] = sorted(kept + added, key=lambda entry: entry.get("from") or entry["date"])
    merged["years"] = sorted(years)
    merged["basis"] = dict(sorted(bases.items()))
    return merged


def shipped_years() -> list[int]:
    """The years with a `data/calendar-<year>.json` in the kit."""
    names = (entry.name for entry in resources.files("tiepdan.kit").joinpath("data").iterdir())
    return sorted(int(name[len("calendar-") : -len(".json")]) for name in names if name.startswith("calendar-"))


def year_calendar_data(year: int) -> dict[str, Any]:
    text = resources.files("tiepdan.kit").joinpath(f"data/calendar-{year}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def with_shipped_years(document: dict[str, Any]) -> dict[str, Any]:
    """A stored calendar, with every year shipped in the kit that it does not know yet (a unit that stored its
    2026 calendar still counts 2027's holidays once they ship); the years it knows stay as stored."""
    known = set(calendar_years(document))
    merged = document
    for year in shipped_years():
        if year not in known:
            merged = merge_year(merged, year_calendar_data(year))
    return merged


def default_calendar_data() -> dict[str, Any]:
    """Every shipped year merged into one calendar document."""
    years = shipped_years()
    merged = year_calendar_data(years[0])
    for year in years[1:]:
        merged = merge_year(merged, year_calendar_data(year))
    if "years" not in merged:
        merged = merge_year({key: value for key, value in merged.items() if key not in CALENDAR_LISTS}, merged)
    return merged
