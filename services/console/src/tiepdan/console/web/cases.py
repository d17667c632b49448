"""Cases (`/cases`) and the deadline board (`/deadlines`) for clerks and leaders, read and acted on through
intake's API only: filters are intake's `GET /api/v1/cases` arguments, actions its `POST /cases/<id>/actions`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp

from ..adapters.services import ServiceUnavailable
from ..domain import access
from .case_reading import (
    WARD_TZ,
    ApiProblem,
    DuePage,
    call,
    deadlines_of,
    due_counts,
    due_page,
    ward_today,
    working_calendar,
)
from .case_terms import (
    ACTION_BY_CODE,
    ACTION_LABELS,
    CHANNEL_LABELS,
    FIELD_NAMES,
    RECEPTION_LABELS,
    REFUSAL_LABELS,
    STATUS_LABELS,
    CaseAction,
    offered,
)
from .context import roles_required
from .labels import FIELD_LABELS, KIND_LABELS
from .together import at_once
from .upstream import parse_day

blueprint = Blueprint("cases", __name__)

#: intake's CASE_ACT_ROLES that the console serves on these pages (docs/contract.md "Roles").
LIST_LIMIT = 50
CHOICE_FILTERS = {"kind": KIND_LABELS, "field": FIELD_LABELS, "status": STATUS_LABELS}
YES_NO_FILTERS = ("overdue", "group", "complex", "election_hold", "filing_late")
YES_NO = {"true": _l("Có"), "false": _l("Không")}
#: The days received between (intake's `received_from`, `received_to`), typed as dd/mm/yyyy or from a date input.
DATE_FILTERS = ("received_from", "received_to")
#: Free text: the area, and intake's search by a citizen's name, ID number or phone.
TEXT_FILTERS = {"area": 200, "citizen": 200}
FILTER_NAMES = {
    "kind": _l("Loại đơn"),
    "field": _l("Lĩnh vực"),
    "status": _l("Trạng thái"),
    "area": _l("Địa bàn"),
    "overdue": _l("Quá hạn"),
    "group": _l("Đoàn đông người"),
    "complex": _l("Vụ việc phức tạp"),
    "election_hold": _l("Tạm dừng trước bầu cử"),
    "filing_late": _l("Quá thời hiệu"),
    "received_from": _l("Nhận từ ngày"),
    "received_to": _l("Nhận đến ngày"),
    "citizen": _l("Công dân (họ tên, số giấy tờ, điện thoại)"),
    "cursor": _l("Trang"),
}


def _page_labels() -> dict[str, Any]:
    return {
        "kind_labels": KIND_LABELS,
        "field_labels": FIELD_LABELS,
        "status_labels": STATUS_LABELS,
        "reception_labels": RECEPTION_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "refusal_labels": REFUSAL_LABELS,
        "action_labels": ACTION_LABELS,
        "filter_names": FILTER_NAMES,
        "yes_no": YES_NO,
    }


def read_filters(args: Any) -> tuple[dict[str, str], list[str]]:
    """The filters intake accepts, and the names of those whose value it would not (left out, with a message)."""
    chosen: dict[str, str] = {}
    refused: list[str] = []
    for name, labels in CHOICE_FILTERS.items():
        value = (args.get(name) or "").strip()
        if value and value in labels:
            chosen[name] = value
        elif value:
            refused.append(name)
    for name in YES_NO_FILTERS:
        value = (args.get(name) or "").strip()
        if value in YES_NO:
            chosen[name] = value
        elif value:
            refused.append(name)
    for name in DATE_FILTERS:
        value = (args.get(name) or "").strip()
        day = parse_day(value)
        if day is not None:
            chosen[name] = day.isoformat()
        elif value:
            refused.append(name)
    for name, longest in TEXT_FILTERS.items():
        value = (args.get(name) or "").strip()
        if len(value) > longest or "\x00" in value:
            refused.append(name)
        elif value:
            chosen[name] = value
    return chosen, refused


@blueprint.get("/cases")
@roles_required(*access.CASES)
def case_list() -> Any:
    filters, refused = read_filters(request.args)
    cursor = (request.args.get("cursor") or "").strip()
    params: dict[str, Any] = {**filters, "limit": LIST_LIMIT}
    if cursor:
        params["cursor"] = cursor
    page: dict[str, Any] = {"items": [], "next_cursor": None}
    problem: str | None = None
    intake_down = False
    try:
        page = call("intake", "GET", "/api/v1/cases", params=params)
    except ServiceUnavailable:
        intake_down = True
    except ApiProblem as exc:
        if exc.status in (401, 403):
            abort(exc.status)
        problem = _problem_text(exc)
    today = ward_today()
    calendar = working_calendar()
    rows = [(case, [d for d in deadlines_of(case, today, calendar) if d.running][:1]) for case in page["items"]]
    return render_template(
        "cases/list.html",
        rows=rows,
        filters=filters,
        refused=refused,
        next_cursor=page.get("next_cursor"),
        paged=bool(cursor),
        problem=problem,
        intake_down=intake_down,
        today=today,
        **_page_labels(),
    )


def _problem_text(problem: ApiProblem) -> str:
    messages = [problem.detail]
    for field, errors in problem.errors.items():
        name = str(FILTER_NAMES.get(field.rsplit(".", 1)[-1], field))
        messages.append(f"{name}: {' '.join(errors)}")
    return " ".join(messages)


TOO_LONG = _l("Tối đa %(max)d ký tự.")


def _at_most(length: int) -> list[Any]:
    return [Optional(), Length(max=length, message=TOO_LONG)]


class CaseActionForm(FlaskForm):
    """Every field an action may carry; each action's form shows only its own (`CaseAction.fields`)."""

    reason = TextAreaField(FIELD_NAMES["reason"], validators=_at_most(2000))
    to_agency = StringField(FIELD_NAMES["to_agency"], validators=_at_most(300))
    decision_no = StringField(FIELD_NAMES["decision_no"], validators=_at_most(100))
    complex = BooleanField(FIELD_NAMES["complex"])
    reason_code = SelectField(
        FIELD_NAMES["reason_code"],
        choices=[SelectChoice("", "—"), *(SelectChoice(code, label) for code, label in REFUSAL_LABELS.items())],
        validators=[Optional()],
        validate_choice=False,
    )
    notice_no = StringField(FIELD_NAMES["notice_no"], validators=_at_most(100))
    #: Text checked here, so that the message is Vietnamese (WTForms has no Vietnamese catalogue).
    persons = StringField(
        FIELD_NAMES["persons"],
        validators=[Optional(), Regexp(r"^\s*[1-9]\d{0,5}\s*$", message=_l("Nhập một số nguyên dương."))],
    )


