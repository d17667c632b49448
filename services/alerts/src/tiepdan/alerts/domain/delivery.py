"""Deliveries: what a receiver is sent about an alert, and the retry schedule of a delivery."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.duty import Addressee
from tiepdan.alerts.domain.escalation import Reason

#: The log entry of an e-mail attempt under way (addresses accepted so far); replaced by the attempt's outcome.
IN_PROGRESS = "in_progress"
INTERRUPTED = "lần gửi bị ngắt: tiến trình dừng trước khi ghi kết quả"


class Channel(StrEnum):
    WEBHOOK = "webhook"
    AMQP = "amqp"
    EMAIL = "email"


class Outcome(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    RETRYING = "retrying"
    FAILED = "failed"
    #: The channel does not exist in this deployment (AMQP in embedded mode has no broker to publish to).
    SKIPPED = "skipped"


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off: 2 s, 4 s, 8 s … capped at 5 min, then give up after `max_attempts`.

    Ten attempts span about 13 minutes: long enough to ride out a receiver's or the broker's restart.
    """

    max_attempts: int = 10
    first_delay: timedelta = timedelta(seconds=2)
    factor: float = 2.0
    max_delay: timedelta = timedelta(minutes=5)

    def delay_after(self, attempt: int) -> timedelta:
        """The wait after the `attempt`-th failed attempt (1-based)."""
        return min(self.first_delay * (self.factor ** (attempt - 1)), self.max_delay)


@dataclass(frozen=True)
class Notice:
    """That a receiver was told of an alert, why and when (whatever the channels it went on)."""

    receiver: str
    reason: Reason
    at: datetime


@dataclass
class Delivery:
    id: str
    alert_id: str
    receiver: str
    channel: Channel
    reason: Reason
    payload: dict[str, Any]
    created_at: datetime
    outcome: Outcome = Outcome.PENDING
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    last_status: int | None = None
    delivered_at: datetime | None = None
    log: list[dict[str, Any]] = field(default_factory=list)

    def sent_to(self) -> set[str]:
        """E-mail: the addresses a mail server accepted this notice for, over all attempts (each is written once)."""
        return {address for entry in self.log for address in entry.get("sent_to", ())}

    def note_accepted(self, now: datetime, address: str) -> None:
        """E-mail: the server accepted one address of the attempt under way; kept before the next is written, so a
        worker dying mid-attempt leaves only the address in flight in doubt."""
        if not self._in_progress():
            self.log.append({"at": now.isoformat(), "attempt": self.attempts + 1, IN_PROGRESS: True, "sent_to": []})
        self.log[-1]["sent_to"].append(address)

    def close_interrupted(self, now: datetime) -> None:
        """An attempt a worker died in (lease run out) counts as one, with the addresses it wrote to."""
        if self._in_progress():
            self.attempts += 1
            sent_to = self.log.pop()["sent_to"]
            self.log.append(_log_entry(now, self.attempts, None, INTERRUPTED, sent_to))

    def record_success(self, now: datetime, status: int | None, sent_to: Sequence[str] = ()) -> None:
        self.attempts += 1
        self.outcome, self.delivered_at, self.last_status, self.next_attempt_at = Outcome.DELIVERED, now, status, None
        self.log.append(_log_entry(now, self.attempts, status, None, self._accepted_so_far(sent_to)))

    def record_failure(
        self,
        now: datetime,
        error: str,
        status: int | None,
        policy: RetryPolicy,
        permanent: bool = False,
        sent_to: Sequence[str] = (),
    ) -> None:
        """A permanent failure (the receiver refused the request itself, e.g. 400 or 404) is not retried."""
        self.attempts += 1
        self.last_error, self.last_status = error, status
        self.log.append(_log_entry(now, self.attempts, status, error, self._accepted_so_far(sent_to)))
        if permanent or self.attempts >= policy.max_attempts:
            self.outcome, self.next_attempt_at = Outcome.FAILED, None
        else:
            self.outcome, self.next_attempt_at = Outcome.RETRYING, now + policy.delay_after(self.attempts)

    def _in_progress(self) -> bool:
        return bool(self.log) and bool(self.log[-1].get(IN_PROGRESS))

    def _accepted_so_far(self, sent_to: Sequence[str]) -> list[str]:
        """The attempt's addresses: those noted while it ran (its entry is replaced by the outcome's) and `sent_to`."""
        noted = self.log.pop()["sent_to"] if self._in_progress() else []
        return list(dict.fromkeys([*noted, *sent_to]))

    def record_skipped(self, now: datetime, why: str) -> None:
        self.outcome, self.next_attempt_at, self.last_error = Outcome.SKIPPED, None, why
        self.log.append({"at": now.isoformat(), "attempt": self.attempts, "status": None, "error": why})

    def to_document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "alert_id": self.alert_id,
            "receiver": self.receiver,
            "channel": str(self.channel),
            "reason": str(self.reason),
            "outcome": str(self.outcome),
            "attempts": self.attempts,
            "next_attempt_at": None if self.next_attempt_at is None else self.next_attempt_at.isoformat(),
            "last_error": self.last_error,
            "last_status": self.last_status,
            "created_at": self.created_at.isoformat(),
            "delivered_at": None if self.delivered_at is None else self.delivered_at.isoformat(),
            "log": list(self.log),
        }


def _log_entry(
    now: datetime, attempt: int, status: int | None, error: str | None, sent_to: Sequence[str]
) -> dict[str, Any]:
    entry: dict[str, Any] = {"at": now.isoformat(), "attempt": attempt, "status": status, "error": error}
    if sent_to:
        entry["sent_to"] = list(sent_to)
    return entry


def notification_payload(
    alert: Alert, receiver: str, reason: Reason, addressees: list[Addressee], now: datetime
) -> dict[str, Any]:
    """The body a receiver gets (webhook JSON and AMQP message alike): the alert, why, and who is on duty."""
    return {
        "receiver": receiver,
        "reason": str(reason),
        "sent_at": now.isoformat(),
        "addressees": [a.to_dict() for a in addressees],
        "alert": alert.to_document(),
    }
