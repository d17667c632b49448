"""What people do with an alert: acknowledge and resolve, with notes."""

from __future__ import annotations

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.escalation import Reason
from tiepdan.alerts.service.context import Context
from tiepdan.alerts.service.notifying import deliver


def acknowledge(ctx: Context, alert: Alert, by: str, note: str | None) -> Alert:
    """Stops escalation; the receivers are reminded every repeat interval until it is resolved."""
    alert.acknowledge(by, note, ctx.now)
    ctx.store.save(alert, ctx.now)
    ctx.publish("alerts.alert.acknowledged", alert)
    return alert


def resolve(ctx: Context, alert: Alert, by: str, note: str | None) -> Alert:
    """Frees the (kind, group key): the next matching event opens a new alert. Those told hear it is over."""
    alert.resolve(by, note, ctx.now)
    if alert.last_notified_at is not None:
        deliver(ctx, alert, Reason.RESOLVED, alert.receivers)
    ctx.store.save(alert, ctx.now)
    ctx.publish("alerts.alert.resolved", alert)
    return alert
