"""The duty calendar: a month of published rosters with the ward's calendar, who is on duty now; solving and
publishing a period; staff and their leave; the roster's XLSX and ICS. Everything through roster's public API."""

from __future__ import annotations

import calendar as monthly
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ..domain import access
from .context import current_account, roles_required
from .duty_forms import LeaveForm, PublishForm, SolveForm
from .together import at_once
from .upstream import WARD_TIME, fetch, relay_file, vn_date, vn_datetime

blueprint = Blueprint("duty", __name__, url_prefix="/roster")
blueprint.add_app_template_filter(vn_date, "vn_date")
blueprint.add_app_template_filter(vn_datetime, "vn_datetime")

#: who opens the duty pages; what each may do follows roster's API (services/roster/README.md)
STAFF_PAGE = 500
ROSTER_PAGE = 50

SHIFT_LABELS = {"morning": _l("Sáng"), "afternoon": _l("Chiều"), "evening": _l("Tối"), "night": _l("Đêm")}
DUTY_LABELS = {
    "reception": _l("Tiếp công dân"),
    "leader_reception": _l("Lãnh đạo tiếp công dân"),
    "on_call": _l("Trực sẵn sàng"),
}
#: the skills of the shipped staff list (roster's data/ward-staff.json); an imported list's other skills show as given
SKILL_LABELS = {
    "reception": _l("Tiếp công dân"),
    "leader": _l("Lãnh đạo"),
    "chair": _l("Chủ tịch UBND"),
    "police": _l("Công an"),
    "legal": _l("Pháp lý"),
    "mediation": _l("Hòa giải"),
    "party_inspection": _l("Kiểm tra Đảng"),
    "party_secretary": _l("Bí thư Đảng ủy"),
}
LEVEL_LABELS = {"normal": _l("Bình thường"), "heightened": _l("Tăng cường"), "critical": _l("Cao điểm")}
STATUS_LABELS = {
    "solving": _l("Đang xếp lịch"),
    "draft": _l("Bản dự thảo"),
    "infeasible": _l("Không xếp được"),
    "published": _l("Đã công bố"),
    "superseded": _l("Đã thay thế"),
}
WEEKDAYS = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ Nhật"))
SHIFT_ORDER = ("morning", "afternoon", "evening", "night")


@blueprint.context_processor
def _labels() -> dict[str, Any]:
    return {
        "shift_labels": SHIFT_LABELS,
        "duty_labels": DUTY_LABELS,
        "level_labels": LEVEL_LABELS,
        "status_labels": STATUS_LABELS,
        "skill_labels": SKILL_LABELS,
        "may": _abilities(),
    }


def _abilities() -> dict[str, bool]:
    account = current_account()
    if account is None:
        return {}
    return {
        "read_rosters": account.has_any(access.ROSTERS_READ),
        "manage_rosters": account.has_any(access.ROSTERS_MANAGE),
        "read_staff": account.has_any(access.STAFF_READ),
        "manage_staff": account.has_any(access.STAFF_MANAGE),
    }


# ---- the month -----------------------------------------------------------------------------------------------


@dataclass
class Day:
    day: date
    in_month: bool
    level: str = "normal"
    period_name: str = ""
    off_name: str | None = None
    weekend: bool = False
    leader_reception: bool = False
    shifts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def is_off(self) -> bool:
        return self.off_name is not None


def _month_asked(text: str | None) -> tuple[date, str | None]:
    """The first day of `?month=mm/yyyy` (or yyyy-mm); this month with a message when the value makes no sense."""
    today = _ward_today()
    if not text:
        return today.replace(day=1), None
    try:
        if "/" in text:
            month, year = (int(part) for part in text.strip().split("/"))
        else:
            year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1), None
    except ValueError:
        return today.replace(day=1), _("Tháng “%(value)s” không hợp lệ (dạng mm/yyyy); đang xem tháng này.", value=text)


def _ward_today() -> date:
    return datetime.now(WARD_TIME).date()


def _spans(entries: Any, first: date, last: date) -> list[tuple[date, date, dict[str, Any]]]:
    found = []
    for entry in entries or []:
        try:
            start = date.fromisoformat(str(entry.get("from") or entry.get("date")))
            end = date.fromisoformat(str(entry.get("to") or entry.get("date")))
        except ValueError:
            continue
        if start <= last and end >= first:
            found.append((start, end, entry))
    return found


