"""The figures chart (PNG) for the console and the PDF.

matplotlib's Agg backend, driven through Figure objects (no pyplot global state, so safe in a threaded server):
reportlab's renderPM would need rlPyCairo and the system cairo library, matplotlib's wheel needs nothing.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter, DayLocator, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: up to this many days each day gets its own bar and its groups' count written above it
DETAILED_DAYS = 62
#: at most this many dates under the days' axis
DATE_TICKS = 10


@dataclass(frozen=True)
class DayPoint:
    day: date
    visits: int
    persons: int
    groups: int


@dataclass(frozen=True)
class ChartData:
    title: str
    days: Sequence[DayPoint]
    top_fields: Sequence[tuple[str, int]]
    top_areas: Sequence[tuple[str, int]]


FIRST_DAY = date2num(date(1, 1, 1))
LAST_DAY = date2num(date(9999, 12, 31))


def render_chart(data: ChartData) -> bytes:
    figure = Figure(figsize=(11, 5.5), dpi=100)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 2, height_ratios=(3, 2), hspace=0.45, wspace=0.45)
    daily = figure.add_subplot(grid[0, :])
    days = [date2num(point.day) for point in data.days]
    visits = [point.visits for point in data.days]
    if len(days) <= DETAILED_DAYS:
        daily.bar(days, visits, color="#4c78a8", label="Lượt tiếp")
    else:  # one filled outline instead of hundreds of bars: a year draws as fast as a week
        daily.fill_between(days, visits, step="mid", color="#4c78a8", label="Lượt tiếp")
    daily.plot(days, [point.persons for point in data.days], color="#e45756", marker=".", label="Người")
    group_days = [point for point in data.days if point.groups]
    daily.scatter(
        [date2num(point.day) for point in group_days],
        [point.persons for point in group_days],
        marker="^",
        s=80,
        color="#f58518",
        zorder=3,
        label="Có đoàn đông người",
    )
    for point in group_days if len(days) <= DETAILED_DAYS else ():
        daily.annotate(
            str(point.groups), (date2num(point.day), point.persons), textcoords="offset points", xytext=(0, 7)
        )
    daily.xaxis_date()
    # whole days only, written as the pages write dates (dd/mm/yyyy): a short period would otherwise get hours
    daily.xaxis.set_major_locator(DayLocator(interval=max(1, int(days[-1] - days[0]) // DATE_TICKS + 1)))
    daily.xaxis.set_major_formatter(DateFormatter("%d/%m/%Y"))
    daily.yaxis.set_major_locator(MaxNLocator(integer=True))
    # matplotlib draws dates of years 1 to 9999 only: its automatic margin would step outside at either end
    daily.set_xlim(max(days[0] - 1, FIRST_DAY), min(days[-1] + 1, LAST_DAY))
    daily.set_title(data.title)
    daily.legend(loc="upper left", fontsize=8)
    daily.tick_params(axis="x", labelsize=7, rotation=30)
    for position, (heading, pairs) in enumerate((("Lĩnh vực", data.top_fields), ("Địa bàn", data.top_areas))):
        axis = figure.add_subplot(grid[1, position])
        labels = [label for label, _ in pairs][::-1]
        axis.barh(labels, [count for _, count in pairs][::-1], color="#54a24b")
        axis.set_title(f"{heading} nhiều lượt tiếp nhất", fontsize=9)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.2 of a visit
        axis.tick_params(labelsize=7)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
