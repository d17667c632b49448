"""The units' names the platform keeps: reports' `GET /api/v1/units` (its shipped names and an administrator's).

Every page's header shows one, the public pages' too, where nobody is signed in: so each process keeps one copy
(`UnitNames`), read with the console's own service token and read again once it is `LIFETIME_S` old, rather than
asking reports at every page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from ..adapters.services import ServicesClient, ServiceUnavailable

#: How old the copy may get: an administrator's rename shows in every process within this.
LIFETIME_S = 60.0


def platform_unit_names(services: ServicesClient, token: str) -> dict[str, str] | None:
    """reports' names by unit code; None when reports does not answer or refuses."""
    try:
        answer = services.call("reports", "GET", "/api/v1/units", token)
    except ServiceUnavailable:
        return None
    if answer.status != 200 or not isinstance(answer.body, dict):
        return None
    items: list[Any] = answer.body.get("items") or []
    return {str(item["code"]): str(item["name"]) for item in items if isinstance(item, dict)}


class UnitNames:
    """The last names `fetch` gave, fetched again once `lifetime_s` old; thread-safe, one per process.

    One request at a time fetches; the others meanwhile keep the last copy (none yet: no names), so no page waits
    on another's call (kit's `CopyCache` would let each request that finds the copy old ask, and wait, at once). A
    failed fetch keeps the last copy for another lifetime: a reports that is down costs one failed call a lifetime,
    not one a page."""

    def __init__(
        self,
        fetch: Callable[[], dict[str, str] | None],
        lifetime_s: float = LIFETIME_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self.lifetime_s = lifetime_s
        self._clock = clock
        self._lock = threading.Lock()
        self._names: Mapping[str, str] = {}
        self._expires: float | None = None  # None: never fetched, or forgotten
        self._fetching = False
        self._forgotten = 0

    def current(self) -> Mapping[str, str]:
        """The names by unit code (never changed in place: a fetch replaces the whole copy)."""
        with self._lock:
            fresh = self._expires is not None and self._clock() < self._expires
            if fresh or self._fetching:
                return self._names
            self._fetching, forgotten = True, self._forgotten
        fetched = None
        try:
            fetched = self._fetch()
        finally:
            with self._lock:
                self._fetching = False
                if fetched is not None:
                    self._names = fetched
                # an answer asked for before a `forget` may predate the rename: kept, but the next page asks again
                if forgotten == self._forgotten:
                    self._expires = self._clock() + self.lifetime_s
        return self._names

    def forget(self) -> None:
        """The next page fetches the names again: for a rename this process makes to show at once (the console has
        no page for it yet: an administrator calls reports' `PUT /api/v1/units/{code}`), and for tests."""
        with self._lock:
            self._expires = None
            self._forgotten += 1
