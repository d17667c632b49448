"""Live figures, the chart, and the reconciliation with intake's register — read straight from the projections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tiepdan.reports.adapters.charts import ChartData, DayPoint, render_chart
from tiepdan.reports.domain.access import Units
from tiepdan.reports.domain.figures import FigureRow
from tiepdan.reports.domain.forms import FIELD_LABELS
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.reconciliation import Difference, reconcile
from tiepdan.reports.service.unit_of_work import ReportsWork

TOP_N = 8
TOTALLED = ("visits", "persons", "groups", "group_persons")


@dataclass(frozen=True)
class LiveFigures:
    from_: str
    to: str
    by: str
    items: list[FigureRow]
    total: dict[str, int]


@dataclass(frozen=True)
class ReconciliationResult:
    from_: str
    to: str
    days_with_register: int
    days_with_activity: int
    matches: bool
    differences: list[Difference]


def live_figures(uow: ReportsWork, units: Units, period: Period, by: str, threshold: int) -> LiveFigures:
    """Grouped by `by`; by day, every day of the period has its row, days without activity too."""
    items = uow.figures.figures_by(units, period.start, period.end, by, threshold)
    if by == "day":
        present = {item.key for item in items}
        items += [FigureRow(day.isoformat()) for day in period.days() if day.isoformat() not in present]
        items.sort(key=lambda item: item.key or "")
    total = {name: sum(getattr(item, name) for item in items) for name in TOTALLED}
    return LiveFigures(period.start.isoformat(), period.end.isoformat(), by, items, total)


def chart_png(uow: ReportsWork, units: Units, period: Period, threshold: int) -> bytes:
    start, end = period.start, period.end
    by_day = uow.figures.day_series(units, start, end, threshold)
    fields = uow.figures.topic_visits(units, start, end, "field")
    areas = uow.figures.topic_visits(units, start, end, "area")
    return render_chart(
        ChartData(
            title=f"Tiếp công dân từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
            days=[by_day.get(day) or DayPoint(day, 0, 0, 0) for day in period.days()],
            top_fields=_top((FIELD_LABELS.get(field, field), visits) for field, visits in fields.items()),
            top_areas=_top((area or "(không rõ)", visits) for area, visits in areas.items()),
        )
    )


def _top(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted((pair for pair in pairs if pair[1]), key=lambda pair: (-pair[1], pair[0]))[:TOP_N]


def reconciliation(uow: ReportsWork, units: Units, period: Period, threshold: int) -> ReconciliationResult:
    ours = uow.figures.day_counts(units, period.start, period.end, threshold)
    register = uow.register_days.between(units, period.start, period.end)
    differences = reconcile(ours, register)
    return ReconciliationResult(
        from_=period.start.isoformat(),
        to=period.end.isoformat(),
        days_with_register=len(register),
        days_with_activity=len(ours),
        matches=not differences,
        differences=differences,
    )
