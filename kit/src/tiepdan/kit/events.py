"""The event envelope (docs/contract.md "Events"), validated on both ends."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from .contract import ContractError, check_event, event_type, schema_errors

#: orjson writes these itself, differently from `str()`: left to `default=str` as the standard library did.
_AS_STR = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
ENVELOPE_KEYS = ("id", "type", "version", "unit", "occurred_at", "source", "correlation_id", "data")


@dataclass(frozen=True)
class Envelope:
    type: str
    data: Mapping[str, Any]
    unit: str
    source: str
    correlation_id: str
    version: int = 1
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat().replace("+00:00", "Z"))

    def validate(self) -> Envelope:
        if not self.unit:
            raise ContractError(f"{self.type}: envelope without unit")
        check_event(self.type, self.version, self.data)
        return self

    def schema_errors(self) -> list[str]:
        """What breaks the catalogue's full schema (types, formats, enums) in the body as sent, [] when nothing;
        beyond `validate`, which checks only what is cheap. A message that is not an envelope is its data."""
        entry = event_type(self.type)
        if entry is None or entry.enveloped:
            return schema_errors(json.loads(self.to_json()))
        body = json.loads(orjson.dumps(dict(self.data), default=str, option=_AS_STR))
        return schema_errors(body, self.type)

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in ENVELOPE_KEYS} | {"data": dict(self.data)}

    def to_json(self) -> str:
        """Compact, non-ASCII kept; what JSON lacks (dates, times) as its `str()`."""
        return orjson.dumps(self.to_dict(), default=str, option=_AS_STR).decode()

    @property
    def occurred(self) -> datetime:
        return datetime.fromisoformat(self.occurred_at.replace("Z", "+00:00"))

    @classmethod
    def from_json(cls, body: bytes | str) -> Envelope:
        """Parse and validate; raises ContractError with the reason for anything malformed."""
        try:
            raw = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ContractError(f"body is not JSON: {exc}") from exc
        if not isinstance(raw, dict):
            raise ContractError("envelope must be a JSON object")
        missing = [key for key in ENVELOPE_KEYS if key not in raw]
        if missing:
            raise ContractError(f"envelope lacks {', '.join(missing)}")
        if not isinstance(raw["version"], int) or not isinstance(raw["data"], dict):
            raise ContractError("envelope version must be an integer and data an object")
        try:
            datetime.fromisoformat(str(raw["occurred_at"]).replace("Z", "+00:00"))
        except ValueError as exc:
            raise ContractError(f"occurred_at is not RFC 3339: {raw['occurred_at']!r}") from exc
        envelope = cls(**{key: raw[key] for key in ENVELOPE_KEYS})
        return envelope.validate()
