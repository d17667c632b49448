"""The delivery pump with the broker away: a round's AMQP notices are one batch, tried once, backed off together."""

from __future__ import annotations

from alerts_harness import visit
from sqlalchemy import select

from tiepdan.alerts.adapters.amqp_notifier import AmqpSender
from tiepdan.alerts.adapters.orm import DeliveryRow
from tiepdan.alerts.adapters.webhook import WebhookSender
from tiepdan.alerts.service.delivering import Senders, pump_deliveries
from tiepdan.kit.testing import unused_port


class CountingSender(AmqpSender):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.tries = 0

    def send_many(self, *args, **kwargs):
        self.tries += 1
        return super().send_many(*args, **kwargs)


def test_an_unreachable_broker_is_tried_once_per_round(runtime, clock):
    visit(runtime, headcount=6)
    broker = CountingSender(f"amqp://guest:guest@127.0.0.1:{unused_port()}//")
    senders = Senders(WebhookSender(), broker)
    assert pump_deliveries(runtime.uow, senders, clock) == 2
    assert broker.tries == 1
    with runtime.sessions() as session:
        rows = session.scalars(select(DeliveryRow)).all()
    assert {(r.receiver, r.outcome, r.attempts) for r in rows} == {
        ("ward_office", "retrying", 1),
        ("police", "retrying", 1),
    }
    assert pump_deliveries(runtime.uow, senders, clock) == 0  # backing off
    clock.advance(seconds=2)
    assert pump_deliveries(runtime.uow, senders, clock) == 2
    assert broker.tries == 2
    senders.close()
