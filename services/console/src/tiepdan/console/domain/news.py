"""News items for the ward's public page: their states, who moves them, and the rule that they carry no personal
data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: nothing that identifies a citizen is published)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

DRAFT, APPROVED, PUBLISHED, UNPUBLISHED = "draft", "approved", "published", "unpublished"
#: action → (states it starts from, state it leads to); a leader approves, publishes and unpublishes
TRANSITIONS = {
    "approve": ((DRAFT,), APPROVED),
    "publish": ((APPROVED, UNPUBLISHED), PUBLISHED),
    "unpublish": ((PUBLISHED,), UNPUBLISHED),
}
TITLE_MAX, BODY_MAX = 200, 5000
#: 9- or 12-digit identity numbers and Vietnamese phone numbers (10 digits from 0, or +84), spaces or dots allowed
_IDENTITY = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+84|0)(?:[\s.]?\d){9}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


class NewsError(ValueError):
    """A rule a news item breaks: `code` names it, `field` the form field it belongs to."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class NewsDraft:
    title: str
    body: str


@dataclass(frozen=True)
class NewsItem:
    id: str
    unit: str
    title: str
    body: str
    status: str
    created_by: str
    created_at: datetime
    approved_by: str | None
    published_at: datetime | None


def check_draft(draft: NewsDraft) -> NewsDraft:
    title, body = draft.title.strip(), draft.body.strip()
    if not title:
        raise NewsError("required", "title")
    if not body:
        raise NewsError("required", "body")
    if len(title) > TITLE_MAX:
        raise NewsError("too_long", "title")
    if len(body) > BODY_MAX:
        raise NewsError("too_long", "body")
    for name, text in (("title", title), ("body", body)):
        if personal_data_in(text):
            raise NewsError("personal_data", name)
    return NewsDraft(title, body)


def personal_data_in(text: str) -> bool:
    """An identity number, a phone number or an e-mail address: what would name a citizen in a public notice."""
    return bool(_IDENTITY.search(text) or _PHONE.search(text) or _EMAIL.search(text))


def next_status(action: str, status: str) -> str:
    if action not in TRANSITIONS:
        raise NewsError("unknown_action")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise NewsError("wrong_state")
    return target
