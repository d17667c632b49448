"""Live figures, the chart, and the reconciliation with intake's register — read straight from the projections."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from tiepdan.reports.adapters import queries
from tiepdan.reports.adapters.charts import ChartData, DayPoint, render_chart
from tiepdan.reports.adapters.queries import Units
from tiepdan.reports.domain.forms import FIELD_LABELS
from tiepdan.reports.domain.reconciliation import reconcile

TOP_N = 8


def live_figures(session: Session, units: Units, start: date, end: date, by: str, threshold: int) -> dict[str, Any]:
    items = queries.figures_by(session, units, start, end, by, threshold)
    if by == "day":
        present = {item["key"] for item in items}
        empty = {"visits": 0, "persons": 0, "groups": 0, "group_persons": 0, "cases": 0, "petitions": 0}
        items += [{"key": day.isoformat(), **empty} for day in _days(start, end) if day.isoformat() not in present]
        items.sort(key=lambda item: item["key"])
    totals = {name: sum(item[name] or 0 for item in items) for name in ("visits", "persons", "groups", "group_persons")}
    return {"from": start.isoformat(), "to": end.isoformat(), "by": by, "items": items, "total": totals}


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def chart_png(session: Session, units: Units, start: date, end: date, threshold: int) -> bytes:
    by_day = queries.day_series(session, units, start, end, threshold)
    fields = queries.topic_visits(session, units, start, end, "field")
    areas = queries.topic_visits(session, units, start, end, "area")
    return render_chart(
        ChartData(
            title=f"Tiếp công dân từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
            days=[by_day.get(day) or DayPoint(day, 0, 0, 0) for day in _days(start, end)],
            top_fields=_top((FIELD_LABELS.get(field, field), visits) for field, visits in fields.items()),
            top_areas=_top((area or "(không rõ)", visits) for area, visits in areas.items()),
        )
    )


def _top(pairs: Any) -> list[tuple[str, int]]:
    return sorted((pair for pair in pairs if pair[1]), key=lambda pair: (-pair[1], pair[0]))[:TOP_N]


def reconciliation(session: Session, units: Units, start: date, end: date, threshold: int) -> dict[str, Any]:
    ours = queries.day_counts(session, units, start, end, threshold)
    register = queries.register_days(session, units, start, end)
    differences = reconcile(ours, register)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "days_with_register": len(register),
        "days_with_activity": len(ours),
        "matches": not differences,
        "differences": [difference.to_dict() for difference in differences],
    }
