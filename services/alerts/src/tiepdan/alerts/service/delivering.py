"""The delivery pump: send due deliveries over their channel, log every attempt, retry with back-off.

Deliveries are leased in one short transaction, sent outside any transaction (a slow receiver never holds a
database lock), and their attempts recorded in another; a crash mid-send retries them after the lease.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tiepdan.alerts.adapters import metrics
from tiepdan.alerts.adapters.amqp_notifier import AmqpSender
from tiepdan.alerts.adapters.email import EmailSender
from tiepdan.alerts.adapters.webhook import SendResult, WebhookSender
from tiepdan.alerts.config import DEFAULT_DELIVERY_LEASE_S
from tiepdan.alerts.domain.delivery import Channel, Delivery, RetryPolicy
from tiepdan.alerts.domain.rules import Receiver
from tiepdan.alerts.service.emailing import send_emails
from tiepdan.alerts.service.unit_of_work import AlertsWork

LEASE = timedelta(seconds=DEFAULT_DELIVERY_LEASE_S)


@dataclass
class Senders:
    webhook: WebhookSender
    #: None when the deployment has no broker (embedded mode): AMQP deliveries are then skipped, and logged so.
    amqp: AmqpSender | None
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    #: None when no SMTP server is configured: e-mail deliveries are then skipped, and logged so.
    email: EmailSender | None = None
    #: How long a claimed delivery is left alone by other workers (a worker killed mid-send: retried after it).
    lease: timedelta = LEASE

    def close(self) -> None:
        """Release the broker connection and HTTP keep-alives (a worker stopping, a test ending)."""
        if self.amqp is not None:
            self.amqp.close()
        self.webhook.session.close()


def pump_deliveries(
    open_uow: Callable[[], AlertsWork], senders: Senders, clock: Callable[[], datetime], limit: int = 200
) -> int:
    """Send what is due now; returns how many deliveries were attempted. The pump opens its own units of work:
    one to lease, none while sending, one to record.

    A round's AMQP notices go out as one confirmed batch and its outcomes are recorded in one transaction: the
    pump shares the worker process with the consumer, and must not eat its time.
    """
    with open_uow() as uow:
        claimed = uow.deliveries.claim_due(clock(), senders.lease, limit)
        receivers = {(unit, d.receiver): uow.rules.get(unit).receiver(d.receiver) for unit, d in claimed}
        uow.commit()
    if not claimed:
        return 0
    emails = [(u, d) for u, d in claimed if d.channel is Channel.EMAIL]
    send_emails(open_uow, senders.email, emails, receivers, senders.policy, clock)
    claimed = [(u, d) for u, d in claimed if d.channel is not Channel.EMAIL]
    results = _send_amqp(senders, [(u, d) for u, d in claimed if d.channel is Channel.AMQP], receivers, clock())
    for unit, delivery in claimed:
        if delivery.channel is Channel.WEBHOOK:
            results[delivery.id] = _send_webhook(senders, delivery, receivers[(unit, delivery.receiver)])
    for _unit, delivery in claimed:
        _record(delivery, results[delivery.id], senders.policy, clock())
        metrics.DELIVERIES.labels(str(delivery.channel), str(delivery.outcome)).inc()
    with open_uow() as uow:
        uow.deliveries.record_attempts([delivery for _, delivery in claimed])
        uow.commit()
    return len(claimed) + len(emails)


def _send_amqp(
    senders: Senders,
    batch: list[tuple[str, Delivery]],
    receivers: dict[tuple[str, str], Receiver | None],
    now: datetime,
) -> dict[str, SendResult | None]:
    """One confirmed batch for the round (None: no broker in this deployment). A failed batch is retried whole;
    agencies drop a repeated notice by its envelope id (the delivery id)."""
    results: dict[str, SendResult | None] = {}
    sendable = []
    for unit, delivery in batch:
        if receivers[(unit, delivery.receiver)] is None:
            results[delivery.id] = GONE
        elif senders.amqp is None:
            results[delivery.id] = None
        else:
            sendable.append((unit, delivery))
    if sendable and senders.amqp is not None:
        outcome = senders.amqp.send_many([(d.id, d.receiver, unit, d.payload) for unit, d in sendable], now)
        results.update({d.id: outcome for _, d in sendable})
    return results


def _send_webhook(senders: Senders, delivery: Delivery, receiver: Receiver | None) -> SendResult:
    if receiver is None:
        return GONE
    if receiver.webhook_url is None:
        return SendResult(False, None, "nơi nhận không còn địa chỉ webhook", permanent=True)
    return senders.webhook.send(receiver.webhook_url, receiver.webhook_secret, delivery.id, delivery.payload)


def _record(delivery: Delivery, result: SendResult | None, policy: RetryPolicy, now: datetime) -> None:
    if result is None:
        delivery.record_skipped(now, "không có máy chủ AMQP trong chế độ nhúng (embedded)")
    elif result.ok:
        delivery.record_success(now, result.status)
    else:
        delivery.record_failure(now, result.error or "lỗi không rõ", result.status, policy, permanent=result.permanent)


GONE = SendResult(False, None, "nơi nhận không còn trong quy tắc", permanent=True)
