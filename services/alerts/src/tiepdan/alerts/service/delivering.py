"""The delivery pump: send due deliveries over their channel, log every attempt, retry with back-off.

A delivery is leased in one short transaction, sent outside any transaction (a slow receiver never holds a
database lock), and its attempt recorded in another; a crash mid-send retries it after the lease.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tiepdan.alerts import metrics
from tiepdan.alerts.adapters.amqp_notifier import AmqpSender
from tiepdan.alerts.adapters.repository import AlertStore
from tiepdan.alerts.adapters.webhook import SendResult, WebhookSender
from tiepdan.alerts.domain.delivery import Channel, Delivery, RetryPolicy
from tiepdan.alerts.domain.rules import Receiver
from tiepdan.kit.uow import UnitOfWork

LEASE = timedelta(seconds=60)


@dataclass
class Senders:
    webhook: WebhookSender
    #: None when the deployment has no broker (embedded mode): AMQP deliveries are then skipped, and logged so.
    amqp: AmqpSender | None
    policy: RetryPolicy = field(default_factory=RetryPolicy)

    def close(self) -> None:
        """Release the broker connection and HTTP keep-alives (a worker stopping, a test ending)."""
        if self.amqp is not None:
            self.amqp.close()
        self.webhook.session.close()


def pump_deliveries(
    open_uow: Callable[[], UnitOfWork], senders: Senders, clock: Callable[[], datetime], limit: int = 100
) -> int:
    """Send what is due now; returns how many deliveries were attempted."""
    with open_uow() as uow:
        store = AlertStore(uow.session)
        claimed = store.claim_due_deliveries(clock(), LEASE, limit)
        receivers = {(unit, d.receiver): store.rules(unit).receiver(d.receiver) for unit, d in claimed}
        uow.commit()
    broker_failure: SendResult | None = None
    for unit, delivery in claimed:
        if delivery.channel is Channel.AMQP and broker_failure is not None:
            # the broker just failed in this round: the others back off too, rather than each wait for a timeout
            result: SendResult | None = broker_failure
        else:
            result = _attempt(senders, unit, delivery, receivers[(unit, delivery.receiver)], clock())
            if delivery.channel is Channel.AMQP and result is not None and not result.ok and not result.permanent:
                broker_failure = result
        if result is None:
            delivery.record_skipped(clock(), "không có máy chủ AMQP trong chế độ nhúng (embedded)")
        elif result.ok:
            delivery.record_success(clock(), result.status)
        else:
            error = result.error or "lỗi không rõ"
            delivery.record_failure(clock(), error, result.status, senders.policy, permanent=result.permanent)
        metrics.DELIVERIES.labels(str(delivery.channel), str(delivery.outcome)).inc()
        with open_uow() as uow:
            AlertStore(uow.session).save_delivery(delivery)
            uow.commit()
    return len(claimed)


def _attempt(
    senders: Senders, unit: str, delivery: Delivery, receiver: Receiver | None, now: datetime
) -> SendResult | None:
    """One send; None when the channel does not exist in this deployment."""
    if receiver is None:
        return SendResult(False, None, "nơi nhận không còn trong quy tắc", permanent=True)
    if delivery.channel is Channel.AMQP:
        if senders.amqp is None:
            return None
        return senders.amqp.send(delivery.id, delivery.receiver, unit, delivery.payload, now)
    if receiver.webhook_url is None:
        return SendResult(False, None, "nơi nhận không còn địa chỉ webhook", permanent=True)
    return senders.webhook.send(receiver.webhook_url, receiver.webhook_secret, delivery.id, delivery.payload)
