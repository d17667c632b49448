"""Reports: live figures for a period with charts by day, field and area; generating 01/TCD, 02/XLD and the daily
report; past snapshots with their checksums and files; the reconciliation with intake's register; the Chairman's
inbox of daily reports of special periods. Everything through reports' public API, with the person's token."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from functools import partial
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from ..adapters.services import ServiceUnavailable
from ..domain import access
from .case_terms import RECEPTION_LABELS
from .context import console, person_token, roles_required
from .duty_forms import ReportForm
from .labels import FIELD_LABELS, ward_name
from .together import at_once
from .upstream import WARD_TIME, fetch, parse_day, relay_file

blueprint = Blueprint("reports", __name__, url_prefix="/reports")

#: the figures the page charts, each a list of rows keyed by day, field or area
BREAKDOWNS = {"day": _l("Theo ngày"), "field": _l("Theo lĩnh vực"), "area": _l("Theo địa bàn")}
METRICS = {
    "visits": _l("Lượt tiếp"),
    "persons": _l("Người được tiếp"),
    "groups": _l("Đoàn đông người"),
    "group_persons": _l("Người trong đoàn"),
    "cases": _l("Vụ việc"),
    "petitions": _l("Đơn thư"),
}
TEMPLATE_LABELS = {
    "01/TCD": _l("Biểu 01/TCD"),
    "02/XLD": _l("Biểu 02/XLD"),
    "daily": _l("Báo cáo ngày"),
    "plan": _l("Báo cáo kết quả thực hiện kế hoạch"),
}
MAIL_LABELS = {
    "pending": _l("Chờ gửi"),
    "sending": _l("Đang gửi"),
    "retrying": _l("Gửi lại sau"),
    "sent": _l("Đã gửi"),
    "failed": _l("Không gửi được"),
}
INBOX_PAGE = 20
TRIGGER_LABELS = {"api": _l("Theo yêu cầu"), "schedule": _l("Theo lịch")}
FORMATS = ("csv", "xlsx", "pdf")
SNAPSHOT_PAGE = 20
#: the longest span the reports API charts (its MAX_RANGE_DAYS)
MAX_RANGE_DAYS = 731
CHART_WIDTH = 640
LABEL_WIDTH = 320
BAR_HEIGHT = 30
COLUMN_HEIGHT = 160
MAX_COLUMN_WIDTH = 28


@blueprint.context_processor
def _labels() -> dict[str, Any]:
    return {
        "metrics": METRICS,
        "template_labels": TEMPLATE_LABELS,
        "trigger_labels": TRIGGER_LABELS,
        "ward_name": ward_name,
        "row_label": row_label,
        "metric_label": metric_label,
    }


def row_label(by: str, key: str | None) -> str:
    """A field or area row's name: a field in the official terms, an area as the clerk wrote it."""
    if not key:
        return "—"
    return str(FIELD_LABELS.get(key, key)) if by == "field" else key


def metric_label(path: str) -> str:
    """A reconciled count's name (reports' reconciliation flattens the register's summary into dotted paths):
    `visits` → "Lượt tiếp", `by_reception.regular.persons` → "Người được tiếp (thường xuyên)"."""
    match path.split("."):
        case ["by_reception", reception, metric]:
            reception_name = str(RECEPTION_LABELS.get(reception, reception)).lower()
            return f"{METRICS.get(metric, metric)} ({reception_name})"
        case _:
            return str(METRICS.get(path, path))


