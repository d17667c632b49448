"""The copy of another service's data: changes in `changed_at` order, a per-process cache dropped on change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from tiepdan.kit.replica import CopyCache, Kept, MemoryCopies, Replica, supersedes

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class CountingCopies(MemoryCopies[str]):
    """Counts the reads that reach the store, and which of them asked for a lock."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0
        self.locked_reads = 0

    def kept(self, key: str, *, for_update: bool = False) -> Kept[str] | None:
        self.reads += 1
        self.locked_reads += for_update
        return super().kept(key, for_update=for_update)


def upper(document: str | None) -> str:
    return "none" if document is None else document.upper()


def replica(clock: Clock | None = None) -> Replica[str, str]:
    return Replica(upper, ttl_s=30.0, clock=clock or Clock())


# ---- ordering ---------------------------------------------------------------------------------------------------


def test_the_ordering_rule() -> None:
    assert supersedes(T0, None)
    assert supersedes(T0 + timedelta(seconds=1), T0)
    assert supersedes(T0, T0), "the same change again: applying it changes nothing"
    assert not supersedes(T0 - timedelta(microseconds=1), T0)


def test_an_older_change_never_overwrites_a_newer_one() -> None:
    store, copies = CountingCopies(), replica()
    assert copies.apply(store, "bach-quang", Kept("new", T0))
    assert not copies.apply(store, "bach-quang", Kept("old", T0 - timedelta(minutes=5)))
    assert store.copies["bach-quang"] == Kept("new", T0)
    assert copies.read(store, "bach-quang") == "NEW"
    assert store.locked_reads == 2, "the kept copy is read under a lock before each change"


def test_a_newer_change_replaces_the_copy_and_a_redelivery_is_harmless() -> None:
    store, copies = CountingCopies(), replica()
    copies.apply(store, "bach-quang", Kept("first", T0))
    assert copies.apply(store, "bach-quang", Kept("second", T0 + timedelta(hours=1)))
    assert copies.apply(store, "bach-quang", Kept("second", T0 + timedelta(hours=1)))
    assert store.copies["bach-quang"] == Kept("second", T0 + timedelta(hours=1))


def test_keys_are_ordered_apart() -> None:
    store, copies = CountingCopies(), replica()
    copies.apply(store, "bach-quang", Kept("a", T0))
    assert copies.apply(store, "tan-an", Kept("b", T0 - timedelta(days=1)))
    assert (copies.read(store, "bach-quang"), copies.read(store, "tan-an")) == ("A", "B")


# ---- the cache --------------------------------------------------------------------------------------------------


def test_reads_are_cached_for_ttl_and_no_copy_builds_the_default() -> None:
    clock, store = Clock(), CountingCopies()
    copies = replica(clock)
    assert copies.read(store, "bach-quang") == "none"
    store.keep("bach-quang", "written by another process", T0)
    clock.now = 29.9
    assert copies.read(store, "bach-quang") == "none", "another process's change is seen only after ttl_s"
    assert store.reads == 1
    clock.now = 30.0
    assert copies.read(store, "bach-quang") == "WRITTEN BY ANOTHER PROCESS"
    assert store.reads == 2


def test_the_cache_is_invalidated_when_this_process_applies_a_change() -> None:
    store, copies = CountingCopies(), replica()
    copies.apply(store, "bach-quang", Kept("before", T0))
    assert copies.read(store, "bach-quang") == "BEFORE"
    copies.apply(store, "bach-quang", Kept("after", T0 + timedelta(seconds=1)))
    assert copies.read(store, "bach-quang") == "AFTER", "no wait for ttl_s in the process that applied it"


def test_a_refused_change_keeps_the_cached_value() -> None:
    store, copies = CountingCopies(), replica()
    copies.apply(store, "bach-quang", Kept("new", T0))
    copies.read(store, "bach-quang")
    reads = store.reads
    copies.apply(store, "bach-quang", Kept("old", T0 - timedelta(seconds=1)))
    copies.read(store, "bach-quang")
    assert store.reads == reads + 1, "only the locked read of the refused change; the value still comes from cache"


