"""`/van-dong`: outreach records (tuyên truyền, vận động; hướng dẫn công dân trở về địa phương) through intake's
`/api/v1/outreach`: who talked to whom, when, on what, and the outcome. MTTQ and Ban Xây dựng Đảng record and read
the matters of their mass work only (religion, policy, người có công), as intake admits."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..domain import access
from .context import current_account, roles_required
from .coordination import (
    GROUP_PLACES,
    MASS_WORK_TOPICS,
    OUTREACH_OUTCOMES,
    OUTREACH_TOPICS,
    KeyedForm,
    MomentField,
    cases_named,
    optional_text,
    read,
    send,
)
from .forms import REQUIRED

blueprint = Blueprint("outreach", __name__)
LIST_LIMIT = 50
SPEAKER = re.compile(r"^\s*([A-Za-z0-9._-]{1,64})\s*[,;/:-]\s*([^\s,;/:]{1,20})\s*$")


def _speakers(text: str | None) -> list[dict[str, str]]:
    found = []
    for line in (text or "").splitlines():
        matched = SPEAKER.match(line)
        if matched:
            found.append({"staff_id": matched.group(1), "agency": matched.group(2)})
    return found


def _speaker_lines(form: Any, field: Any) -> None:
    lines = [line for line in (field.data or "").splitlines() if line.strip()]
    if not lines:
        raise ValidationError(str(REQUIRED))
    bad = [line.strip() for line in lines if not SPEAKER.match(line)]
    if bad:
        raise ValidationError(_("Mỗi dòng ghi “mã cán bộ, cơ quan”; không đọc được: %(lines)s", lines="; ".join(bad)))


def _choices(labels: dict[str, Any], codes: tuple[str, ...] | None = None) -> list[SelectChoice]:
    kept = [(code, label) for code, label in labels.items() if codes is None or code in codes]
    return [SelectChoice("", "—"), *(SelectChoice(code, label) for code, label in kept)]


class OutreachForm(KeyedForm):
    held_at = MomentField(_l("Thời gian"), validators=[DataRequired(REQUIRED)])
    place = StringField(_l("Địa điểm"), validators=optional_text(300))
    topic = SelectField(_l("Nội dung tuyên truyền, vận động"), validators=[DataRequired(REQUIRED)])
    talked_by = TextAreaField(
        _l("Cán bộ thực hiện (mỗi dòng: mã cán bộ, cơ quan — ví dụ: s028, MTTQ)"),
        validators=[_speaker_lines, Length(max=4000)],
    )
    persons = IntegerField(
        _l("Số người được vận động"),
        validators=[DataRequired(REQUIRED), NumberRange(1, 100_000, _l("Từ 1 đến 100.000 người."))],
        invalid_value_message=_l("Phải là một số nguyên."),
    )
    audience = TextAreaField(
        _l("Đối tượng được vận động (không ghi họ tên, số giấy tờ)"),
        validators=[DataRequired(REQUIRED), Length(max=2000)],
    )
    outcome = SelectField(_l("Kết quả"), choices=_choices(OUTREACH_OUTCOMES), validators=[DataRequired(REQUIRED)])
    case_id = StringField(_l("Mã vụ việc đã có kết quả giải quyết"), validators=optional_text(36))
    alert_id = StringField(_l("Hoặc: mã cảnh báo đoàn đông người"), validators=optional_text(64))
    group_at = SelectField(_l("Đoàn đang ở"), choices=_choices(GROUP_PLACES), validators=[Optional()])
    notes = TextAreaField(_l("Ghi chú"), validators=optional_text(4000))


def _topics() -> tuple[str, ...]:
    account = current_account()
    if account and account.has_any(frozenset({"clerk", "leader"})):
        return tuple(OUTREACH_TOPICS)
    return MASS_WORK_TOPICS


def _form(formdata: Any = None) -> OutreachForm:
    form = OutreachForm(formdata=formdata) if formdata is not None else OutreachForm()
    form.topic.choices = _choices(OUTREACH_TOPICS, _topics())
    if formdata is None and request.method == "GET":
        form.case_id.data = (request.args.get("case") or "")[:36]
    return form


def _page(form: OutreachForm, status: int = 200) -> tuple[str, int]:
    listed, problem = read("intake", "/api/v1/outreach", {"limit": LIST_LIMIT})
    items = (listed or {}).get("items") or []
    account = current_account()
    page = render_template(
        "coordination/outreach.html",
        items=items,
        cases=cases_named(item["case_id"] for item in items if item.get("case_id")),
        may_open_cases=bool(account and account.has_any(access.CASES)),
        problem=problem,
        form=form.keyed(),
        topic_labels=OUTREACH_TOPICS,
        outcome_labels=OUTREACH_OUTCOMES,
        place_labels=GROUP_PLACES,
    )
    return page, status


@blueprint.get("/van-dong")
@roles_required(*access.OUTREACH)
def outreach() -> Any:
    return _page(_form())


@blueprint.post("/van-dong")
@roles_required(*access.OUTREACH)
def record() -> Any:
    form = _form(request.form)
    if form.validate_on_submit():
        body: dict[str, Any] = {
            "held_at": form.held_at.data.isoformat(),  # type: ignore[union-attr]
            "topic": form.topic.data,
            "talked_by": _speakers(form.talked_by.data),
            "persons": form.persons.data,
            "audience": (form.audience.data or "").strip(),
            "outcome": form.outcome.data,
        }
        for name in ("place", "case_id", "alert_id", "group_at", "notes"):
            value = (getattr(form, name).data or "").strip()
            if value:
                body[name] = value
        if send(form, "intake", "POST", "/api/v1/outreach", body) is not None:
            flash(_("Đã ghi kết quả tuyên truyền, vận động."), "success")
            return redirect("/van-dong")
    return _page(form, 422)
