"""The worker's timers: escalation, re-notification, pending first notices; and the open-alerts gauge."""

from __future__ import annotations

from tiepdan.alerts import metrics
from tiepdan.alerts.domain.escalation import Reason, due_step
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.alerts.service.context import Context
from tiepdan.alerts.service.notifying import deliver, is_muted


def run_timers(ctx: Context) -> int:
    """Do what is due at `ctx.now` for every active alert of every unit; returns how many alerts were touched."""
    touched = 0
    for alert in ctx.store.due_for_timers(ctx.now):
        step = due_step(alert, ctx.rules(alert.unit), ctx.now, muted=is_muted(ctx, alert))
        if step is None:
            continue
        if step.reason is Reason.ESCALATED:
            alert.escalate(ctx.now)
            metrics.ESCALATIONS.labels(str(alert.kind), str(alert.severity)).inc()
            ctx.publish("alerts.alert.escalated", alert)
        deliver(ctx, alert, step.reason, step.receivers)
        alert.mark_notified(ctx.now, everyone=step.reason is not Reason.ESCALATED)
        ctx.store.save(alert, ctx.now)
        touched += 1
    return touched


def observe_open_alerts(ctx: Context) -> None:
    """Every (kind, severity, active status) is set, to zero when there is none, so neither a dashboard nor an
    alerting rule ever sees a stale count (an acknowledged alert leaves the `open` series at once)."""
    counts = ctx.store.active_counts()
    for kind in Kind:
        for severity in Severity:
            for status in (s for s in Status if s.is_active):
                key = (str(kind), str(severity), str(status))
                metrics.OPEN_ALERTS.labels(*key).set(counts.get(key, 0))
