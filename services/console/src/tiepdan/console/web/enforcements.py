"""`/cuong-che`: planned enforcements, soonest first, through intake's `/api/v1/enforcements`; those whose date
falls in or within 7 days of a special period need the Chairman's decision (plan §3) and are marked; the leader
records it (go or hold, the decision's number). A case's page plans its enforcement (`/cases/<id>/cuong-che`)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..adapters.services import ServiceUnavailable
from ..domain import access
from .case_reading import ApiProblem, call
from .context import current_account, roles_required
from .coordination import VERDICTS, KeyedForm, cases_named, optional_text, read, send
from .duty_forms import DayField
from .forms import REQUIRED
from .upstream import unavailable

blueprint = Blueprint("enforcements", __name__)
LIST_LIMIT = 100


class DecisionForm(KeyedForm):
    decision = SelectField(
        _l("Quyết định của Chủ tịch"),
        choices=[SelectChoice("", "—"), *(SelectChoice(code, label) for code, label in VERDICTS.items())],
        validators=[DataRequired(REQUIRED)],
    )
    decision_no = StringField(_l("Số văn bản"), validators=[DataRequired(REQUIRED), Length(max=100)])
    note = TextAreaField(_l("Ghi chú"), validators=optional_text(2000))


#: intake's `DELETE /cases/{id}/enforcement?reason=`: why the enforcement is no longer followed
CLEAR_REASONS = {"dropped": _l("Không thực hiện cưỡng chế nữa"), "done": _l("Đã thực hiện cưỡng chế")}


class ClearForm(FlaskForm):
    reason = SelectField(
        _l("Lý do kết thúc theo dõi"),
        choices=[SelectChoice(code, label) for code, label in CLEAR_REASONS.items()],
        validators=[DataRequired(REQUIRED)],
    )


class EnforcementForm(KeyedForm):
    planned_on = DayField(_l("Ngày dự kiến cưỡng chế"), validators=[DataRequired(REQUIRED)])
    enforcing_unit = StringField(_l("Cơ quan thực hiện"), validators=[DataRequired(REQUIRED), Length(max=200)])
    measure = StringField(_l("Biện pháp cưỡng chế"), validators=[DataRequired(REQUIRED), Length(max=500)])
    note = TextAreaField(_l("Ghi chú"), validators=optional_text(2000))


def _may(roles: frozenset[str]) -> bool:
    account = current_account()
    return bool(account and account.has_any(roles))


def _page(
    forms: dict[str, DecisionForm] | None = None, status: int = 200, clearing: dict[str, ClearForm] | None = None
) -> tuple[str, int]:
    listed, problem = read("intake", "/api/v1/enforcements", {"limit": LIST_LIMIT})
    items = (listed or {}).get("items") or []
    cases = cases_named(item["case_id"] for item in items)
    decision_forms: dict[str, DecisionForm] = dict(forms or {})
    clear_forms: dict[str, ClearForm] = dict(clearing or {})
    for item in items:
        case_id = item["case_id"]
        if item.get("needs_decision") and _may(access.ENFORCEMENTS_DECIDE):
            decision_forms.setdefault(case_id, DecisionForm(prefix=f"decide-{case_id}").keyed())
        if _may(access.ENFORCEMENTS_CLEAR):
            clear_forms.setdefault(case_id, ClearForm(prefix=f"clear-{case_id}"))
    page = render_template(
        "coordination/enforcements.html",
        items=items,
        cases=cases,
        problem=problem,
        decision_forms=decision_forms,
        clear_forms=clear_forms,
        verdicts=VERDICTS,
    )
    return page, status


@blueprint.get("/cuong-che")
@roles_required(*access.ENFORCEMENTS)
def enforcements() -> Any:
    return _page()


@blueprint.post("/cuong-che/<case_id>/quyet-dinh")
@roles_required(*access.ENFORCEMENTS_DECIDE)
def decide(case_id: str) -> Any:
    form = DecisionForm(prefix=f"decide-{case_id}")
    if form.validate_on_submit():
        body = {
            "decision": form.decision.data,
            "decision_no": (form.decision_no.data or "").strip(),
            "note": (form.note.data or "").strip(),
        }
        if send(form, "intake", "POST", f"/api/v1/cases/{case_id}/enforcement/decision", body) is not None:
            flash(_("Đã ghi quyết định của Chủ tịch."), "success")
            return redirect(f"/cuong-che#enforcement-{case_id}")
    return _page({case_id: form.keyed()}, 422)


@blueprint.post("/cuong-che/<case_id>/ket-thuc")
@roles_required(*access.ENFORCEMENTS_CLEAR)
def clear(case_id: str) -> Any:
    """No longer followed (dropped, or done): a held enforcement leaves the list, its hold with it."""
    form = ClearForm(prefix=f"clear-{case_id}")
    if form.validate_on_submit():
        path = f"/api/v1/cases/{case_id}/enforcement"
        if send(form, "intake", "DELETE", path, None, params={"reason": form.reason.data}) is not None:
            flash(_("Đã kết thúc theo dõi cưỡng chế của vụ việc %(id)s.", id=case_id), "success")
            return redirect("/cuong-che")
    return _page(status=422, clearing={case_id: form})


@blueprint.route("/cases/<case_id>/cuong-che", methods=["GET", "POST"])
@roles_required(*access.ENFORCEMENTS)
def case_enforcement(case_id: str) -> Any:
    """The case's planned enforcement and the form that plans it (or plans it anew)."""
    case, current, problem = _current(case_id)
    form = EnforcementForm().keyed()
    if request.method == "GET" and current:
        form.enforcing_unit.data = current.get("enforcing_unit")
        form.measure.data = current.get("measure")
        form.note.data = current.get("note")
    if request.method == "POST":
        form = EnforcementForm()
        if form.validate_on_submit():
            body = {
                "planned_on": form.planned_on.data.isoformat(),  # type: ignore[union-attr]
                "enforcing_unit": (form.enforcing_unit.data or "").strip(),
                "measure": (form.measure.data or "").strip(),
                "note": (form.note.data or "").strip(),
            }
            if send(form, "intake", "PUT", f"/api/v1/cases/{case_id}/enforcement", body) is not None:
                flash(_("Đã ghi kế hoạch cưỡng chế."), "success")
                return redirect(f"/cases/{case_id}/cuong-che")
        form.keyed()
    page = render_template(
        "coordination/case_enforcement.html",
        case_id=case_id,
        case=case,
        current=current,
        problem=problem,
        form=form,
        verdicts=VERDICTS,
    )
    return page, 422 if request.method == "POST" else 200


def _current(case_id: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None, str | None]:
    """The case (which names the page) and its enforcement, None when it has none: intake's 404 here is "nothing
    planned", and another unit's case is told apart by reading the case itself (its 404 is this page's)."""
    case, _problem = read("intake", f"/api/v1/cases/{case_id}")
    try:
        return case, call("intake", "GET", f"/api/v1/cases/{case_id}/enforcement"), None
    except ServiceUnavailable:
        return case, None, unavailable("intake")
    except ApiProblem as exc:
        return case, None, None if exc.status == 404 else exc.detail
