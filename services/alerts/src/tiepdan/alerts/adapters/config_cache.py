"""A per-process copy of what every event reads but rarely changes: rules, calendar, silences, rosters.

Each event would otherwise spend four database round trips on them. A copy lives `ttl_s` seconds, and a write
through this process drops it at once; a write by another process (the API's PUT seen by the worker) is seen
within `ttl_s`. The repositories of rules, copies and silences read through it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from tiepdan.alerts.config import DEFAULT_CONFIG_TTL_S, AlertsSettings

T = TypeVar("T")


class ConfigCache:
    def __init__(self, ttl_s: float = DEFAULT_CONFIG_TTL_S) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[tuple[Hashable, ...], tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Hashable, ...], load: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and now - hit[0] < self.ttl_s:
            value: T = hit[1]
            return value
        loaded = load()
        with self._lock:
            self._entries[key] = (now, loaded)
        return loaded

    def invalidate(self, *prefix: Hashable) -> None:
        """Drop every copy whose key starts with `prefix` (e.g. one database and unit)."""
        with self._lock:
            for key in [k for k in self._entries if k[: len(prefix)] == prefix]:
                del self._entries[key]


#: One per process: every unit of work of the process shares it.
CONFIG = ConfigCache(AlertsSettings.from_env().config_ttl_s)
