"""`/tiep-dot-xuat`: unscheduled receptions (tiếp công dân đột xuất) scheduled in advance by a leader, the police's
security plan for each (phương án bảo đảm an ninh trật tự), and the incidents the police record at the reception
office (plan §4). Everything through roster's `/api/v1/receptions` and `/api/v1/incidents`."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..domain import access
from .context import current_account, roles_required
from .coordination import RECEPTION_STATUS, MomentField, iso, optional_text, read, send
from .forms import REQUIRED, ConfirmForm
from .labels import FIELD_LABELS
from .upstream import vn_datetime

blueprint = Blueprint("receptions", __name__)
LIST_LIMIT = 50
STAFF_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _ends_after_start(form: FlaskForm, ends: Any) -> None:
    starts = form.starts_at.data
    if starts and ends.data and ends.data <= starts:
        raise ValidationError(str(_l("Giờ kết thúc phải sau giờ bắt đầu.")))


class ReceptionForm(FlaskForm):
    place = StringField(_l("Địa điểm tiếp"), validators=[DataRequired(REQUIRED), Length(max=300)])
    starts_at = MomentField(_l("Bắt đầu"), validators=[DataRequired(REQUIRED)])
    ends_at = MomentField(_l("Kết thúc"), validators=[DataRequired(REQUIRED), _ends_after_start])
    expected_headcount = IntegerField(
        _l("Số người dự kiến"),
        validators=[Optional(), NumberRange(0, 100_000, _l("Từ 0 đến 100.000 người."))],
        invalid_value_message=_l("Phải là một số nguyên."),
    )
    field = SelectField(
        _l("Lĩnh vực"),
        choices=[SelectChoice("", "—"), *(SelectChoice(code, label) for code, label in FIELD_LABELS.items())],
        validators=[Optional()],
    )
    subject = StringField(_l("Nội dung vụ việc (không ghi họ tên công dân)"), validators=optional_text(500))
    area = StringField(_l("Địa bàn"), validators=optional_text(300))
    note = TextAreaField(_l("Ghi chú nội bộ"), validators=optional_text(2000))


def _staff_ids(form: FlaskForm, officers: Any) -> None:
    ids = [part for part in re.split(r"[\s,;]+", officers.data or "") if part]
    if not ids:
        raise ValidationError(str(REQUIRED))
    bad = [part for part in ids if not STAFF_ID.match(part)]
    if bad:
        raise ValidationError(_("Mã cán bộ không hợp lệ: %(ids)s.", ids=", ".join(bad)))


class SecurityPlanForm(FlaskForm):
    officers = StringField(
        _l("Cán bộ công an bảo đảm (mã cán bộ, cách nhau bởi dấu phẩy)"), validators=[_staff_ids, Length(max=2000)]
    )
    notes = TextAreaField(_l("Phương án, ghi chú"), validators=optional_text(4000))

    def officer_ids(self) -> list[str]:
        return [part for part in re.split(r"[\s,;]+", self.officers.data or "") if part]


class IncidentForm(FlaskForm):
    occurred_at = MomentField(_l("Thời điểm xảy ra"), validators=[DataRequired(REQUIRED)])
    what_happened = TextAreaField(_l("Diễn biến sự việc"), validators=[DataRequired(REQUIRED), Length(max=4000)])
    action_taken = TextAreaField(_l("Biện pháp đã xử lý"), validators=[DataRequired(REQUIRED), Length(max=4000)])
    case_ref = StringField(_l("Mã vụ việc liên quan (nếu có)"), validators=optional_text(100))
    reception_id = SelectField(_l("Buổi tiếp đột xuất (nếu có)"), validators=[Optional()], validate_choice=False)


def _reception_body(form: ReceptionForm) -> dict[str, Any]:
    body: dict[str, Any] = {
        "place": form.place.data.strip(),
        "starts_at": iso(form.starts_at.data),
        "ends_at": iso(form.ends_at.data),
        "note": (form.note.data or "").strip(),
    }
    for name in ("subject", "area", "field"):
        value = (getattr(form, name).data or "").strip()
        if value:
            body[name] = value
    if form.expected_headcount.data is not None:
        body["expected_headcount"] = form.expected_headcount.data
    return body


def _may(roles: frozenset[str]) -> bool:
    account = current_account()
    return bool(account and account.has_any(roles))


def _plan_form(reception: dict[str, Any], formdata: Any = None) -> SecurityPlanForm:
    form = SecurityPlanForm(formdata=formdata, prefix=f"plan-{reception['id']}")
    plan = reception.get("security_plan")
    if formdata is None and plan:
        form.officers.data = ", ".join(plan.get("officers") or [])
        form.notes.data = plan.get("notes") or ""
    return form


def _edit_form(reception: dict[str, Any], formdata: Any = None) -> ReceptionForm:
    """The reception's details to change (roster's PATCH), filled with what roster has."""
    form = ReceptionForm(formdata=formdata, prefix=f"edit-{reception['id']}")
    if formdata is None:
        for name in ("place", "expected_headcount", "field", "subject", "area", "note"):
            getattr(form, name).data = reception.get(name)
        for name in ("starts_at", "ends_at"):
            getattr(form, name).data = _instant(reception.get(name))
    return form


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _page(
    schedule: ReceptionForm | None = None,
    plans: dict[str, SecurityPlanForm] | None = None,
    incident: IncidentForm | None = None,
    status: int = 200,
    edits: dict[str, ReceptionForm] | None = None,
) -> tuple[str, int]:
    listed, problem = read("roster", "/api/v1/receptions", {"limit": LIST_LIMIT})
    receptions = sorted((listed or {}).get("items") or [], key=lambda r: str(r.get("starts_at")))
    plan_forms = dict(plans or {})
    edit_forms = dict(edits or {})
    for reception in receptions:
        if reception.get("status") != "scheduled":
            continue
        if _may(access.RECEPTIONS_SECURE):
            plan_forms.setdefault(reception["id"], _plan_form(reception))
        if _may(access.RECEPTIONS_SCHEDULE):
            edit_forms.setdefault(reception["id"], _edit_form(reception))
    incidents: list[dict[str, Any]] = []
    incidents_problem = None
    if _may(access.INCIDENTS_READ):
        found, incidents_problem = read("roster", "/api/v1/incidents", {"limit": LIST_LIMIT})
        incidents = (found or {}).get("items") or []
    incident_form = incident or IncidentForm()
    incident_form.reception_id.choices = [
        SelectChoice("", "—"),
        *(SelectChoice(r["id"], f"{r['place']} ({vn_datetime(r['starts_at'])})") for r in receptions),
    ]
    page = render_template(
        "coordination/receptions.html",
        receptions=receptions,
        problem=problem,
        schedule_form=(schedule or ReceptionForm()) if _may(access.RECEPTIONS_SCHEDULE) else None,
        plan_forms=plan_forms,
        edit_forms=edit_forms,
        incidents=incidents,
        incidents_problem=incidents_problem,
        incident_form=incident_form if _may(access.INCIDENTS_RECORD) else None,
        may_read_incidents=_may(access.INCIDENTS_READ),
        may_cancel=_may(access.RECEPTIONS_SCHEDULE),
        confirm=ConfirmForm(),
        status_labels=RECEPTION_STATUS,
        field_labels=FIELD_LABELS,
    )
    return page, status


@blueprint.get("/tiep-dot-xuat")
@roles_required(*access.RECEPTIONS_READ)
def receptions() -> Any:
    return _page()


@blueprint.post("/tiep-dot-xuat")
@roles_required(*access.RECEPTIONS_SCHEDULE)
def schedule() -> Any:
    form = ReceptionForm()
    if form.validate_on_submit():
        made = send(form, "roster", "POST", "/api/v1/receptions", _reception_body(form))
        if made is not None:
            flash(
                _("Đã lên lịch tiếp công dân đột xuất tại %(place)s; công an phường đã được báo.", place=made["place"]),
                "success",
            )
            return redirect(f"/tiep-dot-xuat#reception-{made['id']}")
    return _page(schedule=form, status=422)


@blueprint.post("/tiep-dot-xuat/<reception_id>/sua")
@roles_required(*access.RECEPTIONS_SCHEDULE)
def change(reception_id: str) -> Any:
    """Move the reception or change its details: roster sends it to the police again when place or time change."""
    form = ReceptionForm(formdata=request.form, prefix=f"edit-{reception_id}")
    path = f"/api/v1/receptions/{reception_id}"
    if form.validate_on_submit() and send(form, "roster", "PATCH", path, _reception_body(form)) is not None:
        flash(_("Đã cập nhật buổi tiếp công dân đột xuất; công an phường được báo lại."), "success")
        return redirect(f"/tiep-dot-xuat#reception-{reception_id}")
    return _page(edits={reception_id: form}, status=422)


@blueprint.post("/tiep-dot-xuat/<reception_id>/an-ninh")
@roles_required(*access.RECEPTIONS_SECURE)
def security_plan(reception_id: str) -> Any:
    form = SecurityPlanForm(formdata=request.form, prefix=f"plan-{reception_id}")
    if form.validate_on_submit():
        body = {"officers": form.officer_ids(), "notes": (form.notes.data or "").strip()}
        done = send(form, "roster", "PUT", f"/api/v1/receptions/{reception_id}/security-plan", body)
        if done is not None:
            flash(_("Đã ghi phương án bảo đảm an ninh trật tự."), "success")
            return redirect(f"/tiep-dot-xuat#reception-{reception_id}")
    return _page(plans={reception_id: form}, status=422)


@blueprint.post("/tiep-dot-xuat/<reception_id>/huy")
@roles_required(*access.RECEPTIONS_SCHEDULE)
def cancel(reception_id: str) -> Any:
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if send(form, "roster", "POST", f"/api/v1/receptions/{reception_id}/cancel", {}) is None:
        flash(" ".join(str(e) for e in form.form_errors), "error")
    else:
        flash(_("Đã hủy buổi tiếp công dân đột xuất."), "success")
    return redirect("/tiep-dot-xuat")


@blueprint.post("/tiep-dot-xuat/su-viec")
@roles_required(*access.INCIDENTS_RECORD)
def incident() -> Any:
    form = IncidentForm()
    form.reception_id.choices = []
    if form.validate_on_submit():
        body: dict[str, Any] = {
            "occurred_at": iso(form.occurred_at.data),
            "what_happened": form.what_happened.data.strip(),
            "action_taken": form.action_taken.data.strip(),
        }
        for name in ("case_ref", "reception_id"):
            value = (getattr(form, name).data or "").strip()
            if value:
                body[name] = value
        if send(form, "roster", "POST", "/api/v1/incidents", body) is not None:
            flash(_("Đã ghi sự việc tại trụ sở tiếp công dân."), "success")
            return redirect("/tiep-dot-xuat#incidents")
    return _page(incident=form, status=422)