def _weeks(first: date, document: dict[str, Any] | None, assignments: list[dict[str, Any]]) -> list[list[Day]]:
    grid = monthly.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = grid[0][0], grid[-1][-1]
    document = document or {}
    periods = _spans(document.get("special_periods"), start, end)
    days_off = _spans(document.get("days_off"), start, end)
    make_up = {entry.get("date") for entry in document.get("make_up_working_days") or []}
    working_week = set(document.get("working_week") or ("mon", "tue", "wed", "thu", "fri"))
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for assignment in assignments:
        by_day[str(assignment.get("date"))].append(assignment)
    weeks = []
    for week in grid:
        row = []
        for day in week:
            cell = Day(day, day.month == first.month)
            weekday_code = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
            cell.weekend = weekday_code not in working_week and day.isoformat() not in make_up
            for span_start, span_end, entry in periods:
                if span_start <= day <= span_end:
                    cell.level, cell.period_name = str(entry.get("level", "normal")), str(entry.get("name", ""))
            for span_start, span_end, entry in days_off:
                if span_start <= day <= span_end:
                    cell.off_name = str(entry.get("name") or _("Ngày nghỉ"))
            for assignment in by_day.get(day.isoformat(), []):
                cell.shifts.setdefault(str(assignment.get("shift")), []).append(assignment)
                cell.leader_reception |= assignment.get("duty") == "leader_reception"
            cell.shifts = {s: cell.shifts[s] for s in sorted(cell.shifts, key=_shift_rank)}
            row.append(cell)
        weeks.append(row)
    return weeks


def _shift_rank(shift: str) -> int:
    return SHIFT_ORDER.index(shift) if shift in SHIFT_ORDER else len(SHIFT_ORDER)


def _published_assignments(first: date, last: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str | None]:
    """Assignments of the published rosters that touch the month, and those rosters."""
    listed = fetch("roster", "GET", "/api/v1/rosters", params={"status": "published", "limit": ROSTER_PAGE})
    if not listed.ok:
        return [], [], listed.problem
    assignments: list[dict[str, Any]] = []
    rosters = []
    touching = [
        summary
        for summary in listed.body.get("items") or []
        if str(summary["start"]) <= last.isoformat() and str(summary["end"]) >= first.isoformat()
    ]
    for roster in at_once(*(partial(fetch, "roster", "GET", f"/api/v1/rosters/{s['id']}") for s in touching)):
        if not roster.ok:
            return [], [], roster.problem
        rosters.append(roster.body)
        assignments += [
            a for a in roster.body.get("assignments") or [] if first.isoformat() <= a["date"] <= last.isoformat()
        ]
    return assignments, rosters, None


def _staff_names() -> dict[str, str]:
    if not _abilities().get("read_staff"):
        return {}
    staff = fetch("roster", "GET", "/api/v1/staff", params={"limit": STAFF_PAGE})
    if not staff.ok:
        return {}
    return {person["id"]: person["full_name"] for person in staff.body.get("items") or []}


@blueprint.get("")
@roles_required(*access.DUTY)
def calendar() -> Any:
    first, message = _month_asked(request.args.get("month"))
    last = first.replace(day=monthly.monthrange(first.year, first.month)[1])
    problems = [message] if message else []
    account = current_account()
    assert account is not None
    nothing: tuple[list[dict[str, Any]], list[dict[str, Any]], str | None] = ([], [], None)
    document, published, on_duty = at_once(
        partial(fetch, "roster", "GET", "/api/v1/calendar"),
        partial(_published_assignments, first, last) if _abilities()["read_rosters"] else lambda: nothing,
        partial(fetch, "roster", "GET", "/api/v1/duty") if account.has_any(access.DUTY_NOW) else lambda: None,
    )
    if not document.ok:
        problems.append(document.problem)
    if document.status == 503:  # roster is down: what else it answered is not shown
        published, on_duty = nothing, None
    assignments, rosters, problem = published
    if problem:
        problems.append(problem)
    names = _staff_names() if assignments else {}
    return render_template(
        "duty/calendar.html",
        month=first,
        previous=(first - timedelta(days=1)).replace(day=1),
        following=last + timedelta(days=1),
        weeks=_weeks(first, document.body, assignments),
        weekdays=WEEKDAYS,
        rosters=rosters,
        names=names,
        on_duty=on_duty,
        problems=[p for p in dict.fromkeys(problems) if p],
        calendar_known=document.ok,
    )


# ---- solving and publishing ----------------------------------------------------------------------------------


