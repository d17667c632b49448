"""What the coordination pages (issue 19: the working group, unscheduled receptions, response plans, enforcements,
outreach) share: sending a form to a service with the person's token and an Idempotency-Key, the service's field
errors placed next to the form's fields, times typed as dd/mm/yyyy HH:MM, and the closed lists' labels."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, StringField
from wtforms.validators import Length, Optional

from ..adapters.services import ServiceUnavailable
from ..domain import access
from .case_reading import ApiProblem, call
from .context import current_account
from .upstream import WARD_TIME, parse_day, unavailable

#: intake's repeated `id` filter on GET /api/v1/cases takes at most this many
CASES_BY_ID_LIMIT = 100
KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
BAD_MOMENT = _l("Thời điểm không hợp lệ (dd/mm/yyyy hh:mm).")
TOO_LONG = _l("Tối đa %(max)d ký tự.")


class KeyedForm(FlaskForm):
    """A form that creates something: its own Idempotency-Key, made when the form is first shown, so that a double
    submit records once."""

    idempotency_key = HiddenField()

    def keyed(self) -> KeyedForm:
        if not KEY_SHAPE.match(self.idempotency_key.data or ""):
            self.idempotency_key.data = secrets.token_urlsafe(24)
        return self


class MomentField(StringField):
    """A time of the ward typed as dd/mm/yyyy hh:mm (or the yyyy-mm-ddThh:mm of a datetime input); `data` is the
    aware datetime, None when empty."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw = str(valuelist[0]).strip() if valuelist and valuelist[0] else ""
        if not self.raw:
            self.data = None
            return
        self.data = parse_moment(self.raw)
        if self.data is None:
            raise ValueError(str(BAD_MOMENT))

    def _value(self) -> str:
        if isinstance(self.data, datetime):
            return self.data.astimezone(WARD_TIME).strftime("%d/%m/%Y %H:%M")
        return getattr(self, "raw", "") or ""


def iso(value: date | datetime | None) -> str:
    """A validated form date or time as the APIs take it (the form's DataRequired has made sure it is there)."""
    return value.isoformat() if value is not None else ""


def parse_moment(text: str) -> datetime | None:
    """dd/mm/yyyy hh:mm or yyyy-mm-ddThh:mm (or with a space) in the ward's time; None when it is neither."""
    text = text.strip().replace("T", " ")
    day_text, _sep, time_text = text.partition(" ")
    day = parse_day(day_text)
    if day is None or not re.fullmatch(r"\d{1,2}:\d{2}", time_text.strip()):
        return None
    hour, minute = (int(part) for part in time_text.strip().split(":"))
    if hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WARD_TIME)


def optional_text(length: int) -> list[Any]:
    return [Optional(), Length(max=length, message=TOO_LONG)]


def send(
    form: FlaskForm,
    service: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    fields: Mapping[str, str] | None = None,
    params: dict[str, Any] | None = None,
) -> Any:
    """The service's answer when it took the form; else None with its messages on the form: each next to the field
    it names (`fields` maps the API's field to the form's where the names differ), the rest above the form. A record
    of another unit (404) is this page's 404."""
    headers = {}
    if isinstance(form, KeyedForm):
        headers["Idempotency-Key"] = form.idempotency_key.data or ""
    try:
        return call(service, method, path, params=params, body=body, headers=headers)
    except ServiceUnavailable:
        form.form_errors.append(unavailable(service))
    except ApiProblem as exc:
        if exc.status == 404 and not exc.errors:
            abort(404)
        if exc.status in (401, 403):
            abort(exc.status)
        place_errors(form, exc, fields or {})
    return None


def place_errors(form: FlaskForm, problem: ApiProblem, fields: Mapping[str, str]) -> None:
    placed = False
    for path, messages in problem.errors.items():
        target = _form_field(form, path, fields)
        listed = [str(m) for m in (messages if isinstance(messages, list) else [messages])]
        if target is None:
            form.form_errors.extend(f"{path}: {m}" for m in listed)
            continue
        target.errors = [*target.errors, *listed]
        placed = True
    if not placed:
        form.form_errors.insert(0, problem.detail)


