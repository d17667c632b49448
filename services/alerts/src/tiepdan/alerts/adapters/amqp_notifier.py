"""AMQP delivery: each notice is a message on `tiepdan.events` with routing key `alerts.notify.<receiver>`.

An agency binds its own queue to that key (with pika, say) and receives an envelope whose `data` is the notice
(`alerts.notify.{receiver}` in the event catalogue). Published with confirms through the kit's publisher, so
"delivered" means the broker has it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tiepdan.alerts.adapters.webhook import SendResult
from tiepdan.kit.amqp import AmqpPublisher, Names
from tiepdan.kit.events import Envelope
from tiepdan.kit.outbox import PendingEvent

NOTIFY_PREFIX = "alerts.notify."


def routing_key(receiver: str) -> str:
    return f"{NOTIFY_PREFIX}{receiver}"


def notice_envelope(delivery_id: str, receiver: str, unit: str, payload: dict[str, Any], now: datetime) -> Envelope:
    """Validated against the catalogue like every event (raises ContractError)."""
    envelope = Envelope(
        type=routing_key(receiver),
        data=payload,
        unit=unit,
        source="alerts",
        correlation_id=delivery_id,
        id=delivery_id,
        occurred_at=now.isoformat().replace("+00:00", "Z"),
    )
    return envelope.validate()


class AmqpSender:
    def __init__(self, url: str, prefix: str = "") -> None:
        self.publisher = AmqpPublisher(url, Names(prefix), confirm_timeout=10.0)

    def send_many(self, notices: list[tuple[str, str, str, dict[str, Any]]], now: datetime) -> SendResult:
        """(delivery id, receiver, unit, notice) each, pipelined and confirmed as one batch: all delivered or none
        counted as delivered."""
        batch = [
            PendingEvent(
                0,
                delivery_id,
                routing_key(receiver),
                notice_envelope(delivery_id, receiver, unit, payload, now).to_json(),
            )
            for delivery_id, receiver, unit, payload in notices
        ]
        try:
            self.publisher(batch)
        except Exception as exc:  # broker down or refused: the batch is retried with back-off
            return SendResult(False, None, f"{type(exc).__name__}: {exc}")
        return SendResult(True)

    def close(self) -> None:
        self.publisher.close()
