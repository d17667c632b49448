"""Telling receivers: muting (silences, inhibitions), addressees on duty and one delivery row per channel.

Delivery rows are written in the alert's transaction and sent later by the delivery pump, so a notice is
never lost between the alert's commit and the webhook call.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.access import can_read
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Channel, Delivery, notification_payload
from tiepdan.alerts.domain.duty import addressees
from tiepdan.alerts.domain.escalation import Reason
from tiepdan.alerts.domain.ids import new_id
from tiepdan.alerts.domain.muting import inhibiting, silencing
from tiepdan.alerts.service.unit_of_work import AlertsWork


def is_muted(uow: AlertsWork, alert: Alert, now: datetime) -> bool:
    rules = uow.rules.get(alert.unit)
    if silencing(alert, uow.silences.in_force(alert.unit, now), now) is not None:
        return True
    sources = {i.source_kind for i in rules.inhibitions if i.target_kind is alert.kind}
    return inhibiting(alert, uow.alerts.active_of_kinds(alert.unit, sources), rules.inhibitions) is not None


def deliver(uow: AlertsWork, alert: Alert, reason: Reason, receivers: Iterable[str], now: datetime) -> None:
    """Queue a notice to each receiver on each of its channels."""
    rules = uow.rules.get(alert.unit)
    timezone = uow.copies.calendar(alert.unit).timezone
    rosters = uow.copies.rosters_covering(alert.unit, now.astimezone(ZoneInfo(timezone)).date())
    for name in receivers:
        receiver = rules.receiver(name)
        if receiver is None:
            continue
        people = addressees(rosters, receiver.agency, now, timezone)
        payload = notification_payload(alert, name, reason, people, now)
        channels = [Channel.WEBHOOK] if receiver.webhook_url else []
        channels += [Channel.AMQP] if receiver.amqp else []
        # a mail is read by people: none reads of a kind their role may not see, whatever the routes say
        channels += [Channel.EMAIL] if receiver.has_email and can_read([receiver.role], alert) else []
        for channel in channels:
            uow.deliveries.add(alert.unit, Delivery(new_id(), alert.id, name, channel, reason, payload, created_at=now))


def notify_unless_muted(uow: AlertsWork, alert: Alert, reason: Reason, receivers: Iterable[str], now: datetime) -> None:
    """A muted alert stays untold; the timer tells it once the silence or the inhibiting alert is gone."""
    if not is_muted(uow, alert, now):
        deliver(uow, alert, reason, receivers, now)
        alert.mark_notified(now)