def _form_field(form: FlaskForm, path: str, fields: Mapping[str, str]) -> Field | None:
    """The form's field for an API path: `period.to`, `members.2.staff_id`, `officers.0` → the mapped or first name."""
    for candidate in (path, path.split(".", 1)[0]):
        name = fields.get(candidate, candidate)
        found = getattr(form, name, None)
        if isinstance(found, Field) and name not in ("csrf_token", "idempotency_key"):
            return found
    return None


def read(service: str, path: str, params: dict[str, Any] | None = None) -> tuple[Any, str | None]:
    """A service's answer to a read, or None and the sentence that says why not (another unit's record: 404)."""
    try:
        return call(service, "GET", path, params=params), None
    except ServiceUnavailable:
        return None, unavailable(service)
    except ApiProblem as exc:
        if exc.status == 404:
            abort(404)
        if exc.status in (401, 403):
            abort(exc.status)
        return None, exc.detail


def cases_named(case_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The cases by id, read in one request: a page names each case by its subject, as the case list does. Empty for
    those who may not read cases (the front, Party building) and for a case intake did not give: the page shows ids."""
    wanted = list(dict.fromkeys(case_ids))[:CASES_BY_ID_LIMIT]
    account = current_account()
    if not wanted or not (account and account.has_any(access.CASES)):
        return {}
    found, _problem = read("intake", "/api/v1/cases", {"id": wanted, "limit": CASES_BY_ID_LIMIT})
    return {case["id"]: case for case in (found or {}).get("items") or []}


def staff_names() -> dict[str, dict[str, Any]]:
    """Roster's staff by id (the roles that read the staff list); empty for the others, who see ids."""
    listed, _problem = _quiet_staff()
    return {person["id"]: person for person in listed}


def _quiet_staff() -> tuple[list[dict[str, Any]], str | None]:
    try:
        page = call("roster", "GET", "/api/v1/staff", params={"limit": 500})
    except (ServiceUnavailable, ApiProblem):
        return [], _("Không đọc được danh sách cán bộ.")
    return list(page.get("items") or []), None


MEMBER_ROLES = {
    "head": _l("Tổ trưởng"),
    "deputy": _l("Tổ phó"),
    "secretary": _l("Thư ký"),
    "member": _l("Thành viên"),
}
RECEPTION_STATUS = {"scheduled": _l("Đã lên lịch"), "cancelled": _l("Đã hủy")}
PLAN_REASONS = {
    "crowd": _l("Đông người"),
    "hotspot": _l("Điểm nóng"),
    "over_level": _l("Vượt cấp"),
    "complex": _l("Phức tạp, kéo dài"),
}
PLAN_OUTCOMES = {
    "settled": _l("Đã giải quyết, ổn định"),
    "citizens_returned": _l("Công dân đã trở về địa phương"),
    "transferred": _l("Đã chuyển cơ quan có thẩm quyền"),
    "monitoring": _l("Tiếp tục theo dõi"),
}
PLAN_STATUS = {"open": _l("Đang thực hiện"), "closed": _l("Đã kết thúc")}
VERDICTS = {"go": _l("Đồng ý thực hiện cưỡng chế"), "hold": _l("Tạm hoãn cưỡng chế")}
OUTREACH_TOPICS = {
    "religion": _l("Tôn giáo"),
    "policy": _l("Chính sách"),
    "meritorious_people": _l("Người có công"),
    "land": _l("Đất đai"),
    "compensation": _l("Bồi thường, hỗ trợ, tái định cư"),
    "environment": _l("Môi trường"),
    "other": _l("Khác"),
}
#: what MTTQ and Ban Xây dựng Đảng record (intake's MASS_WORK_TOPICS)
MASS_WORK_TOPICS = ("religion", "policy", "meritorious_people")
OUTREACH_OUTCOMES = {
    "agreed_to_return": _l("Đồng ý trở về địa phương"),
    "understood": _l("Đã hiểu, chấp hành"),
    "will_petition_again": _l("Tiếp tục khiếu nại, kiến nghị"),
    "not_agreed": _l("Chưa đồng ý"),
    "other": _l("Khác"),
}
GROUP_PLACES = {"province": _l("Tại tỉnh"), "central": _l("Tại Hà Nội (các cơ quan Trung ương)")}
