"""Cursor (keyset) pagination for every list: `?limit=` (default 50, max 500) and `?cursor=`.

The cursor is the opaque last row's key; keys must be unique together (e.g. `(received_at, id)`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from .errors import Problem

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class PageArgs(Schema):
    """Query arguments of a list; inherit to add filters."""

    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT))
    cursor = fields.String(
        load_default=None,
        metadata={"description": "`next_cursor` of the previous page, as given; any other value is refused (422)."},
    )


def _encode(values: Sequence[Any]) -> str:
    """Dates and times are tagged so the cursor binds them as such again (column types cannot always say)."""
    tagged = [
        {"dt": v.isoformat()} if isinstance(v, datetime) else {"d": v.isoformat()} if isinstance(v, date) else v
        for v in values
    ]
    return base64.urlsafe_b64encode(json.dumps(tagged).encode()).decode().rstrip("=")


def _untag(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
    return value


def _decode(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("shape")
        return [_untag(value) for value in values]
    except (ValueError, TypeError) as exc:
        raise Problem(422, "Con trỏ phân trang không hợp lệ.", {"cursor": ["Không đọc được con trỏ."]}) from exc


def paginate(
    session: Session,
    stmt: Select[Any],
    keys: Sequence[InstrumentedAttribute[Any]],
    args: dict[str, Any],
    descending: bool = False,
) -> dict[str, Any]:
    """Run `stmt` (an ORM select of one entity) a page at a time; returns `{"items", "next_cursor"}`."""
    limit = int(args.get("limit") or DEFAULT_LIMIT)
    key = tuple_(*keys) if len(keys) > 1 else keys[0]
    if args.get("cursor"):
        after = _decode(args["cursor"], len(keys))
        bound = tuple_(*after) if len(keys) > 1 else after[0]
        stmt = stmt.where(key < bound if descending else key > bound)
    order = [k.desc() if descending else k.asc() for k in keys]
    rows = list(session.scalars(stmt.order_by(*order).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([getattr(last, k.key) for k in keys])
    return {"items": rows, "next_cursor": next_cursor}
