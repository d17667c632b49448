"""Silences (a person mutes matching alerts for a while) and inhibitions (one alert mutes another).

A muted alert is still recorded, counted and readable; it is only not delivered and not escalated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.kinds import Kind, Severity
from tiepdan.alerts.domain.observations import parse_instant
from tiepdan.alerts.domain.rules import Inhibition
from tiepdan.alerts.domain.validation import Reader
from tiepdan.kit.text import normalise_subject

#: The alert attributes a silence may match on; text attributes compare folded.
SILENCE_MATCHERS = ("kind", "severity", "group_key", "field", "area", "subject")
_PLACEHOLDER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Silence:
    id: str
    unit: str
    matchers: Mapping[str, str]
    starts_at: datetime
    ends_at: datetime
    created_by: str
    comment: str
    created_at: datetime

    def active_at(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    def matches(self, alert: Alert) -> bool:
        return all(_attribute_matches(alert, name, expected) for name, expected in self.matchers.items())

    def to_document(self, now: datetime) -> dict[str, Any]:
        return {
            "id": self.id,
            "matchers": dict(self.matchers),
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "created_by": self.created_by,
            "comment": self.comment,
            "created_at": self.created_at.isoformat(),
            "active": self.active_at(now),
        }


@dataclass(frozen=True)
class SilenceRequest:
    matchers: Mapping[str, str]
    starts_at: datetime
    ends_at: datetime
    comment: str


def read_silence_request(data: Any, now: datetime) -> SilenceRequest:
    """`POST /api/v1/silences` body: matchers, optional starts_at (default now), ends_at, comment."""
    reader = Reader()
    document = reader.mapping(data, "")
    raw_matchers = reader.mapping(document.get("matchers", {}), "matchers")
    matchers: dict[str, str] = {}
    for name, value in raw_matchers.items():
        if name not in SILENCE_MATCHERS:
            reader.fail(f"matchers.{name}", f"chỉ được dùng {', '.join(SILENCE_MATCHERS)}")
        elif not isinstance(value, str) or not value.strip():
            reader.fail(f"matchers.{name}", "phải là chuỗi không rỗng")
        else:
            matchers[name] = value.strip()
    if not matchers and "matchers" not in reader.errors:
        reader.fail("matchers", "cần ít nhất một điều kiện: một lệnh im lặng không được chặn mọi cảnh báo")
    for name, parse in (("kind", Kind), ("severity", Severity)):
        if name in matchers:
            try:
                parse(matchers[name])
            except ValueError:
                reader.fail(f"matchers.{name}", f"giá trị không hợp lệ: {matchers[name]!r}")
    starts_at = _moment(reader, document, "starts_at", default=now)
    ends_at = _moment(reader, document, "ends_at", default=None)
    if "starts_at" not in reader.errors and "ends_at" not in reader.errors and ends_at <= starts_at:
        reader.fail("ends_at", "phải sau starts_at")
    comment = reader.text(document, "comment", "")
    reader.check()
    return SilenceRequest(matchers, starts_at, ends_at, comment)


def _moment(reader: Reader, document: Mapping[str, Any], key: str, default: datetime | None) -> datetime:
    """The parsed time; on a problem the error is recorded and an epoch placeholder returned (check() raises)."""
    if document.get(key) is None:
        if default is not None:
            return default
        reader.fail(key, "bắt buộc (RFC 3339)")
        return _PLACEHOLDER
    try:
        return parse_instant(document[key], key)
    except ValueError as exc:
        reader.fail(key, str(exc))
        return _PLACEHOLDER


def silencing(alert: Alert, silences: Iterable[Silence], now: datetime) -> Silence | None:
    return next((s for s in silences if s.active_at(now) and s.matches(alert)), None)


def inhibiting(alert: Alert, active_alerts: Iterable[Alert], inhibitions: Iterable[Inhibition]) -> Alert | None:
    """The active alert that mutes this one (e.g. over_level mutes the hotspot of the same key), if any."""
    rules = [i for i in inhibitions if i.target_kind is alert.kind]
    for other in active_alerts:
        if other.id == alert.id or not other.status.is_active:
            continue
        for rule in rules:
            if other.kind is rule.source_kind and all(
                getattr(other, name) == getattr(alert, name) for name in rule.equal
            ):
                return other
    return None


def _attribute_matches(alert: Alert, name: str, expected: str) -> bool:
    actual = getattr(alert, name)
    if name in ("area", "subject"):
        return normalise_subject(actual or "") == normalise_subject(expected)
    return str(actual) == expected
