"""Generating a report snapshot: figures from the projections, the form's files, the event, the delivery.

A snapshot is written once and never changed; the same period generated again gives a new snapshot with the
same figures (they are counted from the same facts by the same rules).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tiepdan.kit.contract import REPORT_TEMPLATES
from tiepdan.reports.adapters import metrics
from tiepdan.reports.adapters.files import render_csv, render_pdf, render_xlsx
from tiepdan.reports.adapters.orm import Delivery, ReportFile, ReportSnapshot
from tiepdan.reports.adapters.papers import render_paper
from tiepdan.reports.config import GENERATOR, ReportSettings
from tiepdan.reports.domain import daily
from tiepdan.reports.domain.access import Units, may_read
from tiepdan.reports.domain.coordination import coordination_counts
from tiepdan.reports.domain.figures import sum_figures
from tiepdan.reports.domain.forms import FormTable, form_table
from tiepdan.reports.domain.handling import tally_unit
from tiepdan.reports.domain.papers import plan_paper
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.plan import empty_plan_figures
from tiepdan.reports.domain.reception import ReceptionFigures
from tiepdan.reports.domain.ward_time import WARD_TZ, day_end, day_start
from tiepdan.reports.service.figures import chart_png
from tiepdan.reports.service.plan import plan_per_unit
from tiepdan.reports.service.unit_of_work import ReportsWork
from tiepdan.reports.service.units import display_name, unit_names

TEMPLATES = REPORT_TEMPLATES
#: a daily report lists each day of a special period; a month is the longest such period
MAX_DAILY_DAYS = 31
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class ReportError(ValueError):
    """A report that cannot be made as asked (the API answers 422)."""


@dataclass(frozen=True)
class ReportRequest:
    template: str
    period: Period
    #: the units covered: None for every unit (a province caller with "*")
    units: Units
    requested_by: str
    #: the unit the `reports.report.generated` event is stamped with (the caller's own)
    home_unit: str
    trigger: str = "api"
    deliver: bool = False

    @property
    def several_units(self) -> bool:
        return self.units is None or len(self.units) > 1


def _empty_figures(template: str, period: Period) -> dict[str, Any]:
    if template == "01/TCD":
        return ReceptionFigures().to_dict()
    if template == "02/XLD":
        return tally_unit([], {}, [], period)
    if template == "plan":
        return empty_plan_figures()
    return {
        "days": [
            daily.daily_figures(day, daily.register_counts({}, 0), [], [], {}, day_end(day)) for day in period.days()
        ]
    }


@dataclass(frozen=True)
class _Figures:
    """What a snapshot holds: a row per unit listed, and their total."""

    rows: list[tuple[str, dict[str, Any]]]
    total: dict[str, Any]
    cut_off: datetime


def _per_unit_figures(
    uow: ReportsWork, request: ReportRequest, settings: ReportSettings, cut_off: datetime
) -> dict[str, dict[str, Any]]:
    period, units = request.period, request.units
    if request.template == "01/TCD":
        found = uow.figures.reception_figures(units, period, settings.group_threshold)
        return {unit: figures.to_dict() for unit, figures in found.items()}
    if request.template == "02/XLD":
        return uow.figures.handling_figures(units, period)
    if request.template == "plan":
        return plan_per_unit(uow, units, period, settings.group_threshold, cut_off)
    return _daily_per_unit(uow, request, settings.group_threshold, cut_off)


def _daily_per_unit(
    uow: ReportsWork, request: ReportRequest, threshold: int, cut_off: datetime
) -> dict[str, dict[str, Any]]:
    """Each day's counts, the alerts open at its end (or at the cut-off, for today) and the cases overdue."""
    units, period = request.units, request.period
    counts = uow.figures.day_counts(units, period.start, period.end, threshold)
    plans, tasks = uow.figures.plans_and_tasks(units, day_start(period.start), cut_off)
    found = set(units or ()) | {unit for unit, _ in counts} | {plan.unit for plan in plans} | {t.unit for t in tasks}
    loaded = []
    for day in period.days():
        as_of = min(day_end(day), cut_off)
        alerts = uow.figures.open_alerts(units, as_of)
        deadlines, changes = uow.figures.deadlines_past(units, day)
        found |= {alert.unit for alert in alerts} | {deadline.unit for deadline in deadlines}
        loaded.append((day, as_of, alerts, deadlines, changes))
    return {
        unit: {
            "days": [
                {
                    **daily.daily_figures(
                        day,
                        counts.get((unit, day)) or daily.register_counts({}, 0),
                        [alert for alert in alerts if alert.unit == unit],
                        [deadline for deadline in deadlines if deadline.unit == unit],
                        changes,
                        as_of,
                    ),
                    "coordination": coordination_counts(
                        [plan for plan in plans if plan.unit == unit],
                        [task for task in tasks if task.unit == unit],
                        day_start(day),
                        day_end(day),
                        as_of,
                    ),
                }
                for day, as_of, alerts, deadlines, changes in loaded
            ]
        }
        for unit in sorted(found)
    }


