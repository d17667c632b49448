"""What the public pages read from the services: the leaders' reception days from the published roster (with the
console's own short service token) and a case's status by receipt code (intake's public lookup, no token).

The roster answer and the published news are kept a short while per process (`TimedCache`), so a busy public
page costs the roster API one call a minute.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from ..adapters.services import ServicesClient, ServiceUnavailable
from .tokens import TokenSigner

T = TypeVar("T")
#: the roster role that reads published rosters and may change nothing there (in reports: the units' names only)
SERVICE_ROLE = "police"
SERVICE_SUBJECT = "service:console-public-page"
SERVICE_TOKEN_TTL_S = 60
LEADER_RECEPTION = "leader_reception"
#: how many coming reception days the page lists
UPCOMING = 6
#: receipt codes are short; anything longer is not one (answered as unknown without asking intake)
CODE_MAX = 64
LOOKUP_FIELDS = (
    "code",
    "kind",
    "kind_label",
    "field",
    "field_label",
    "status",
    "status_label",
    "next_step",
    "due_date",
    "received_on",
)


class TimedCache(Generic[T]):
    """One value per key, computed again after `ttl_s`; thread-safe, per process."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._values: dict[str, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            found = self._values.get(key)
            if found is not None and now - found[0] < self.ttl_s:
                return found[1]
        value = compute()
        with self._lock:
            self._values[key] = (now, value)
        return value

    def drop(self, key: str) -> None:
        with self._lock:
            self._values.pop(key, None)


@dataclass(frozen=True)
class ReceptionDay:
    day: date
    start: str
    end: str


@dataclass(frozen=True)
class Schedule:
    """`days` is None when the roster did not answer (the page says so)."""

    days: list[ReceptionDay] | None


def service_token(signer: TokenSigner, unit: str) -> str:
    """The console's own token for what it reads on nobody's behalf (the public page's rosters, every header's unit
    names): one role, read-only in roster and reports, its ward, a minute's life."""
    claims = {"sub": SERVICE_SUBJECT, "name": "Trang thông tin công khai", "agency": "", "roles": [SERVICE_ROLE]}
    return signer.sign({**claims, "unit": unit}, SERVICE_TOKEN_TTL_S, "service", reuse=True)


def leader_reception(services: ServicesClient, token: str, today: date) -> Schedule:
    """The next leader reception days of the published rosters that have not ended."""
    try:
        page = services.call("roster", "GET", "/api/v1/rosters", token, params={"status": "published", "limit": 20})
        if page.status != 200 or not isinstance(page.body, dict):
            return Schedule(None)
        current = [item for item in page.body.get("items") or [] if str(item.get("end", "")) >= today.isoformat()]
        days: dict[date, ReceptionDay] = {}
        for summary in current:
            roster = services.call("roster", "GET", f"/api/v1/rosters/{quote(str(summary['id']), safe='')}", token)
            if roster.status == 200 and isinstance(roster.body, dict):
                days.update(_reception_days(roster.body, today))
    except ServiceUnavailable:
        return Schedule(None)
    return Schedule([days[day] for day in sorted(days)][:UPCOMING])


def _reception_days(roster: dict[str, Any], today: date) -> dict[date, ReceptionDay]:
    shifts = {shift.get("code"): shift for shift in roster.get("shifts") or [] if isinstance(shift, dict)}
    found: dict[date, ReceptionDay] = {}
    for assignment in roster.get("assignments") or []:
        if assignment.get("duty") != LEADER_RECEPTION:
            continue
        try:
            day = date.fromisoformat(str(assignment.get("date")))
        except ValueError:
            continue
        shift = shifts.get(assignment.get("shift"), {})
        if day >= today:
            found[day] = ReceptionDay(day, str(shift.get("start", "")), str(shift.get("end", "")))
    return found


@dataclass(frozen=True)
class Lookup:
    """`case` is the lookup's answer; `unknown` for a wrong or unknown code alike; `busy` when rate-limited."""

    case: dict[str, Any] | None = None
    unknown: bool = False
    busy: bool = False


def lookup_case(services: ServicesClient, code: str) -> Lookup:
    """Intake's public lookup, called without a token. Raises ServiceUnavailable when intake does not answer."""
    if not code or len(code) > CODE_MAX:
        return Lookup(unknown=True)
    answer = services.call("intake", "GET", f"/api/v1/lookup/{quote(code, safe='')}", None)
    if answer.status == 429:
        return Lookup(busy=True)
    if answer.status != 200 or not isinstance(answer.body, dict):
        return Lookup(unknown=True)
    case = {name: answer.body.get(name) for name in LOOKUP_FIELDS}
    for name in ("due_date", "received_on"):
        case[name] = _day(case[name])
    return Lookup(case=case)


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except ValueError:
        return None