@blueprint.route("/rosters", methods=["GET", "POST"])
@roles_required(*access.DUTY)
def rosters() -> Any:
    if not _abilities()["read_rosters"]:
        abort(403)
    form = SolveForm()
    if request.method == "GET" and not form.start.data:
        following = (_ward_today().replace(day=1) + timedelta(days=32)).replace(day=1)
        form.start.data = following
        form.end.data = (following + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    problem = None
    if request.method == "POST":
        if not _abilities()["manage_rosters"]:
            abort(403)
        if form.validate_on_submit():
            body = {
                "start": form.start.data.isoformat(),  # type: ignore[union-attr]
                "end": form.end.data.isoformat(),  # type: ignore[union-attr]
                "time_limit_s": form.time_limit_s.data,
            }
            asked = fetch("roster", "POST", "/api/v1/rosters", body=body)
            if asked.ok:
                return redirect(f"/roster/rosters/{asked.body['id']}")
            problem = asked.problem
    listed = fetch("roster", "GET", "/api/v1/rosters", params={"limit": ROSTER_PAGE})
    status = 422 if form.errors or problem else 200
    return render_template("duty/rosters.html", form=form, listed=listed, problem=problem), status


@blueprint.get("/rosters/<roster_id>")
@roles_required(*access.DUTY)
def roster(roster_id: str) -> Any:
    if not _abilities()["read_rosters"]:
        abort(403)
    found = fetch("roster", "GET", f"/api/v1/rosters/{roster_id}")
    if found.status == 404:
        abort(404)
    body = found.body or {}
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for assignment in body.get("assignments") or []:
        by_day[assignment["date"]].append(assignment)
    for day in by_day.values():
        day.sort(key=lambda a: (_shift_rank(a["shift"]), a["staff_id"]))
    return render_template(
        "duty/roster.html",
        found=found,
        roster=body,
        by_day=dict(sorted(by_day.items())),
        names=_staff_names() if body.get("assignments") else {},
        elapsed=_elapsed_s(body),
        publish_form=PublishForm(),
    )


def _elapsed_s(roster: dict[str, Any]) -> int:
    try:
        created = datetime.fromisoformat(str(roster.get("created_at")))
    except ValueError:
        return 0
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return max(0, int((datetime.now(UTC) - created).total_seconds()))


@blueprint.post("/rosters/<roster_id>/publish")
@roles_required(*access.ROSTERS_MANAGE)
def publish(roster_id: str) -> Response:
    if PublishForm().validate_on_submit():
        published = fetch("roster", "POST", f"/api/v1/rosters/{roster_id}/publish")
        if published.status == 404:
            abort(404)
        if published.ok:
            flash(_("Đã công bố lịch trực."), "success")
        else:
            flash(_("Không công bố được: %(problem)s", problem=published.problem), "error")
    return redirect(f"/roster/rosters/{roster_id}")


@blueprint.get("/rosters/<roster_id>/file.<any(xlsx, ics):fmt>")
@roles_required(*access.ROSTERS_READ)
def roster_file(roster_id: str, fmt: str) -> Response:
    return relay_file("roster", f"/api/v1/rosters/{roster_id}/file.{fmt}", f"/roster/rosters/{roster_id}")


# ---- staff and leave -----------------------------------------------------------------------------------------


@blueprint.route("/staff", methods=["GET", "POST"])
@roles_required(*access.DUTY)
def staff() -> Any:
    if not _abilities()["read_staff"]:
        abort(403)
    listed, agencies = at_once(
        partial(fetch, "roster", "GET", "/api/v1/staff", params={"limit": STAFF_PAGE}),
        partial(fetch, "roster", "GET", "/api/v1/agencies"),
    )
    people = listed.body.get("items") or [] if listed.ok else []
    agency_names = {agency["code"]: agency["name"] for agency in agencies.body or []} if agencies.ok else {}
    form = LeaveForm()
    form.staff_id.choices = [SelectChoice(p["id"], f"{p['full_name']} ({p['id']})") for p in people]
    problem = None
    if request.method == "POST":
        if not _abilities()["manage_staff"]:
            abort(403)
        if form.validate_on_submit():
            leave = {
                "from": form.start.data.isoformat(),  # type: ignore[union-attr]
                "to": form.end.data.isoformat(),  # type: ignore[union-attr]
                "reason": form.reason.data or "",
            }
            added = fetch("roster", "POST", f"/api/v1/staff/{form.staff_id.data}/leave", body=leave)
            if added.ok:
                flash(_("Đã ghi nghỉ phép cho %(name)s.", name=added.body.get("full_name", "")), "success")
                if added.body.get("replans"):
                    flash(_("Các lịch trực đã công bố bị ảnh hưởng đang được xếp lại."), "success")
                return redirect("/roster/staff")
            problem = added.problem
    status = 422 if form.errors or problem else 200
    page = render_template(
        "duty/staff.html", listed=listed, people=people, agency_names=agency_names, form=form, problem=problem
    )
    return page, status
