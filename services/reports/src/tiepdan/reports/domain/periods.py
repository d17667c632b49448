"""Report periods and their cut-off windows.

Basis: TT 06/2025/TT-TTCP — quarter, 6 months, 9 months, year, windows from the 15th to the 14th (configurable).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    HALF_YEAR = "6m"
    NINE_MONTHS = "9m"
    YEAR = "year"


#: the calendar months each periodic report covers before the cut-off shift
_MONTH_SPANS: dict[PeriodKind, int] = {
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.NINE_MONTHS: 9,
    PeriodKind.YEAR: 12,
}


@dataclass(frozen=True)
class Period:
    """An inclusive range of the ward's days, with the kind of report it belongs to."""

    start: date
    end: date
    kind: str = "custom"
    year: int | None = None
    n: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> Iterator[date]:
        for offset in range((self.end - self.start).days + 1):  # stepping past 31/12/9999 would overflow
            yield self.start + timedelta(days=offset)

    def to_dict(self) -> dict[str, object]:
        described: dict[str, object] = {"from": self.start.isoformat(), "to": self.end.isoformat(), "kind": self.kind}
        if self.year is not None:
            described["year"] = self.year
        if self.n is not None:
            described["n"] = self.n
        return described


@dataclass(frozen=True)
class CutOffRule:
    """Where periodic windows begin: the 15th of the month before by default; 1 gives plain calendar months."""

    first_day: int = 15

    def __post_init__(self) -> None:
        if not 1 <= self.first_day <= 28:
            raise ValueError("cut-off first day must be between 1 and 28")

    def _month_start(self, year: int, month: int) -> date:
        """The first day of the window that stands for calendar month (year, month)."""
        if self.first_day == 1:
            return date(year, month, 1)
        if month == 1:
            return date(year - 1, 12, self.first_day)
        return date(year, month - 1, self.first_day)

    def window(self, kind: PeriodKind | str, year: int, n: int | None = None) -> Period:
        """The window of a periodic report; `n` is the quarter (1–4) and is ignored for the other kinds."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.QUARTER:
            if n is None or not 1 <= n <= 4:
                raise ValueError("a quarter needs n between 1 and 4")
            first_month, months = 3 * (n - 1) + 1, 3
        else:
            first_month, months, n = 1, _MONTH_SPANS[kind], None
        after_month = first_month + months
        after_year = year + (after_month - 1) // 12
        after_month = (after_month - 1) % 12 + 1
        end = self._month_start(after_year, after_month) - timedelta(days=1)
        return Period(self._month_start(year, first_month), end, kind.value, year, n)

    def windows_ending_on(self, day: date) -> list[Period]:
        """Every periodic window whose last day is `day`: what becomes due once that day is over."""
        years = (day.year, day.year + 1)
        candidates = [self.window(PeriodKind.QUARTER, year, quarter) for year in years for quarter in (1, 2, 3, 4)]
        candidates += [
            self.window(kind, year)
            for kind in (PeriodKind.HALF_YEAR, PeriodKind.NINE_MONTHS, PeriodKind.YEAR)
            for year in years
        ]
        return [period for period in candidates if period.end == day]