def _sum_daily(documents: Sequence[Mapping[str, Any]], period: Period) -> dict[str, Any]:
    summed = []
    for index, day in enumerate(period.days()):
        parts = [{k: v for k, v in doc["days"][index].items() if k != "date"} for doc in documents]
        summed.append({"date": day.isoformat(), **sum_figures(parts, {})})
    return {"days": summed}


def _check(request: ReportRequest) -> None:
    if request.template not in TEMPLATES:
        raise ReportError(f"unknown template {request.template!r}; expected one of {', '.join(TEMPLATES)}")
    period = request.period
    if request.template == "daily" and (period.end - period.start) >= timedelta(days=MAX_DAILY_DAYS):
        raise ReportError(f"a daily report covers at most {MAX_DAILY_DAYS} days")


def _figures(uow: ReportsWork, settings: ReportSettings, request: ReportRequest, now: datetime) -> _Figures:
    period = request.period
    cut_off = min(now, day_end(period.end))
    per_unit = _per_unit_figures(uow, request, settings, cut_off)
    listed = sorted(request.units) if request.units is not None else sorted(per_unit)
    empty = _empty_figures(request.template, period)
    documents = [per_unit.get(unit, empty) for unit in listed]
    total = _sum_daily(documents, period) if request.template == "daily" else sum_figures(documents, empty)
    return _Figures(list(zip(listed, documents, strict=True)), total, cut_off)


def _notes(names: dict[str, str], listed: list[str], cut_off: datetime) -> list[str]:
    return [
        f"Đơn vị: {', '.join(display_name(names, unit) for unit in listed) if listed else 'tất cả'}",
        f"Số liệu chốt đến {cut_off.astimezone(WARD_TZ):%H:%M ngày %d/%m/%Y} (giờ Việt Nam) — {GENERATOR}",
    ]


def _table(request: ReportRequest, figures: _Figures, names: dict[str, str]) -> FormTable:
    period = request.period
    issuer = display_name(names, request.home_unit) if request.home_unit else ""
    if request.template == "daily":
        days = [(f"{day:%d/%m/%Y}", of_day) for day, of_day in zip(period.days(), figures.total["days"], strict=True)]
        return form_table("daily", period, days, None, issuer)
    printed = [(display_name(names, unit), unit_figures) for unit, unit_figures in figures.rows]
    return form_table(request.template, period, printed, figures.total if request.several_units else None, issuer)


def _pdf(
    uow: ReportsWork, settings: ReportSettings, request: ReportRequest, figures: _Figures, made: dict[str, bytes]
) -> bytes:
    """The form's PDF; the plan report's is its paper (NĐ 30/2020), its figures checked by the other files."""
    names = unit_names(uow)
    listed = [unit for unit, _ in figures.rows]
    if request.template == "plan":
        checksums = {fmt: hashlib.sha256(content).hexdigest() for fmt, content in made.items()}
        printed = [display_name(names, unit) for unit in listed] or [display_name(names, request.home_unit)]
        issued_on = figures.cut_off.astimezone(WARD_TZ).date()
        return render_paper(plan_paper(printed, request.period, figures.total, None, checksums, issued_on))
    notes = _notes(names, listed, figures.cut_off)
    chart = None
    if request.template != "02/XLD":
        chart = chart_png(uow, request.units, request.period, settings.group_threshold)
    return render_pdf(_table(request, figures, names), notes, figures.cut_off, chart)