def test_scopes_keep_copies_of_one_key_in_two_databases_apart() -> None:
    first, second, copies = CountingCopies(), CountingCopies(), replica()
    copies.apply(first, "bach-quang", Kept("one", T0), scope="db1")
    copies.apply(second, "bach-quang", Kept("two", T0), scope="db2")
    assert copies.read(first, "bach-quang", scope="db1") == "ONE"
    assert copies.read(second, "bach-quang", scope="db2") == "TWO"


def test_a_value_read_before_the_change_committed_is_dropped_at_commit() -> None:
    """Between the change and its commit another thread still reads the committed, older copy; the commit drops
    what it cached, so this process does not serve the older copy for ttl_s."""
    committed = CountingCopies()
    committed.keep("bach-quang", "before", T0)
    pending = MemoryCopies[str]()
    pending.copies = dict(committed.copies)
    copies = replica()
    on_commit: list[Callable[[], None]] = []
    copies.apply(pending, "bach-quang", Kept("after", T0 + timedelta(seconds=1)), on_committed=on_commit.append)
    assert copies.read(committed, "bach-quang") == "BEFORE"  # another thread, before the commit
    committed.copies = dict(pending.copies)  # the commit
    for callback in on_commit:
        callback()
    assert copies.read(committed, "bach-quang") == "AFTER"


def test_a_load_overlapping_an_invalidation_is_not_kept() -> None:
    """A reader that loaded the old value while a change was applied must not leave it in the cache."""
    cache: CopyCache[str] = CopyCache(ttl_s=30.0, clock=Clock())
    loading, invalidated = threading.Event(), threading.Event()

    def slow_old_load() -> str:
        loading.set()
        assert invalidated.wait(5)
        return "old"

    with ThreadPoolExecutor(1) as pool:
        reader = pool.submit(cache.get, ("db", "bach-quang"), slow_old_load)
        assert loading.wait(5)
        cache.invalidate("db", "bach-quang")
        invalidated.set()
        assert reader.result(5) == "old"
    assert cache.get(("db", "bach-quang"), lambda: "new") == "new"


def test_invalidate_drops_every_key_under_the_prefix_only() -> None:
    cache: CopyCache[str] = CopyCache(ttl_s=30.0, clock=Clock())
    for key in [("db", "a", "calendar"), ("db", "a", "rosters", 1), ("db", "b", "calendar")]:
        cache.get(key, lambda: "cached")
    cache.invalidate("db", "a")
    assert cache.get(("db", "a", "calendar"), lambda: "fresh") == "fresh"
    assert cache.get(("db", "a", "rosters", 1), lambda: "fresh") == "fresh"
    assert cache.get(("db", "b", "calendar"), lambda: "fresh") == "cached"


def test_concurrent_reads_while_changes_apply_see_only_whole_committed_copies() -> None:
    """Readers on many threads while a writer applies a run of changes (and commits each at once): every read is
    one of the copies applied, never a mix, and once the writer is done every reader sees the last one."""
    store = MemoryCopies[str]()
    copies: Replica[str, tuple[str | None, int]] = Replica(lambda d: (d, len(d or "")), ttl_s=30.0)
    versions = [f"version-{n:03d}" for n in range(200)]
    done = threading.Event()
    seen: list[tuple[str | None, int]] = []
    finals: list[tuple[str | None, int]] = []
    seen_lock = threading.Lock()

    def reader() -> None:
        local = []
        while not done.is_set():
            local.append(copies.read(store, "bach-quang"))
        final = copies.read(store, "bach-quang")
        with seen_lock:
            seen.extend(local)
            finals.append(final)

    def writer() -> None:
        for n, document in enumerate(versions):
            copies.apply(store, "bach-quang", Kept(document, T0 + timedelta(seconds=n)), on_committed=run_now)
        done.set()

    def run_now(callback: Callable[[], None]) -> None:
        callback()

    threads = [threading.Thread(target=reader) for _ in range(6)] + [threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    assert {document for document, _ in seen} <= {None, *versions}
    assert all(size == len(document or "") for document, size in seen), "a value is built from one whole copy"
    assert finals == [(versions[-1], len(versions[-1]))] * 6
    assert copies.read(store, "bach-quang") == (versions[-1], len(versions[-1]))
