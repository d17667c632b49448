"""Reading event data tolerantly: extra fields are ignored, optional ones get sensible defaults."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any


def instant(value: Any) -> datetime:
    """RFC 3339 with offset ("Z" too); an instant without offset is refused, since the ward's day depends on it."""
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"time without UTC offset: {value!r}")
    return parsed


def optional_instant(value: Any) -> datetime | None:
    return None if value in (None, "") else instant(value)


def day(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def text(data: Mapping[str, Any], key: str, limit: int, default: str = "") -> str:
    value = data.get(key)
    return default if value is None else str(value)[:limit]


def count(data: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = data.get(key, default)
    if isinstance(value, list):  # a list of signers counts its members
        return len(value)
    return int(value) if value is not None else default


def optional_bool(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    return None if value is None else bool(value)


def deadline_dates(deadlines: Any) -> dict[str, date]:
    """`{"process_by": {"date": "2026-01-30", "rule": …}}` or `{"process_by": "2026-01-30"}`; nulls are skipped."""
    if not isinstance(deadlines, Mapping):
        return {}
    dates: dict[str, date] = {}
    for name, value in deadlines.items():
        raw = value.get("date") if isinstance(value, Mapping) else value
        if raw:
            dates[str(name)[:40]] = day(raw)
    return dates


def watched_names(watched: Any) -> list[str] | None:
    """`["process_by", "transfer_by"]`: the deadlines intake watches after a case change; None when absent."""
    if watched is None:
        return None
    if not isinstance(watched, list | tuple):
        raise ValueError("watched must be a list of deadline names")
    return sorted({str(name)[:40] for name in watched})