def action_form(action: CaseAction, formdata: Any = None) -> CaseActionForm:
    """Prefixed by the action, so that every field id on the page is unique (`accept-complex`, `refuse-reason`)."""
    return CaseActionForm(formdata=formdata, prefix=action.code)


def _body(action: CaseAction, form: CaseActionForm) -> dict[str, Any]:
    body: dict[str, Any] = {"action": action.code}
    for name in action.fields:
        value = getattr(form, name).data
        if isinstance(value, str):
            value = value.strip() or None
        if name == "persons" and value is not None:
            value = int(value)
        if name == "complex":
            value = bool(value)
        if value is not None:
            body[name] = value
    return body


def _read_case(case_id: str) -> dict[str, Any]:
    try:
        case: dict[str, Any] = call("intake", "GET", f"/api/v1/cases/{case_id}")
    except ApiProblem as exc:
        abort(exc.status if exc.status in (403, 404) else 400)
    return case


def _case_page(case: dict[str, Any], forms: dict[str, CaseActionForm], opened: str | None = None) -> str:
    today = ward_today()
    calendar = working_calendar()
    available = offered(case)
    for action in available:
        forms.setdefault(action.code, action_form(action, formdata=None))
    return render_template(
        "cases/detail.html",
        case=case,
        deadlines=deadlines_of(case, today, calendar),
        calendar_known=calendar is not None,
        actions=available,
        forms=forms,
        opened=opened,
        #: A form sent for an action this page does not offer (the API refused it): its messages above the actions.
        refused_form=forms.get(opened) if opened and opened not in {a.code for a in available} else None,
        today=today,
        **_page_labels(),
    )


@blueprint.get("/cases/<case_id>")
@roles_required(*access.CASES)
def case_page(case_id: str) -> Any:
    try:
        case = _read_case(case_id)
    except ServiceUnavailable:
        return render_template("cases/unavailable.html"), 503
    return _case_page(case, {})


