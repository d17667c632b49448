"""Telling receivers: muting (silences, inhibitions), addressees on duty and one delivery row per channel.

Delivery rows are written in the alert's transaction and sent later by the delivery pump, so a notice is
never lost between the alert's commit and the webhook call.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.access import can_read
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Channel, Delivery, notification_payload
from tiepdan.alerts.domain.duty import addressees
from tiepdan.alerts.domain.escalation import Reason
from tiepdan.alerts.domain.muting import inhibiting, silencing
from tiepdan.alerts.service.context import Context, new_id


def is_muted(ctx: Context, alert: Alert) -> bool:
    rules = ctx.rules(alert.unit)
    if silencing(alert, ctx.store.silences_in_force(alert.unit, ctx.now), ctx.now) is not None:
        return True
    sources = {i.source_kind for i in rules.inhibitions if i.target_kind is alert.kind}
    return inhibiting(alert, ctx.store.active_of_kinds(alert.unit, sources), rules.inhibitions) is not None


def deliver(ctx: Context, alert: Alert, reason: Reason, receivers: Iterable[str]) -> None:
    """Queue a notice to each receiver on each of its channels."""
    rules = ctx.rules(alert.unit)
    calendar = ctx.calendar(alert.unit)
    on_duty_day = ctx.now.astimezone(ZoneInfo(calendar.timezone)).date()
    rosters = ctx.store.rosters_covering(alert.unit, on_duty_day)
    for name in receivers:
        receiver = rules.receiver(name)
        if receiver is None:
            continue
        people = addressees(rosters, receiver.agency, ctx.now, calendar.timezone)
        payload = notification_payload(alert, name, reason, people, ctx.now)
        channels = [Channel.WEBHOOK] if receiver.webhook_url else []
        channels += [Channel.AMQP] if receiver.amqp else []
        # a mail is read by people: none reads of a kind their role may not see, whatever the routes say
        channels += [Channel.EMAIL] if receiver.has_email and can_read([receiver.role], alert) else []
        for channel in channels:
            ctx.store.add_delivery(
                alert.unit, Delivery(new_id(), alert.id, name, channel, reason, payload, created_at=ctx.now)
            )


def notify_unless_muted(ctx: Context, alert: Alert, reason: Reason, receivers: Iterable[str]) -> None:
    """A muted alert stays untold; the timer tells it once the silence or the inhibiting alert is gone."""
    if not is_muted(ctx, alert):
        deliver(ctx, alert, reason, receivers)
        alert.mark_notified(ctx.now)
