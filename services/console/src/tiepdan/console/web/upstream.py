"""What the duty and reports pages share when they relay a service: its problem as a sentence, a file streamed on,
dates typed into a filter."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from ..adapters.services import ServiceUnavailable
from .context import console, person_token

SERVICE_NAMES = {
    "roster": _l("dịch vụ lịch trực"),
    "reports": _l("dịch vụ báo cáo"),
    "intake": _l("dịch vụ tiếp nhận"),
    "alerts": _l("dịch vụ cảnh báo"),
}


def problem_text(body: Any, status: int) -> str:
    """A service's problem+json as one line: its detail, then each field's messages."""
    if not isinstance(body, dict):
        return str(status)
    parts = [str(body["detail"])] if body.get("detail") else []
    errors = body.get("errors")
    if isinstance(errors, dict):
        for path, messages in errors.items():
            listed = messages if isinstance(messages, list) else [messages]
            parts.append(f"{path}: {'; '.join(str(m) for m in listed)}")
    return " — ".join(parts) or str(body.get("title") or status)


@dataclass(frozen=True)
class Fetched:
    """A service's JSON answer for a page: `body` when it said 200/201, else `problem` (a sentence to show)."""

    body: Any = None
    problem: str = ""
    status: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem


def fetch(service: str, method: str, path: str, **kwargs: Any) -> Fetched:
    """Call a service with the person's token; a service that does not answer becomes a sentence, never a 500."""
    try:
        answer = console().services.call(service, method, path, person_token(), **kwargs)
    except ServiceUnavailable:
        return Fetched(problem=unavailable(service), status=503)
    if answer.status in (200, 201, 202):
        return Fetched(answer.body, status=answer.status)
    return Fetched(problem=problem_text(answer.body, answer.status), status=answer.status)


def unavailable(service: str) -> str:
    return _("Hiện không kết nối được %(service)s. Vui lòng thử lại sau.", service=SERVICE_NAMES.get(service, service))


def relay_file(service: str, path: str, back: str, params: dict[str, Any] | None = None) -> Response:
    """The service's file streamed on, chunk by chunk; its 404 is this page's 404 (an item of another unit is not
    there); any other refusal, or a service down, goes back to `back` with the reason."""
    try:
        answer = console().services.download(service, path, person_token(), params=params)
    except ServiceUnavailable:
        flash(unavailable(service), "error")
        return redirect(back)
    if answer.status == 404:
        abort(404)
    if answer.status != 200:
        body = b"".join(answer.chunks)
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        flash(problem_text(parsed, answer.status), "error")
        return redirect(back)
    return Response(answer.chunks, headers=answer.headers)


def parse_day(text: str | None) -> date | None:
    """A date typed as yyyy-mm-dd (the date input) or dd/mm/yyyy; None when it is neither."""
    if not text:
        return None
    text = text.strip()
    for parse in (date.fromisoformat, _vietnamese_date):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _vietnamese_date(text: str) -> date:
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


WARD_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def vn_date(value: Any) -> str:
    """An API's yyyy-mm-dd as dd/mm/yyyy; what is not a date is shown as it came."""
    if not value:
        return "—"
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def vn_datetime(value: Any) -> str:
    """An API's RFC 3339 instant as dd/mm/yyyy HH:MM in the ward's time."""
    if not value:
        return "—"
    try:
        instant = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(WARD_TIME).strftime("%d/%m/%Y %H:%M")
