"""The reception desk (role clerk): register a visit or a written petition through intake's API, see its answer
(case new or repeat, group, the due date and its legal basis) and the day's registrations.

Each form carries its own Idempotency-Key (a hidden field made when the form is first shown), so a double submit
registers once. A denunciation's citizens are never shown back: not in the answer, not in the day's list."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, redirect, render_template, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.fields import FieldList, FormField

from ..adapters.services import ServiceUnavailable
from ..domain import access
from .context import console, person_token, roles_required
from .desk_forms import (
    CHANNEL_LABELS,
    RECEPTION_LABELS,
    DeskForm,
    PetitionForm,
    VisitForm,
)
from .labels import FIELD_LABELS, KIND_LABELS

blueprint = Blueprint("desk", __name__, url_prefix="/desk")

WARD_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
#: The day's list shows at most this many registrations (a ward receives far fewer in a day).
DAY_LIMIT = 200
#: The answer to the last registration, shown once on the page the form redirects to.
RESULT_KEY = "desk_result"
KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
#: An API error path's last part that the form names otherwise.
SUBFIELD_ALIASES = {"from": "start", "to": "end"}
CHOOSE = _l("Bắt buộc chọn.")
WHOLE_NUMBER = _l("Phải là một số nguyên.")
BAD_DATE = _l("Ngày không hợp lệ (ngày/tháng/năm).")
BAD_TIME = _l("Thời điểm không hợp lệ (ngày/tháng/năm giờ:phút).")


@dataclass
class Draft:
    """The API body built from a form, and the errors found before sending it."""

    body: dict[str, Any] = field(default_factory=dict)
    #: the form row of each citizen sent, by position in `body["citizens"]`
    citizen_rows: list[int] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, path: str, message: object) -> None:
        self.errors.setdefault(path, []).append(str(message))


def _text(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None


def _required_choice(draft: Draft, name: str, value: str | None) -> None:
    if value:
        draft.body[name] = value
    else:
        draft.fail(name, CHOOSE)


def _whole_number(draft: Draft, name: str, value: str | None) -> int | None:
    raw = (value or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        draft.fail(name, WHOLE_NUMBER)
        return None
    return int(raw)


def _parsed(raw: str, formats: tuple[str, ...]) -> datetime | None:
    """Typed the Vietnamese way (dd/mm/yyyy), or as ISO 8601."""
    for shape in formats:
        try:
            return datetime.strptime(raw, shape)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def _date(draft: Draft, name: str, value: str | None) -> str | None:
    raw = (value or "").strip()
    if not raw:
        return None
    parsed = _parsed(raw, ("%d/%m/%Y",))
    if parsed is None:
        draft.fail(name, BAD_DATE)
        return None
    return parsed.date().isoformat()


def _content(form: DeskForm) -> Draft:
    draft = Draft()
    body = draft.body
    _required_choice(draft, "kind", form.kind.data)
    _required_choice(draft, "field", form.field.data)
    body["subject"] = (form.subject.data or "").strip()
    body["area"] = (form.area.data or "").strip()
    body["summary"] = (form.summary.data or "").strip()
    body["party_related"] = bool(form.party_related.data)
    body["case_id"] = _text(form.case_id.data)
    body["complaint_round"] = 2 if form.complaint_round.data == "2" else 1
    body["several_places"] = bool(form.several_places.data)
    body["paper_file_ref"] = _text(form.paper_file_ref.data)
    body["known_on"] = _date(draft, "known_on", form.known_on.data)
    obstacle = form.filing_obstacle.form
    if any(_text(f.data) for f in (obstacle.start, obstacle.end, obstacle.reason)):
        body["filing_obstacle"] = {
            "from": _date(draft, "filing_obstacle.from", obstacle.start.data),
            "to": _date(draft, "filing_obstacle.to", obstacle.end.data),
            "reason": (obstacle.reason.data or "").strip(),
        }
    for flag in ("voter_list", "about_candidate", "congress_personnel"):
        body[flag] = bool(getattr(form, flag).data)
    citizens = []
    for row_index, entry in enumerate(form.citizens.entries):
        row = entry.form
        if row.is_blank():
            continue
        draft.citizen_rows.append(row_index)
        citizens.append(
            {
                "full_name": (row.full_name.data or "").strip(),
                "id_type": row.id_type.data or None,
                "id_number": _text(row.id_number.data),
                "phone": _text(row.phone.data),
                "address": _text(row.address.data),
                "representative": bool(row.representative.data),
            }
        )
    body["citizens"] = citizens
    return draft


def visit_draft(form: VisitForm) -> Draft:
    draft = _content(form)
    body = draft.body
    raw_time = (form.received_at.data or "").strip()
    body["received_at"] = None
    if raw_time:
        parsed = _parsed(raw_time, ("%d/%m/%Y %H:%M", "%d/%m/%Y"))
        if parsed is None:
            draft.fail("received_at", BAD_TIME)
        else:
            body["received_at"] = parsed.replace(tzinfo=WARD_TIME).isoformat()
    _required_choice(draft, "reception", form.reception.data)
    body["host_name"] = _text(form.host_name.data)
    body["headcount"] = _whole_number(draft, "headcount", form.headcount.data)
    body["handled_by"] = _text(form.handled_by.data)
    body["notes"] = _text(form.notes.data)
    refusal = form.refusal.form
    body["refusal"] = (
        {"reason_code": refusal.reason_code.data, "notice_no": _text(refusal.notice_no.data)}
        if refusal.reason_code.data
        else None
    )
    return draft


def petition_draft(form: PetitionForm) -> Draft:
    draft = _content(form)
    body = draft.body
    _required_choice(draft, "channel", form.channel.data)
    body["received_on"] = _date(draft, "received_on", form.received_on.data)
    body["sender_agency"] = _text(form.sender_agency.data)
    body["signers"] = _whole_number(draft, "signers", form.signers.data)
    for flag in ("signed", "dated", "in_vietnamese"):
        body[flag] = bool(getattr(form, flag).data)
    body["competent"] = {"true": True, "false": False}.get(form.competent.data or "")
    return draft


def place_api_errors(form: DeskForm, draft: Draft, errors: dict[str, Any]) -> None:
    """Each message next to the field its path names (`citizens.0.phone` → that row's phone); a path the form does
    not have goes to the top of the form, a whole list's or sub-object's to its group."""
    for path, messages in errors.items():
        texts = [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
        target = _field_at(form, draft, path.split("."))
        if target is None:
            form.form_errors.extend(texts)
        elif isinstance(target, FieldList | FormField):
            form.group_errors.setdefault(target.name, []).extend(texts)
        else:
            target.errors = [*target.errors, *texts]


def _field_at(form: DeskForm, draft: Draft, parts: list[str]) -> Field | None:
    current: Any = form
    for position, part in enumerate(parts):
        if isinstance(current, FieldList):
            if not part.isdigit() or int(part) >= len(draft.citizen_rows):
                return current
            current = current.entries[draft.citizen_rows[int(part)]]
            continue
        if isinstance(current, FormField):
            current = current.form
        name = SUBFIELD_ALIASES.get(part, part) if position else part
        found = getattr(current, name, None)
        if not isinstance(found, Field) or name == "csrf_token":
            return None
        current = found
    return current if isinstance(current, Field) else None


def _prepare(form: DeskForm) -> None:
    form.group_errors = {}
    form.focus_row = None
    if not KEY_SHAPE.match(form.idempotency_key.data or ""):
        form.idempotency_key.data = secrets.token_urlsafe(24)


def _register(form: DeskForm, draft: Draft, path: str) -> dict[str, Any] | None:
    """The API's answer when it registered; else the errors are on the form and None."""
    place_api_errors(form, draft, draft.errors)
    if draft.errors:
        return None
    try:
        answer = console().services.call(
            "intake",
            "POST",
            path,
            person_token(),
            body=draft.body,
            headers={"Idempotency-Key": form.idempotency_key.data or ""},
        )
    except ServiceUnavailable:
        form.form_errors.append(
            _("Hiện không kết nối được dịch vụ tiếp nhận. Nội dung đã nhập vẫn còn trên trang; vui lòng gửi lại sau.")
        )
        return None
    body = answer.body if isinstance(answer.body, dict) else {}
    if answer.status in (200, 201):
        return body
    if answer.status == 422 and isinstance(body.get("errors"), dict) and body["errors"]:
        place_api_errors(form, draft, body["errors"])
    else:
        detail = body.get("detail") or body.get("title") or answer.status
        form.form_errors.append(_("Dịch vụ tiếp nhận không ghi nhận: %(detail)s", detail=detail))
    return None


def _wants_another_row(form: DeskForm) -> bool:
    if "add_citizen" not in request.form:
        return False
    if len(form.citizens.entries) < (form.citizens.max_entries or 0):
        form.citizens.append_entry()
        form.focus_row = len(form.citizens.entries) - 1
    return True


def ward_date(value: str | None) -> str:
    """`2026-12-03` (or an ISO date-time) → 03/12/2026, in the ward's time."""
    if not value:
        return ""
    try:
        if "T" in value:
            return datetime.fromisoformat(value).astimezone(WARD_TIME).strftime("%d/%m/%Y %H:%M")
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _deadline(rule: dict[str, Any] | None, due: str | None) -> dict[str, Any] | None:
    if not due and not rule:
        return None
    rule = rule or {}
    return {
        "date": ward_date(due or rule.get("date")),
        "basis": rule.get("rule") or "",
        "provisional": bool(rule.get("provisional")),
        "provisional_reason": rule.get("provisional_reason") or "",
    }


def visit_result(created: dict[str, Any]) -> dict[str, Any]:
    """What the clerk reads back: never a citizen's identity (a denunciation's stays with intake)."""
    return {
        "what": "visit",
        "id": created.get("id"),
        "case_id": created.get("case_id"),
        "case_is_new": bool(created.get("case_is_new")),
        "repeat": bool(created.get("repeat")),
        "is_group": bool(created.get("is_group")),
        "headcount": created.get("headcount"),
        "refused": bool(created.get("refusal")),
        "due": _deadline(created.get("reply_due_rule"), created.get("reply_due")),
    }


def petition_result(created: dict[str, Any]) -> dict[str, Any]:
    return {
        "what": "petition",
        "id": created.get("id"),
        "case_id": created.get("case_id"),
        "case_is_new": bool(created.get("case_is_new")),
        "repeat": bool(created.get("repeat")),
        "signers": created.get("signers"),
        "eligible": created.get("eligible", True),
        "ineligible_reasons": created.get("ineligible_reasons") or [],
        "processable": created.get("processable", True),
        "due": _deadline(created.get("process_by_rule"), created.get("process_by")),
    }


@dataclass(frozen=True)
class DayList:
    items: list[dict[str, Any]]
    unavailable: bool = False
    problem: str | None = None


def _today() -> str:
    return datetime.now(WARD_TIME).date().isoformat()


def day_list(path: str) -> DayList:
    today = _today()
    try:
        answer = console().services.call(
            "intake", "GET", path, person_token(), params={"from": today, "to": today, "limit": DAY_LIMIT}
        )
    except ServiceUnavailable:
        return DayList([], unavailable=True)
    if answer.status != 200 or not isinstance(answer.body, dict):
        detail = answer.body.get("detail") if isinstance(answer.body, dict) else None
        return DayList([], problem=str(detail or answer.status))
    return DayList([_listed(item) for item in answer.body.get("items") or []])


def _listed(item: dict[str, Any]) -> dict[str, Any]:
    secret = item.get("kind") == "denunciation"
    names = [] if secret else [c.get("full_name", "") for c in item.get("citizens") or []]
    return {
        "id": item.get("id"),
        "case_id": item.get("case_id"),
        "time": ward_date(item.get("received_at")) if item.get("received_at") else ward_date(item.get("received_on")),
        "kind": KIND_LABELS.get(item.get("kind", ""), item.get("kind")),
        "field": FIELD_LABELS.get(item.get("field", ""), item.get("field")),
        "subject": item.get("subject"),
        "area": item.get("area"),
        "secret": secret,
        "names": names,
        "headcount": item.get("headcount"),
        "is_group": item.get("is_group"),
        "repeat": item.get("repeat"),
        "reception": RECEPTION_LABELS.get(item.get("reception", ""), ""),
        "channel": CHANNEL_LABELS.get(item.get("channel", ""), ""),
        "signers": item.get("signers"),
        "due": ward_date(item.get("reply_due") or item.get("process_by")),
    }


def _page(template: str, form: DeskForm, list_path: str, status: int) -> tuple[str, int]:
    result = session.pop(RESULT_KEY, None) if request.method == "GET" else None
    page = render_template(template, form=form, result=result, day=day_list(list_path), today=ward_date(_today()))
    return page, status


def _desk(form: DeskForm, template: str, path: str, build: Any, summarise: Any) -> Any:
    _prepare(form)
    if request.method == "POST":
        if _wants_another_row(form):
            return _page(template, form, path, 200)
        if form.validate_on_submit():
            created = _register(form, build(form), path)
            if created is not None:
                session[RESULT_KEY] = summarise(created)
                return redirect(request.path + "#result")
        return _page(template, form, path, 422)
    return _page(template, form, path, 200)


@blueprint.route("", methods=["GET", "POST"])
@roles_required(*access.DESK)
def visits() -> Any:
    return _desk(VisitForm(), "desk/visit.html", "/api/v1/visits", visit_draft, visit_result)


@blueprint.route("/petitions", methods=["GET", "POST"])
@roles_required(*access.DESK)
def petitions() -> Any:
    return _desk(PetitionForm(), "desk/petition.html", "/api/v1/petitions", petition_draft, petition_result)