@blueprint.post("/cases/<case_id>/actions/<code>")
@roles_required(*access.CASES)
def take_action(case_id: str, code: str) -> Any:
    action = ACTION_BY_CODE.get(code)
    if action is None:
        abort(404)
    form = action_form(action, formdata=request.form)
    status = 422
    try:
        if form.validate_on_submit():
            missing = [name for name in action.needed if getattr(form, name).data in (None, "")]
            for name in missing:
                getattr(form, name).errors.append(_("Bắt buộc nhập."))
            if not missing:
                try:
                    call("intake", "POST", f"/api/v1/cases/{case_id}/actions", body=_body(action, form))
                except ApiProblem as exc:
                    if exc.status == 404:
                        abort(404)
                    _place_problem(form, action, exc)
                    status = exc.status
                else:
                    flash(_("Đã ghi nhận: %(action)s.", action=action.label), "success")
                    return redirect(f"/cases/{case_id}")
        case = _read_case(case_id)
    except ServiceUnavailable:
        return render_template("cases/unavailable.html"), 503
    return _case_page(case, {action.code: form}, opened=action.code), status


def _place_problem(form: CaseActionForm, action: CaseAction, problem: ApiProblem) -> None:
    """Each message of the API next to its field; what names no field of this form above the form."""
    placed = False
    for path, messages in problem.errors.items():
        name = path.rsplit(".", 1)[-1]
        if name in action.fields:
            getattr(form, name).errors = [*getattr(form, name).errors, *messages]
            placed = True
        else:
            form.form_errors.extend(messages)
    if not placed:
        form.form_errors.insert(0, problem.detail)


#: Cases listed per part of the deadline board: enough for a glance or a printed sheet, since the counts by officer
#: and kind cover every case; the rest are a page further ("Trang sau").
BOARD_LIMIT = 20
BOARD_PARTS = ("overdue", "today", "week")


@dataclass(frozen=True)
class BoardPart:
    """One part of the board: its page of cases, how many there are in all, or the API's problem with it."""

    page: DuePage | None
    total: int
    problem: str | None = None


def _board_part(today: date, calendar: Any, key: str, first: date | None, last: date) -> BoardPart:
    cursor = (request.args.get(f"{key}_cursor") or "").strip() or None
    if first is not None and first > last:
        return BoardPart(DuePage([], None), 0)
    try:
        return BoardPart(due_page(today, calendar, first, last, BOARD_LIMIT, cursor), 0)
    except ApiProblem as exc:
        if exc.status in (401, 403):
            abort(exc.status)
        return BoardPart(None, 0, _problem_text(exc))


@blueprint.get("/deadlines")
@roles_required(*access.CASES)
def deadline_board() -> Any:
    """What falls due, a case placed by its earliest running deadline: overdue, today, by the end of the week
    (Sunday). Each part is a page of intake's list; the counts by officer and kind are intake's counts."""
    today = ward_today()
    calendar = working_calendar()
    week_end = today + timedelta(days=6 - today.weekday())
    days = {
        "overdue": (None, today - timedelta(days=1)),
        "today": (today, today),
        "week": (today + timedelta(days=1), week_end),
    }
    try:
        counted, *read = at_once(
            lambda: due_counts(week_end, ("due", "officer", "kind")),
            *(partial(_board_part, today, calendar, key, *days[key]) for key in BOARD_PARTS),
        )
        parts = dict(zip(BOARD_PARTS, read, strict=True))
    except ServiceUnavailable:
        return render_template("cases/unavailable.html"), 503
    except ApiProblem as exc:
        abort(exc.status if exc.status in (401, 403) else 400)
    totals: dict[str, int] = defaultdict(int)
    by_officer: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(BOARD_PARTS, 0))
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(BOARD_PARTS, 0))
    for group in counted.get("groups") or []:
        key = {"later": "week"}.get(group.get("due") or "", group.get("due") or "")
        if key not in BOARD_PARTS:
            continue
        count = int(group.get("count") or 0)
        totals[key] += count
        by_officer[group.get("officer") or _("Chưa có người xử lý")][key] += count
        by_kind[group.get("kind") or ""][key] += count
    parts = {key: BoardPart(part.page, totals[key], part.problem) for key, part in parts.items()}
    return render_template(
        "cases/deadlines.html",
        parts=parts,
        cursors={key: (request.args.get(f"{key}_cursor") or "").strip() for key in BOARD_PARTS},
        by_officer=sorted(by_officer.items()),
        by_kind=sorted(by_kind.items()),
        today=today,
        week_end=week_end,
        calendar_known=calendar is not None,
        **_page_labels(),
    )


@blueprint.app_template_filter("day")
def _day(value: Any) -> str:
    """A date (or the ISO text of one, or of a time) as dd/mm/yyyy."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value or "")
    try:
        return date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return text


@blueprint.app_template_filter("moment")
def _moment(value: Any) -> str:
    """An ISO time with its offset as dd/mm/yyyy HH:MM in the ward's time."""
    try:
        return datetime.fromisoformat(str(value)).astimezone(WARD_TZ).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(value or "")
