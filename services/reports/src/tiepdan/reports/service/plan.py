"""The figures of the report on carrying out the plan (plan III.2) for each unit covered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tiepdan.kit.calendar import WorkingCalendar, with_shipped_years
from tiepdan.reports.domain.access import Units
from tiepdan.reports.domain.coordination import coordination_counts
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.plan import alerts_raised, plan_figures
from tiepdan.reports.domain.ward_time import day_end, day_start
from tiepdan.reports.service.unit_of_work import ReportsWork


def special_days(calendar: WorkingCalendar, period: Period) -> int:
    return sum(1 for day in period.days() if calendar.level_on(day) != "normal")


def plan_per_unit(
    uow: ReportsWork, units: Units, period: Period, threshold: int, cut_off: datetime
) -> dict[str, dict[str, Any]]:
    """Receptions and groups from the day counts, cases by kind, alerts raised by kind, the special-period days of
    the unit's calendar copy (the shipped calendar for a unit that never sent one), and the response plans and
    tasks of the period (the tasks overdue as of the cut-off)."""
    counts = uow.figures.day_counts(units, period.start, period.end, threshold)
    cases = uow.figures.cases_by_kind(units, period.start, period.end)
    start, end = day_start(period.start), day_end(period.end)
    alerts = uow.figures.alerts_raised(units, start, end)
    plans, tasks = uow.figures.plans_and_tasks(units, start, end)
    calendars = uow.calendars.documents()
    found = set(units or ()) | {unit for unit, _ in counts} | set(cases) | {alert.unit for alert in alerts}
    found |= {plan.unit for plan in plans} | {task.unit for task in tasks}
    figures: dict[str, dict[str, Any]] = {}
    for unit in sorted(found):
        calendar = (
            WorkingCalendar.from_dict(with_shipped_years(calendars[unit]))
            if unit in calendars
            else WorkingCalendar.default()
        )
        figures[unit] = plan_figures(
            [day_counts for (of_unit, _day), day_counts in counts.items() if of_unit == unit],
            cases.get(unit, {}),
            alerts_raised([alert for alert in alerts if alert.unit == unit], start, end),
            special_days(calendar, period),
            coordination_counts(
                [plan for plan in plans if plan.unit == unit],
                [task for task in tasks if task.unit == unit],
                start,
                end,
                cut_off,
            ),
        )
    return figures
