"""E-mail deliveries of a pump round: who is written to, the text, and the record of each attempt.

Each address the server accepts is recorded at once, in its own transaction, before the next is written, and each
notice's outcome as soon as it is sent: a retry writes only to the others, and a worker killed mid-round leaves at
most the one address in flight in doubt (written again after the lease, with the same Message-ID).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tiepdan.alerts.adapters import metrics
from tiepdan.alerts.adapters.email import EmailSender
from tiepdan.alerts.domain.delivery import Delivery, RetryPolicy
from tiepdan.alerts.domain.mail import compose
from tiepdan.alerts.domain.rules import Receiver
from tiepdan.alerts.service.unit_of_work import AlertsWork

NO_SERVER = "không có máy chủ thư (TIEPDAN_SMTP_HOST chưa đặt)"
NO_ADDRESS = "nơi nhận không còn địa chỉ thư điện tử"
NOBODY_ON_DUTY = "không có người trực nào của nơi nhận có địa chỉ thư điện tử"
#: The status recorded when every address was accepted (SMTP's answer to each).
ACCEPTED = 250


def recipients(receiver: Receiver, delivery: Delivery) -> list[str]:
    """The receiver's addresses for this notice: fixed ones, then those of the staff the notice names as on duty
    when it was made."""
    on_duty = [str(a["staff_id"]) for a in delivery.payload.get("addressees", [])]
    return receiver.email_addresses(on_duty)


def send_emails(
    open_uow: Callable[[], AlertsWork],
    sender: EmailSender | None,
    batch: list[tuple[str, Delivery]],
    receivers: dict[tuple[str, str], Receiver | None],
    policy: RetryPolicy,
    clock: Callable[[], datetime],
) -> None:
    for unit, delivery in batch:

        def record(delivery: Delivery = delivery) -> None:
            with open_uow() as uow:
                uow.deliveries.record_attempts([delivery])
                uow.commit()

        attempt(sender, (unit, delivery), receivers[(unit, delivery.receiver)], policy, clock, record)
        metrics.DELIVERIES.labels(str(delivery.channel), str(delivery.outcome)).inc()
        record()


def attempt(
    sender: EmailSender | None,
    item: tuple[str, Delivery],
    receiver: Receiver | None,
    policy: RetryPolicy,
    clock: Callable[[], datetime],
    record: Callable[[], None],
) -> None:
    """Send a unit's notice to the receiver's addresses not yet written to; `record` stores the delivery as it
    stands (called after each address the server accepts)."""
    unit, delivery = item
    delivery.close_interrupted(clock())
    if receiver is None:
        delivery.record_failure(clock(), "nơi nhận không còn trong quy tắc", None, policy, permanent=True)
        return
    if not receiver.has_email:
        delivery.record_failure(clock(), NO_ADDRESS, None, policy, permanent=True)
        return
    if sender is None:
        delivery.record_skipped(clock(), NO_SERVER)
        return
    addresses = recipients(receiver, delivery)
    if not addresses:
        delivery.record_skipped(clock(), NOBODY_ON_DUTY)
        return
    sent_before = delivery.sent_to()
    to = [a for a in addresses if a not in sent_before]
    if not to:  # a worker wrote to every address, then died before recording the outcome
        delivery.record_success(clock(), ACCEPTED)
        return
    texts = sender.texts
    text = compose(
        delivery.payload, receiver.title, texts.unit_names.get(unit, unit), texts.console_url, texts.timezone
    )

    def accepted(address: str) -> None:
        delivery.note_accepted(clock(), address)
        record()

    sent = sender.send(delivery.id, to, text, on_accepted=accepted)
    if sent.ok:
        delivery.record_success(clock(), ACCEPTED, sent_to=sent.accepted)
    else:
        error = sent.error or "lỗi không rõ"
        delivery.record_failure(clock(), error, sent.code, policy, permanent=sent.permanent, sent_to=sent.accepted)
