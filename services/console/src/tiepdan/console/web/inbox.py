"""Hộp thư: the alerts the signed-in person's receivers were told of, newest first, a page at a time.

Read through the alerts API (`/api/v1/inbox`) with the person's token: the API decides which receivers are the
person's (by role) and what the role may read, so the page filters nothing itself.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..domain import access
from .context import person_token, roles_required
from .live import call

blueprint = Blueprint("inbox", __name__)

PAGE_SIZE = 20
REASON_LABELS = {
    "raised": _l("Cảnh báo mới"),
    "severity_raised": _l("Tăng mức độ"),
    "escalated": _l("Chuyển lên cấp trên"),
    "updated": _l("Có diễn biến mới"),
    "renotify": _l("Nhắc lại"),
    "resolved": _l("Đã xử lý xong"),
}
RECEIVER_LABELS = {
    "ward_office": _l("Văn phòng HĐND-UBND phường"),
    "leader": _l("Lãnh đạo UBND phường"),
    "police": _l("Công an phường"),
    "party_inspection": _l("Ủy ban Kiểm tra Đảng ủy phường"),
    "party_standing": _l("Thường trực Đảng ủy phường"),
    "province": _l("Ban Tiếp công dân tỉnh"),
}


@blueprint.get("/hop-thu")
@roles_required(*access.INBOX)
def inbox() -> str:
    cursor = (request.args.get("cursor") or "").strip()
    params: dict[str, Any] = {"limit": PAGE_SIZE}
    if cursor:
        params["cursor"] = cursor
    answer = call("alerts", "GET", "/api/v1/inbox", person_token(), params=params)
    items: list[dict[str, Any]] = []
    next_cursor = None
    problem = None
    if answer is None:
        problem = _("Hiện không kết nối được dịch vụ cảnh báo.")
    elif answer[0] != 200 or not isinstance(answer[1], dict):
        body = answer[1]
        detail = body.get("detail") if isinstance(body, dict) else None
        problem = _("Dịch vụ cảnh báo trả lời: %(problem)s", problem=detail or answer[0])
    else:
        items, next_cursor = answer[1].get("items") or [], answer[1].get("next_cursor")
    return render_template(
        "inbox.html",
        items=items,
        next_cursor=next_cursor,
        paged=bool(cursor),
        problem=problem,
        reason_labels=REASON_LABELS,
        receiver_labels=RECEIVER_LABELS,
    )
