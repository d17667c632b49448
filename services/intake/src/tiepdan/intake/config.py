"""Intake settings from the environment (each one is listed in the README), with embedded defaults."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.domain.deadlines import DeadlinePolicy
from tiepdan.intake.domain.people import DEFAULT_GROUP_THRESHOLD

#: The public lookup page the receipts' QR code points to (the console's /tra-cuu).
DEFAULT_LOOKUP_URL = "http://localhost:8000/tra-cuu"
#: Lookups per client address (flask-limiter notation): a person checks a case a few times, a guesser needs 2^80.
DEFAULT_LOOKUP_RATE = "20/minute"
#: Who issues the papers of a unit: the ward's name as printed (UBND phường …) and the chairman's name.
DEFAULT_UNITS = {"bach-quang": {"name": "Bách Quang"}}

#: The timer warns this many working days before a deadline (lead's default).
DEFAULT_LEAD_WORKING_DAYS = 2


def _now() -> datetime:
    return datetime.now(UTC)


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, got {raw!r}")


def _int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    value = int(raw) if raw else default
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    return value


@dataclass(frozen=True)
class IntakeConfig:
    vault: IdentityVault
    policy: DeadlinePolicy = field(default_factory=DeadlinePolicy.default)
    group_threshold: int = DEFAULT_GROUP_THRESHOLD
    #: Off: a denouncer's identity is not stored at all, only the reference of the paper file
    #: (docs/domain.md, "Denunciations").
    store_denouncer_identity: bool = True
    lead_working_days: int = DEFAULT_LEAD_WORKING_DAYS
    clock: Callable[[], datetime] = _now
    lookup_url: str = DEFAULT_LOOKUP_URL
    lookup_rate: str = DEFAULT_LOOKUP_RATE
    #: where the per-address counts live (`limits` storage URI): memory:// counts per process
    lookup_storage: str = "memory://"
    units: dict[str, dict[str, str]] = field(default_factory=lambda: dict(DEFAULT_UNITS))

    @classmethod
    def from_env(cls, embedded: bool) -> IntakeConfig:
        overrides = json.loads(os.environ.get("TIEPDAN_INTAKE_DEADLINE_RULES", "") or "{}")
        policy = DeadlinePolicy.default().with_overrides(
            overrides, remote_area=_flag("TIEPDAN_INTAKE_REMOTE_AREA", False)
        )
        return cls(
            vault=IdentityVault.from_env(embedded),
            policy=policy,
            group_threshold=_int("TIEPDAN_INTAKE_GROUP_THRESHOLD", DEFAULT_GROUP_THRESHOLD, 2),
            store_denouncer_identity=_flag("TIEPDAN_INTAKE_STORE_DENOUNCER_IDENTITY", True),
            lead_working_days=_int("TIEPDAN_INTAKE_DEADLINE_LEAD_DAYS", DEFAULT_LEAD_WORKING_DAYS, 0),
            lookup_url=os.environ.get("TIEPDAN_INTAKE_LOOKUP_URL", "").strip() or DEFAULT_LOOKUP_URL,
            lookup_rate=os.environ.get("TIEPDAN_INTAKE_LOOKUP_RATE", "").strip() or DEFAULT_LOOKUP_RATE,
            lookup_storage=os.environ.get("TIEPDAN_INTAKE_LOOKUP_STORAGE", "").strip() or "memory://",
            units=DEFAULT_UNITS | json.loads(os.environ.get("TIEPDAN_INTAKE_UNITS", "") or "{}"),
        )
