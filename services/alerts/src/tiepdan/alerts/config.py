"""The alerts service's settings: the kit's, how long a process may keep its copy of rules and calendars, how long a
delivery stays leased and how soon a failed one is retried, and what its e-mails name (the SMTP server is the
kit's, `TIEPDAN_SMTP_*`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from tiepdan.kit.config import Settings

SERVICE = "alerts"
#: A change made through another process (the API's PUT, seen by the worker) applies within this many seconds.
DEFAULT_CONFIG_TTL_S = 2.0
#: A worker killed mid-send leaves its deliveries leased this long before another worker retries them.
DEFAULT_DELIVERY_LEASE_S = 60.0
#: The first retry's wait; each next one doubles it (capped at 5 min).
DEFAULT_RETRY_FIRST_DELAY_S = 2.0


@dataclass(frozen=True)
class AlertsSettings(Settings):
    config_ttl_s: float = DEFAULT_CONFIG_TTL_S
    delivery_lease_s: float = DEFAULT_DELIVERY_LEASE_S
    retry_first_delay_s: float = DEFAULT_RETRY_FIRST_DELAY_S

    @classmethod
    def from_env(cls, service: str = SERVICE) -> AlertsSettings:
        base = Settings.from_env(service)
        return cls(
            **{f.name: getattr(base, f.name) for f in fields(Settings)},
            config_ttl_s=_seconds("TIEPDAN_ALERTS_CONFIG_TTL_MS", DEFAULT_CONFIG_TTL_S),
            delivery_lease_s=_seconds("TIEPDAN_ALERTS_DELIVERY_LEASE_MS", DEFAULT_DELIVERY_LEASE_S),
            retry_first_delay_s=_seconds("TIEPDAN_ALERTS_RETRY_FIRST_DELAY_MS", DEFAULT_RETRY_FIRST_DELAY_S),
        )


def _seconds(name: str, default: float) -> float:
    """A duration given in milliseconds (an integer), in seconds."""
    raw = os.environ.get(name, "")
    try:
        return int(raw) / 1000 if raw else default
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class MailTextSettings:
    """What an alert's e-mail names besides the alert: `TIEPDAN_ALERTS_CONSOLE_URL` and `TIEPDAN_ALERTS_UNIT_NAMES`."""

    #: The console's address people open from the mail (its `/alerts` page).
    console_url: str = "http://localhost:8000"
    #: Unit code → its name in the mail ("code=Name;code=Name"); a unit not named is written as its code.
    unit_names: Mapping[str, str] = field(default_factory=lambda: {"bach-quang": "UBND phường Bách Quang"})
    timezone: str = "Asia/Ho_Chi_Minh"

    @classmethod
    def from_env(cls) -> MailTextSettings:
        defaults = cls()
        return cls(
            console_url=os.environ.get("TIEPDAN_ALERTS_CONSOLE_URL", "") or defaults.console_url,
            unit_names=_unit_names(os.environ.get("TIEPDAN_ALERTS_UNIT_NAMES", "")) or defaults.unit_names,
        )


def _unit_names(raw: str) -> dict[str, str]:
    pairs = [item.partition("=") for item in raw.split(";") if item.strip()]
    return {code.strip(): name.strip() for code, _, name in pairs if code.strip() and name.strip()}
