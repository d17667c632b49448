"""Embedded mode's bus: the outbox is the durable log; each row goes straight to the in-process subscribers.

A row is marked sent only when every matching subscriber's inbox has committed it (or dead-lettered it after
the delivery limit), so a crash or Ctrl-C at any moment loses nothing: the row is simply dispatched again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .inbox import MessageProcessor, Outcome
from .outbox import PendingEvent, PublishError

log = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def topic_matches(pattern: str, routing_key: str) -> bool:
    """AMQP topic semantics: `*` is exactly one word, `#` zero or more words."""
    words, keys = pattern.split("."), routing_key.split(".")

    def match(i: int, j: int) -> bool:
        if i == len(words):
            return j == len(keys)
        if words[i] == "#":
            return any(match(i + 1, k) for k in range(j, len(keys) + 1))
        return j < len(keys) and words[i] in ("*", keys[j]) and match(i + 1, j + 1)

    return match(0, 0)


@dataclass
class LocalSubscriber:
    service: str
    patterns: tuple[str, ...]
    processor: MessageProcessor

    def wants(self, event_type: str) -> bool:
        return any(topic_matches(p, event_type) for p in self.patterns)


class InProcessDispatcher:
    """The relay's sink in embedded mode. Failing rows stop the batch so per-aggregate order is kept."""

    def __init__(self, subscribers: Sequence[LocalSubscriber], max_attempts: int = 5) -> None:
        self.subscribers = list(subscribers)
        self.max_attempts = max_attempts
        self._attempts: dict[tuple[str, str], int] = {}

    def __call__(self, batch: Sequence[PendingEvent]) -> None:
        for event in batch:
            body = event.body.encode("utf-8")
            for sub in self.subscribers:
                if not sub.wants(event.type):
                    continue
                key = (event.id, sub.service)
                attempt = self._attempts.get(key, 0) + 1
                result = sub.processor.process(body, attempt)
                if result.outcome is Outcome.RETRY:
                    self._attempts[key] = attempt
                    raise PublishError(f"{sub.service} could not handle {event.type} yet: {result.reason}")
                if result.outcome is Outcome.DEAD:
                    sub.processor.record_dead_letter(body, result)
                self._attempts.pop(key, None)
