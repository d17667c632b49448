"""`/phuong-an`: handling plans (phương án xử lý) for a crowd, hotspot, over-level or complex matter, through
intake's `/api/v1/response-plans`: the list, a plan with its alerts and cases, the leader's directives, tasks given
to agencies with due dates and their reports back (overdue marked), and the plan's closing with an outcome."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ..domain import access
from .case_reading import ward_today
from .context import current_account, roles_required
from .coordination import PLAN_OUTCOMES, PLAN_REASONS, PLAN_STATUS, KeyedForm, iso, optional_text, read, send
from .duty_forms import DayField
from .forms import REQUIRED
from .labels import FIELD_LABELS

blueprint = Blueprint("response_plans", __name__)
LIST_LIMIT = 50
ID_LIST = re.compile(r"[\s,;]+")


def _ids(text: str | None) -> list[str]:
    return [part for part in ID_LIST.split(text or "") if part]


def _short_ids(form: Any, ids: Any) -> None:
    if any(len(part) > 64 for part in _ids(ids.data)):
        raise ValidationError(str(_l("Mỗi mã tối đa 64 ký tự.")))


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice("", "—"), *(SelectChoice(code, label) for code, label in labels.items())]


class PlanForm(KeyedForm):
    reason = SelectField(_l("Tính chất vụ việc"), choices=_choices(PLAN_REASONS), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Tên phương án"), validators=[DataRequired(REQUIRED), Length(max=300)])
    content = TextAreaField(_l("Nội dung phương án"), validators=optional_text(5000))
    alert_ids = StringField(_l("Mã cảnh báo liên quan (cách nhau bởi dấu phẩy)"), validators=[_short_ids])
    case_ids = StringField(_l("Mã vụ việc liên quan (cách nhau bởi dấu phẩy)"), validators=[_short_ids])


class DirectiveForm(KeyedForm):
    text = TextAreaField(_l("Nội dung chỉ đạo"), validators=[DataRequired(REQUIRED), Length(max=5000)])


class TaskForm(KeyedForm):
    title = StringField(_l("Nhiệm vụ"), validators=[DataRequired(REQUIRED), Length(max=300)])
    assignee_agency = StringField(
        _l("Cơ quan thực hiện (mã: VP, CA, UBKT, HĐND, MTTQ, BXD…)"),
        validators=[DataRequired(REQUIRED), Length(max=32)],
    )
    assignee_staff_id = StringField(_l("Cán bộ thực hiện (mã cán bộ, nếu có)"), validators=optional_text(64))
    due_on = DayField(_l("Hạn báo cáo"), validators=[DataRequired(REQUIRED)])


class ReportForm(KeyedForm):
    notes = TextAreaField(_l("Kết quả thực hiện"), validators=[DataRequired(REQUIRED), Length(max=5000)])
    completed = BooleanField(_l("Đã hoàn thành nhiệm vụ"))


class CloseForm(KeyedForm):
    outcome = SelectField(_l("Kết quả"), choices=_choices(PLAN_OUTCOMES), validators=[DataRequired(REQUIRED)])
    note = TextAreaField(_l("Đánh giá, kết luận"), validators=[DataRequired(REQUIRED), Length(max=5000)])


@blueprint.app_context_processor
def _plan_links() -> dict[str, bool]:
    """The alerts board and a case's page offer "Lập phương án xử lý" to those who may open a plan."""
    return {"may_open_plans": _may(access.RESPONSE_PLANS_WRITE)}


def _may(roles: frozenset[str]) -> bool:
    account = current_account()
    return bool(account and account.has_any(roles))


def _labels() -> dict[str, Any]:
    return {
        "reason_labels": PLAN_REASONS,
        "outcome_labels": PLAN_OUTCOMES,
        "plan_status": PLAN_STATUS,
        "field_labels": FIELD_LABELS,
        "today": ward_today(),
    }


def _list_page(form: PlanForm | None = None, status: int = 200) -> tuple[str, int]:
    chosen = request.args.get("status") if request.args.get("status") in PLAN_STATUS else None
    params: dict[str, Any] = {"limit": LIST_LIMIT}
    if chosen:
        params["status"] = chosen
    listed, problem = read("intake", "/api/v1/response-plans", params)
    if form is None:
        form = PlanForm().keyed()
        form.alert_ids.data = (request.args.get("alert") or "")[:64]
        form.case_ids.data = (request.args.get("case") or "")[:64]
        if form.alert_ids.data or form.case_ids.data:
            form.reason.data = "crowd" if form.alert_ids.data else "complex"
    page = render_template(
        "coordination/plans.html",
        plans=(listed or {}).get("items") or [],
        problem=problem,
        chosen=chosen,
        form=form if _may(access.RESPONSE_PLANS_WRITE) else None,
        **_labels(),
    )
    return page, status


@blueprint.get("/phuong-an")
@roles_required(*access.RESPONSE_PLANS_READ)
def plans() -> Any:
    return _list_page()


