"""The alerts service's settings: the kit's, and how long a process may keep its copy of rules and calendars."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from tiepdan.kit.config import Settings

SERVICE = "alerts"
#: A change made through another process (the API's PUT, seen by the worker) applies within this many seconds.
DEFAULT_CONFIG_TTL_S = 2.0


@dataclass(frozen=True)
class AlertsSettings(Settings):
    config_ttl_s: float = DEFAULT_CONFIG_TTL_S

    @classmethod
    def from_env(cls, service: str = SERVICE) -> AlertsSettings:
        base = Settings.from_env(service)
        raw = os.environ.get("TIEPDAN_ALERTS_CONFIG_TTL_MS", "")
        try:
            ttl_s = int(raw) / 1000 if raw else DEFAULT_CONFIG_TTL_S
        except ValueError as exc:
            raise ValueError(f"TIEPDAN_ALERTS_CONFIG_TTL_MS must be an integer, got {raw!r}") from exc
        return cls(**{f.name: getattr(base, f.name) for f in fields(Settings)}, config_ttl_s=ttl_s)