def _period_asked() -> tuple[date, date, list[str]]:
    """`?from=&to=` (yyyy-mm-dd or dd/mm/yyyy); nonsense gives this month so far, with a message."""
    today = datetime.now(WARD_TIME).date()
    start, end = today.replace(day=1), today
    messages = []
    asked_from, asked_to = request.args.get("from"), request.args.get("to")
    if asked_from or asked_to:
        parsed_from, parsed_to = parse_day(asked_from), parse_day(asked_to)
        if parsed_from is None or parsed_to is None:
            messages.append(_("Khoảng thời gian không hợp lệ (dd/mm/yyyy); đang xem tháng này."))
        elif parsed_to < parsed_from:
            messages.append(_("Ngày kết thúc trước ngày bắt đầu; đang xem tháng này."))
        elif (parsed_to - parsed_from).days >= MAX_RANGE_DAYS:
            messages.append(_("Khoảng thời gian tối đa %(days)s ngày; đang xem tháng này.", days=MAX_RANGE_DAYS))
        else:
            start, end = parsed_from, parsed_to
    return start, end, messages


def bars(rows: list[dict[str, Any]], metric: str, by: str, limit: int = 12) -> dict[str, Any]:
    """A horizontal bar chart's geometry (fields, areas): the largest rows first, scaled to the largest value."""
    shown = sorted((row for row in rows if row.get(metric)), key=lambda row: -int(row.get(metric) or 0))[:limit]
    largest = max((int(row.get(metric) or 0) for row in shown), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 50
    drawn = [
        {
            "label": row_label(by, row.get("key")),
            "value": int(row.get(metric) or 0),
            "y": index * BAR_HEIGHT,
            "length": round(span * int(row.get(metric) or 0) / largest, 1),
        }
        for index, row in enumerate(shown)
    ]
    return {"kind": "bars", "items": drawn, "height": max(1, len(drawn)) * BAR_HEIGHT}


def columns(rows: list[dict[str, Any]], metric: str) -> dict[str, Any]:
    """A column chart's geometry (days in order): one column per day, labelled dd/mm under every few columns."""
    largest = max((int(row.get(metric) or 0) for row in rows), default=0)
    if not largest:
        return {"kind": "columns", "items": [], "height": 0}
    step = (CHART_WIDTH - 40) / max(1, len(rows))
    every = max(1, round(len(rows) / 10))
    drawn = []
    for index, row in enumerate(rows):
        value = int(row.get(metric) or 0)
        height = round(COLUMN_HEIGHT * value / largest, 1)
        key = str(row.get("key") or "")
        drawn.append(
            {
                "label": f"{key[8:10]}/{key[5:7]}" if len(key) >= 10 else key,
                "show_label": index % every == 0,
                "value": value,
                "x": round(30 + index * step, 1),
                "width": round(min(MAX_COLUMN_WIDTH, max(1.0, step * 0.8)), 1),
                "y": round(COLUMN_HEIGHT - height + 10, 1),
                "height": height,
            }
        )
    return {"kind": "columns", "items": drawn, "height": COLUMN_HEIGHT + 40}


def _chart(by: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return columns(rows, "visits") if by == "day" else bars(rows, "visits", by)


@blueprint.get("")
@roles_required(*access.REPORTS)
def overview() -> Any:
    start, end, problems = _period_asked()
    window = {"from": start.isoformat(), "to": end.isoformat()}
    *read, reconciliation, snapshots = at_once(
        *(partial(fetch, "reports", "GET", "/api/v1/figures", params={**window, "by": by}) for by in BREAKDOWNS),
        partial(fetch, "reports", "GET", "/api/v1/reconciliation", params=window),
        partial(fetch, "reports", "GET", "/api/v1/reports", params={"limit": SNAPSHOT_PAGE}),
    )
    refused = next((figures.problem for figures in read if not figures.ok), None)
    # the page's charts and tables are every breakdown or none
    breakdowns: dict[str, Any] = {} if refused else {by: f.body for by, f in zip(BREAKDOWNS, read, strict=True)}
    if refused:
        problems.append(refused)
        reconciliation = snapshots = None
    form = ReportForm(formdata=None, year=start.year, start=start, end=end)
    return render_template(
        "reports/overview.html",
        start=start,
        end=end,
        breakdowns=breakdowns,
        breakdown_labels=BREAKDOWNS,
        charts={by: _chart(by, body.get("items") or []) for by, body in breakdowns.items()},
        chart_width=CHART_WIDTH,
        label_width=LABEL_WIDTH,
        reconciliation=reconciliation,
        snapshots=snapshots,
        form=form,
        problems=[p for p in dict.fromkeys(problems) if p],
    )


@blueprint.post("")
@roles_required(*access.REPORTS)
def generate() -> Any:
    form = ReportForm()
    if form.validate_on_submit():
        body = {"template": form.template.data, "period": form.period()}
        made = fetch("reports", "POST", "/api/v1/reports", body=body)
        if made.ok:
            flash(_("Đã lập báo cáo."), "success")
            return redirect(f"/reports/{made.body['id']}")
        flash(_("Không lập được báo cáo: %(problem)s", problem=made.problem), "error")
    else:
        flash(_("Biểu mẫu lập báo cáo chưa hợp lệ: xem các ô được đánh dấu."), "error")
    return render_template("reports/generate.html", form=form), 422


@blueprint.get("/bao-cao-chu-tich")
@roles_required(*access.LEADER_DAY)
def chairman_inbox() -> Any:
    """The daily reports of special periods addressed to the Chairman, the latest days first, each with the ward
    office's situation and proposals and how its e-mails went."""
    params: dict[str, Any] = {"limit": INBOX_PAGE}
    if request.args.get("cursor"):
        params["cursor"] = request.args["cursor"]
    inbox = fetch("reports", "GET", "/api/v1/reports/inbox", params=params)
    return render_template("reports/chairman.html", inbox=inbox, mail_labels=MAIL_LABELS)


@blueprint.get("/<report_id>/paper.pdf")
@roles_required(*access.REPORTS)
def snapshot_paper(report_id: str) -> Response:
    return relay_file("reports", f"/api/v1/reports/{report_id}/paper.pdf", f"/reports/{report_id}")


@blueprint.get("/<report_id>")
@roles_required(*access.REPORTS)
def snapshot(report_id: str) -> Any:
    found = fetch("reports", "GET", f"/api/v1/reports/{report_id}")
    if found.status in (404, 422):
        abort(404)
    report = found.body or {}
    return render_template(
        "reports/snapshot.html",
        found=found,
        report=report,
        formats=FORMATS,
        form_rows=form_rows(report_id) if "csv" in (report.get("files") or {}) else None,
        figures=flatten(report.get("figures") or {}),
    )


def form_rows(report_id: str) -> list[tuple[str, list[tuple[str, str]]]] | None:
    """The snapshot's rows (units, or days) as its form heads them, from its CSV: each figure under the form's own
    column heading (`Tiếp công dân — Lượt`), as the province reads it. None when the file cannot be read."""
    try:
        answer = console().services.download("reports", f"/api/v1/reports/{report_id}/file.csv", person_token())
    except ServiceUnavailable:
        return None
    if answer.status != 200:
        return None
    lines = list(csv.reader(io.StringIO(b"".join(answer.chunks).decode("utf-8-sig"))))
    if not lines:
        return None
    headings = lines[0][1:]
    return [(row[0], list(zip(headings, row[1:], strict=False))) for row in lines[1:] if row]


def flatten(figures: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A snapshot's nested figures as (path, value) rows: `column.cases 3`."""
    if isinstance(figures, dict):
        return [row for key, value in figures.items() for row in flatten(value, f"{prefix}{key}.")]
    if isinstance(figures, list):
        return [row for index, value in enumerate(figures, 1) for row in flatten(value, f"{prefix}{index}.")]
    return [(prefix.rstrip("."), figures)]


@blueprint.get("/<report_id>/file.<any(csv, xlsx, pdf):fmt>")
@roles_required(*access.REPORTS)
def snapshot_file(report_id: str, fmt: str) -> Response:
    return relay_file("reports", f"/api/v1/reports/{report_id}/file.{fmt}", f"/reports/{report_id}")