@blueprint.post("/phuong-an")
@roles_required(*access.RESPONSE_PLANS_WRITE)
def open_plan() -> Any:
    form = PlanForm()
    if form.validate_on_submit():
        body = {
            "reason": form.reason.data,
            "title": (form.title.data or "").strip(),
            "alert_ids": _ids(form.alert_ids.data),
            "case_ids": _ids(form.case_ids.data),
        }
        if (form.content.data or "").strip():
            body["content"] = form.content.data.strip()
        made = send(form, "intake", "POST", "/api/v1/response-plans", body, {"alert_ids.0": "alert_ids"})
        if made is not None:
            flash(_("Đã lập phương án xử lý “%(title)s”.", title=made["title"]), "success")
            return redirect(f"/phuong-an/{made['id']}")
    return _list_page(form.keyed(), 422)


def _plan_page(plan_id: str, forms: dict[str, Any] | None = None, status: int = 200) -> tuple[str, int]:
    plan, problem = read("intake", f"/api/v1/response-plans/{plan_id}")
    forms = dict(forms or {})
    tasks = (plan or {}).get("tasks") or []
    report_forms = {
        task["id"]: forms.get(f"report-{task['id']}") or ReportForm(prefix=f"report-{task['id']}").keyed()
        for task in tasks
        if task.get("status") != "completed"
    }
    may_write = _may(access.RESPONSE_PLANS_WRITE)
    is_open = bool(plan) and plan.get("status") == "open"
    page = render_template(
        "coordination/plan.html",
        plan=plan,
        problem=problem,
        tasks=sorted(tasks, key=lambda t: (t.get("status") == "completed", not t.get("overdue"), t.get("due_on"))),
        directive_form=(forms.get("directive") or DirectiveForm().keyed())
        if is_open and _may(access.RESPONSE_PLANS_DIRECT)
        else None,
        task_form=(forms.get("task") or TaskForm().keyed()) if is_open and may_write else None,
        report_forms=report_forms if is_open else {},
        close_form=(forms.get("close") or CloseForm().keyed()) if is_open and may_write else None,
        **_labels(),
    )
    return page, status


@blueprint.get("/phuong-an/<plan_id>")
@roles_required(*access.RESPONSE_PLANS_READ)
def plan(plan_id: str) -> Any:
    return _plan_page(plan_id)


@blueprint.post("/phuong-an/<plan_id>/chi-dao")
@roles_required(*access.RESPONSE_PLANS_DIRECT)
def directive(plan_id: str) -> Any:
    form = DirectiveForm()
    if form.validate_on_submit():
        body = {"text": (form.text.data or "").strip()}
        if send(form, "intake", "POST", f"/api/v1/response-plans/{plan_id}/directives", body) is not None:
            flash(_("Đã ghi ý kiến chỉ đạo."), "success")
            return redirect(f"/phuong-an/{plan_id}#directives")
    return _plan_page(plan_id, {"directive": form.keyed()}, 422)


@blueprint.post("/phuong-an/<plan_id>/nhiem-vu")
@roles_required(*access.RESPONSE_PLANS_WRITE)
def task(plan_id: str) -> Any:
    form = TaskForm()
    if form.validate_on_submit():
        body: dict[str, Any] = {
            "title": (form.title.data or "").strip(),
            "assignee_agency": (form.assignee_agency.data or "").strip(),
            "due_on": iso(form.due_on.data),
        }
        if (form.assignee_staff_id.data or "").strip():
            body["assignee_staff_id"] = form.assignee_staff_id.data.strip()
        if send(form, "intake", "POST", f"/api/v1/response-plans/{plan_id}/tasks", body) is not None:
            flash(_("Đã giao nhiệm vụ."), "success")
            return redirect(f"/phuong-an/{plan_id}#tasks")
    return _plan_page(plan_id, {"task": form.keyed()}, 422)


@blueprint.post("/phuong-an/<plan_id>/nhiem-vu/<task_id>/bao-cao")
@roles_required(*access.RESPONSE_PLANS_READ)
def report(plan_id: str, task_id: str) -> Any:
    form = ReportForm(prefix=f"report-{task_id}")
    if form.validate_on_submit():
        body = {"notes": (form.notes.data or "").strip(), "completed": bool(form.completed.data)}
        path = f"/api/v1/response-plans/{plan_id}/tasks/{task_id}/reports"
        if send(form, "intake", "POST", path, body) is not None:
            flash(_("Đã ghi báo cáo kết quả."), "success")
            return redirect(f"/phuong-an/{plan_id}#task-{task_id}")
    return _plan_page(plan_id, {f"report-{task_id}": form.keyed()}, 422)


@blueprint.post("/phuong-an/<plan_id>/ket-thuc")
@roles_required(*access.RESPONSE_PLANS_WRITE)
def close(plan_id: str) -> Any:
    form = CloseForm()
    if form.validate_on_submit():
        body = {"outcome": form.outcome.data, "note": (form.note.data or "").strip()}
        if send(form, "intake", "POST", f"/api/v1/response-plans/{plan_id}/close", body) is not None:
            flash(_("Đã kết thúc phương án xử lý."), "success")
            return redirect(f"/phuong-an/{plan_id}")
    return _plan_page(plan_id, {"close": form.keyed()}, 422)
