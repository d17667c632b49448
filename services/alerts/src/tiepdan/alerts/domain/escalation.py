"""What the timer does with an active alert now: first notice, escalation, update or re-notification.

PagerDuty-style: an unacknowledged alert climbs its route's escalation one receiver per delay
(15 min critical, 60 min warning by default); an acknowledged but unresolved one, or one whose
escalation is exhausted, is re-notified every repeat interval. Alertmanager-style grouping: later events
that grow an alert are told at most once per group interval (5 min by default), not one notice per visit.
Time is always passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.kinds import Status
from tiepdan.alerts.domain.rules import RuleSet


class Reason(StrEnum):
    """Why receivers are told."""

    RAISED = "raised"
    SEVERITY_RAISED = "severity_raised"
    ESCALATED = "escalated"
    UPDATED = "updated"
    RENOTIFY = "renotify"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Step:
    reason: Reason
    receivers: tuple[str, ...]


def due_step(alert: Alert, rules: RuleSet, now: datetime, muted: bool) -> Step | None:
    """The one thing due for this alert at `now`, or None. A muted alert waits; it is told once unmuted."""
    if not alert.status.is_active or muted:
        return None
    if alert.last_notified_at is None:
        return Step(Reason.RAISED, tuple(alert.receivers))
    escalating = alert.status is Status.OPEN and alert.can_escalate
    if escalating:
        delay = rules.escalation_delay(alert.severity)
        since = alert.level_since or alert.last_notified_at
        if delay is not None and now - since >= delay:
            return Step(Reason.ESCALATED, (alert.plan.escalation[alert.escalation_level],))
    if alert.pending_update and now - alert.last_notified_at >= rules.group_interval:
        return Step(Reason.UPDATED, tuple(alert.receivers))
    if escalating:
        return None  # the escalation chain, not reminders, follows an unacknowledged alert up
    since = max(alert.last_notified_at, alert.acknowledged_at or alert.last_notified_at)
    if now - since >= rules.repeat_interval:
        return Step(Reason.RENOTIFY, tuple(alert.receivers))
    return None
