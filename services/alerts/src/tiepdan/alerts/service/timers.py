"""The worker's timers: escalation, re-notification, pending first notices; and the open-alerts gauge."""

from __future__ import annotations

from datetime import datetime

from tiepdan.alerts.adapters import metrics
from tiepdan.alerts.domain.escalation import Reason, due_step
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.alerts.service.notifying import deliver, is_muted
from tiepdan.alerts.service.publishing import publish
from tiepdan.alerts.service.unit_of_work import AlertsWork


def run_timers(uow: AlertsWork, now: datetime) -> int:
    """Do what is due at `now` for every active alert of every unit; returns how many alerts were touched."""
    touched = 0
    for alert in uow.alerts.due_for_timers(uow.rules.all(), now):
        step = due_step(alert, uow.rules.get(alert.unit), now, muted=is_muted(uow, alert, now))
        if step is None:
            continue
        if step.reason is Reason.ESCALATED:
            alert.escalate(now)
            metrics.ESCALATIONS.labels(str(alert.kind), str(alert.severity)).inc()
            publish(uow, "alerts.alert.escalated", alert)
        deliver(uow, alert, step.reason, step.receivers, now)
        alert.mark_notified(now, everyone=step.reason is not Reason.ESCALATED)
        uow.alerts.save(alert, now)
        touched += 1
    return touched


def observe_open_alerts(uow: AlertsWork) -> None:
    """Every (kind, severity, active status) is set, to zero when there is none, so neither a dashboard nor an
    alerting rule ever sees a stale count (an acknowledged alert leaves the `open` series at once)."""
    counts = uow.alerts.active_counts()
    for kind in Kind:
        for severity in Severity:
            for status in (s for s in Status if s.is_active):
                key = (str(kind), str(severity), str(status))
                metrics.OPEN_ALERTS.labels(*key).set(counts.get(key, 0))
