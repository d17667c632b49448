"""`/to-cong-tac`: the working group (Tổ công tác tiếp công dân) through roster's `/api/v1/working-groups`: the
decisions establishing it, their periods and members; a leader (or the administrator) records a new decision."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..domain import access
from .context import current_account, roles_required
from .coordination import MEMBER_ROLES, iso, optional_text, read, send, staff_names
from .duty_forms import DayField, not_before
from .forms import REQUIRED
from .upstream import WARD_TIME, vn_date

blueprint = Blueprint("working_group", __name__)
GROUP_PAGE = 20


class WorkingGroupForm(FlaskForm):
    decision_no = StringField(_l("Số quyết định"), validators=[DataRequired(REQUIRED), Length(max=100)])
    decision_date = DayField(_l("Ngày ký quyết định"), validators=[DataRequired(REQUIRED)])
    period_from = DayField(_l("Hoạt động từ ngày"), validators=[DataRequired(REQUIRED)])
    period_to = DayField(_l("Đến ngày"), validators=[DataRequired(REQUIRED), not_before("period_from")])
    note = TextAreaField(_l("Ghi chú"), validators=optional_text(2000))
    #: no input of its own: the staff table's choices; it carries roster's messages about the members
    members = HiddenField()


#: roster's field names → the form's
API_FIELDS = {"period.from": "period_from", "period.to": "period_to", "period": "period_from"}


def _members_chosen(staff: dict[str, dict[str, Any]]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The members ticked in the staff table (`member-<staff id>` = their role in the group)."""
    chosen = []
    kept = {}
    for staff_id in staff:
        role = (request.form.get(f"member-{staff_id}") or "").strip()
        if role in MEMBER_ROLES:
            chosen.append({"staff_id": staff_id, "role": role})
            kept[staff_id] = role
    return chosen, kept


def _may_establish() -> bool:
    account = current_account()
    return bool(account and account.has_any(access.WORKING_GROUP_ESTABLISH))


@blueprint.route("/to-cong-tac", methods=["GET", "POST"])
@roles_required(*access.WORKING_GROUP_READ)
def working_groups() -> Any:
    may_establish = _may_establish()
    staff = staff_names() if may_establish or request.method == "GET" else {}
    form = WorkingGroupForm()
    kept: dict[str, str] = {}
    if request.method == "POST":
        if not may_establish:
            abort(403)
        members, kept = _members_chosen(staff)
        valid = form.validate_on_submit()
        if not members:
            form.members.errors = [_("Chọn ít nhất một thành viên và vai trò của họ trong tổ.")]
        if valid and members:
            body = {
                "decision_no": form.decision_no.data.strip(),
                "decision_date": iso(form.decision_date.data),
                "period": {"from": iso(form.period_from.data), "to": iso(form.period_to.data)},
                "members": members,
                "note": (form.note.data or "").strip(),
            }
            made = send(form, "roster", "POST", "/api/v1/working-groups", body, API_FIELDS)
            if made is not None:
                flash(_("Đã ghi quyết định thành lập Tổ công tác số %(no)s.", no=made["decision_no"]), "success")
                return redirect("/to-cong-tac")
    groups, problem = read("roster", "/api/v1/working-groups", {"limit": GROUP_PAGE})
    failed = bool(form.errors or form.form_errors or form.members.errors)
    page = render_template(
        "coordination/working_groups.html",
        groups=(groups or {}).get("items") or [],
        problem=problem,
        form=form,
        may_establish=may_establish,
        staff=staff,
        kept=kept,
        member_roles=MEMBER_ROLES,
        ward_time=WARD_TIME,
    )
    return page, 422 if request.method == "POST" and failed else 200


blueprint.add_app_template_filter(vn_date, "vn_date")
