"""A service's copy of another service's data (roster's calendar in intake, alerts and reports): the rule that orders
its changes, and the per-process cache of what readers build from it.

Changes arrive as events, at least once and in no guaranteed order. A change applies unless the copy already holds
a newer one (a later `changed_at`), so a late redelivery never brings an older state back; an equal `changed_at` is
the same change again and applying it again changes nothing.

Readers on a hot path (every registration reads the calendar) take the copy from a per-process cache that keeps a
value `ttl_s` seconds. The process that applies a change drops its cached value at once and again when the change
commits; other processes see the change within `ttl_s`.

Storage stays in the service's adapter, behind `CopyStore`: this module knows no database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

D = TypeVar("D")
V = TypeVar("V")

#: `uow.on_committed`: runs a callback once the unit of work has committed.
OnCommitted = Callable[[Callable[[], None]], None]


@dataclass(frozen=True)
class Kept(Generic[D]):
    """The copy a service holds of one key (a unit), and when it changed at its source."""

    document: D
    changed_at: datetime


class CopyStore(Protocol[D]):
    """Where a service keeps one kind of copy, by key: its adapter over its own table (or a dict in a fake)."""

    def kept(self, key: str, *, for_update: bool = False) -> Kept[D] | None:
        """The copy of `key`, if any. `for_update` locks it until the transaction ends, so that two changes of one
        key are applied one after the other (two first copies of a key: the unique key refuses one, which is
        retried and then finds the other)."""
        ...

    def keep(self, key: str, document: D, changed_at: datetime) -> None: ...


def supersedes(incoming: datetime, kept: datetime | None) -> bool:
    """The ordering rule of every copy: a change applies unless the copy kept changed later at its source."""
    return kept is None or incoming >= kept


@dataclass(frozen=True)
class _Entry(Generic[V]):
    loaded_at: float
    value: V


class CopyCache(Generic[V]):
    """Values by key (a tuple), each kept `ttl_s` seconds; `invalidate` drops those under a key prefix.

    Safe for a process's threads. A value loaded while an invalidation happened is returned but not kept: it may
    have been read before the change it would otherwise hide for `ttl_s`.
    """

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries: dict[tuple[Hashable, ...], _Entry[V]] = {}
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[Hashable, ...], load: Callable[[], V]) -> V:
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            generation = self._generation
        if entry is not None and now - entry.loaded_at < self.ttl_s:
            return entry.value
        value = load()
        with self._lock:
            if self._generation == generation:
                self._entries[key] = _Entry(now, value)
        return value

    def invalidate(self, *prefix: Hashable) -> None:
        with self._lock:
            self._generation += 1
            for key in [k for k in self._entries if k[: len(prefix)] == prefix]:
                del self._entries[key]


class Replica(Generic[D, V]):
    """One kind of copy (e.g. roster's calendars): changes applied in `changed_at` order, reads through a
    per-process cache of `build(document)` (`build(None)` when there is no copy yet).

    `scope` tells apart copies of one key in different databases of one process (tests, the embedded platform):
    pass the database's identity.
    """

    def __init__(self, build: Callable[[D | None], V], *, ttl_s: float, clock: Callable[[], float] = time.monotonic):
        self.build = build
        self.cache: CopyCache[V] = CopyCache(ttl_s, clock)

    def read(self, store: CopyStore[D], key: str, *, scope: Hashable = None) -> V:
        def load() -> V:
            kept = store.kept(key)
            return self.build(None if kept is None else kept.document)

        return self.cache.get((scope, key), load)

    def apply(
        self,
        store: CopyStore[D],
        key: str,
        change: Kept[D],
        *,
        scope: Hashable = None,
        on_committed: OnCommitted | None = None,
    ) -> bool:
        """Keep `change` unless the copy is newer; True when it was kept. Readers of this process see it as soon
        as it commits."""
        kept = store.kept(key, for_update=True)
        if not supersedes(change.changed_at, None if kept is None else kept.changed_at):
            return False
        store.keep(key, change.document, change.changed_at)
        self.cache.invalidate(scope, key)
        if on_committed is not None:
            on_committed(lambda: self.cache.invalidate(scope, key))
        return True


class MemoryCopies(Generic[D]):
    """A `CopyStore` in a dict, for the in-memory repositories of a service's fake unit of work."""

    def __init__(self) -> None:
        self.copies: dict[str, Kept[D]] = {}

    def kept(self, key: str, *, for_update: bool = False) -> Kept[D] | None:
        return self.copies.get(key)

    def keep(self, key: str, document: D, changed_at: datetime) -> None:
        self.copies[key] = Kept(document, changed_at)
