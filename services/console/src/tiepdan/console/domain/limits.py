"""How long a sign-in lasts and when repeated failures lock a username."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

#: A session's last-seen time is written at most this often (not at every request).
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)

    def expired(self, created_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
        return now - last_seen_at >= self.idle or now - created_at >= self.absolute

    def needs_touch(self, last_seen_at: datetime, now: datetime) -> bool:
        return now - last_seen_at >= TOUCH_EVERY


@dataclass
class StoredSession:
    """A browser session kept on the server: what the pages keep in it, whose it is, and its times."""

    data: dict[str, Any]
    account_id: str | None
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class FailedSignIns:
    """Consecutive failed sign-ins of one username as typed, and the lock they led to."""

    failures: int = 0
    locked_until: datetime | None = None


@dataclass(frozen=True)
class LockoutPolicy:
    """After `attempts` consecutive failures the username is locked for `duration`; a success clears the count."""

    attempts: int = 5
    duration: timedelta = timedelta(minutes=15)

    def locked(self, locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and now < locked_until

    def after_failure(self, failures: int, locked_until: datetime | None, now: datetime) -> tuple[int, datetime | None]:
        """The count and lock after one more failure; a lock that has run out starts the count again."""
        if locked_until is not None and now >= locked_until:
            failures = 0
        failures += 1
        if failures >= self.attempts:
            return failures, now + self.duration
        return failures, None

    def record_failure(self, before: FailedSignIns | None, now: datetime) -> FailedSignIns:
        previous = before or FailedSignIns()
        return FailedSignIns(*self.after_failure(previous.failures, previous.locked_until, now))