def _files(
    uow: ReportsWork, settings: ReportSettings, request: ReportRequest, figures: _Figures, report_id: str
) -> list[ReportFile]:
    """The form as CSV, XLSX and PDF, each unit printed with its full name."""
    names = unit_names(uow)
    listed = [unit for unit, _ in figures.rows]
    notes = _notes(names, listed, figures.cut_off)
    table = _table(request, figures, names)
    contents = {"csv": render_csv(table), "xlsx": render_xlsx(table, notes, figures.cut_off)}
    contents["pdf"] = _pdf(uow, settings, request, figures, contents)
    return [
        ReportFile(
            report_id=report_id,
            format=fmt,
            media_type=MEDIA_TYPES[fmt],
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
        for fmt, content in contents.items()
    ]


def generate_report(
    uow: ReportsWork, settings: ReportSettings, request: ReportRequest, now: datetime
) -> ReportSnapshot:
    """Make the snapshot, its files, its delivery when asked and the `reports.report.generated` event; the caller
    commits (a scheduled report commits with its schedule's record)."""
    _check(request)
    started = time.perf_counter()
    figures = _figures(uow, settings, request, now)
    period = request.period
    report_id = str(uuid.uuid4())
    snapshot = ReportSnapshot(
        id=report_id,
        template=request.template,
        period=period.to_dict(),
        period_from=period.start,
        period_to=period.end,
        units=None if request.units is None else [unit for unit, _ in figures.rows],
        cut_off=figures.cut_off,
        generated_at=now,
        generator=GENERATOR,
        trigger=request.trigger,
        requested_by=request.requested_by,
        figures=figures.total,
        rows=[{"unit": unit, "figures": fig} for unit, fig in figures.rows] if request.several_units else None,
    )
    uow.snapshots.add(snapshot, _files(uow, settings, request, figures, report_id))
    if request.deliver and settings.webhook_url:
        uow.deliveries.add(
            Delivery(report_id=report_id, url=settings.webhook_url, status="pending", attempts=0, next_attempt_at=now)
        )
    uow.emit(
        "reports.report.generated",
        {
            "report_id": report_id,
            "template": request.template,
            "period": period.to_dict(),
            "cut_off": figures.cut_off.isoformat(),
            "units": snapshot.units,
        },
        unit=request.home_unit,
        aggregate_id=report_id,
    )
    metrics.REPORTS_GENERATED.labels(request.template, request.trigger).inc()
    metrics.REPORT_SECONDS.labels(request.template).observe(time.perf_counter() - started)
    return snapshot


def snapshot_document(snapshot: ReportSnapshot, files: Sequence[ReportFile]) -> dict[str, Any]:
    """The snapshot as the API and the province's webhook see it (files by link, each with its SHA-256)."""
    document: dict[str, Any] = {
        "id": snapshot.id,
        "template": snapshot.template,
        "period": snapshot.period,
        "units": snapshot.units,
        "cut_off": snapshot.cut_off.astimezone(UTC).isoformat(),
        "generated_at": snapshot.generated_at.astimezone(UTC).isoformat(),
        "generator": snapshot.generator,
        "trigger": snapshot.trigger,
        "figures": snapshot.figures,
        "files": {file.format: f"/api/v1/reports/{snapshot.id}/file.{file.format}" for file in files},
        "sha256": {file.format: file.sha256 for file in files},
    }
    if snapshot.rows is not None:
        document["rows"] = snapshot.rows
    return document


def make_report(uow: ReportsWork, settings: ReportSettings, request: ReportRequest, now: datetime) -> dict[str, Any]:
    """A report asked for through the API, returned as the province would receive it; the caller commits, with the
    request's answer."""
    snapshot = generate_report(uow, settings, request, now)
    return snapshot_document(snapshot, uow.snapshots.files_of(snapshot.id))


@dataclass(frozen=True)
class SnapshotPage:
    items: list[ReportSnapshot]
    next_cursor: str | None


def snapshot_page(uow: ReportsWork, visible: Units, template: str | None, args: Mapping[str, Any]) -> SnapshotPage:
    """Snapshots the caller may read, newest first; those of units the caller does not see are left out of the
    page rather than ending it early."""
    items, next_cursor = uow.snapshots.page(template, args)
    return SnapshotPage([snapshot for snapshot in items if may_read(snapshot.units, visible)], next_cursor)


def readable_snapshot(
    uow: ReportsWork, report_id: str, visible: Units
) -> tuple[ReportSnapshot, list[ReportFile]] | None:
    """The snapshot with its files, or None when it does not exist or covers a unit the caller does not see."""
    snapshot = uow.snapshots.get(report_id)
    if snapshot is None or not may_read(snapshot.units, visible):
        return None
    return snapshot, uow.snapshots.files_of(report_id)
