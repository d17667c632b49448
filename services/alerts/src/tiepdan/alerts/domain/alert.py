"""The alert aggregate: one per (kind, group key) while active; counts come from distinct contributions only."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tiepdan.alerts.domain.detectors import Signal
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.alerts.domain.observations import Contribution
from tiepdan.alerts.domain.rules import RoutePlan
from tiepdan.alerts.domain.titles import Topic, alert_title


class AlertStateError(Exception):
    """An action the alert's current status does not allow (HTTP 409)."""


@dataclass
class Alert:
    id: str
    unit: str
    kind: Kind
    group_key: str
    severity: Severity
    field: str | None
    subject: str | None
    area: str | None
    first_seen: datetime
    last_seen: datetime
    plan: RoutePlan
    raised_at: datetime
    status: Status = Status.OPEN
    headcount: int = 0
    counted_visits: int = 0
    #: A count known from the source itself (a case's visits so far) that contributions alone cannot show.
    visit_count_floor: int = 0
    case_ids: list[str] = dataclasses.field(default_factory=list)
    #: Contributions absorbed since the alert was loaded: the repository stores them with their source ids.
    fresh: list[Contribution] = dataclasses.field(default_factory=list)
    details: dict[str, Any] = dataclasses.field(default_factory=dict)
    special_period: str | None = None
    escalation_level: int = 0
    #: When the current escalation level was first told: the escalation delay runs from here.
    level_since: datetime | None = None
    last_notified_at: datetime | None = None
    #: Grown since everyone was last told; the timer tells them once the group interval has passed.
    pending_update: bool = False
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    acknowledge_note: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    resolve_note: str | None = None

    @classmethod
    def open_from(cls, signal: Signal, *, alert_id: str, unit: str, plan: RoutePlan, now: datetime) -> Alert:
        alert = cls(
            id=alert_id,
            unit=unit,
            kind=signal.kind,
            group_key=signal.group_key,
            severity=signal.severity,
            field=signal.field,
            subject=signal.subject,
            area=signal.area,
            first_seen=signal.at,
            last_seen=signal.at,
            plan=plan,
            raised_at=now,
        )
        alert.absorb(signal)
        return alert

    @property
    def visit_count(self) -> int:
        return max(self.visit_count_floor, self.counted_visits)

    @property
    def receivers(self) -> list[str]:
        """Those told so far: the route's receivers, then one escalation receiver per level reached."""
        return [*self.plan.receivers, *self.plan.escalation[: self.escalation_level]]

    @property
    def can_escalate(self) -> bool:
        return self.escalation_level < len(self.plan.escalation)

    @property
    def title(self) -> str:
        topic = Topic(self.field, self.subject, self.area)
        return alert_title(self.kind, topic, self.details, headcount=self.headcount, visit_count=self.visit_count)

    def absorb(self, signal: Signal, counted: Collection[str] = ()) -> bool:
        """Take a signal's new contributions; True when anything changed.

        `counted` holds those of the signal's source ids the stored alert already counts (the repository looks
        them up), so a redelivered or replayed source never counts twice.
        """
        changed = False
        taken = {c.source_id for c in self.fresh}
        times = [signal.at]
        for contribution in signal.contributions:
            if contribution.source_id in counted or contribution.source_id in taken:
                continue
            taken.add(contribution.source_id)
            self.fresh.append(contribution)
            self.headcount += contribution.headcount
            self.counted_visits += int(contribution.is_visit)
            if contribution.case_id is not None and contribution.case_id not in self.case_ids:
                self.case_ids = sorted([*self.case_ids, contribution.case_id])
            times.append(contribution.at)
            changed = True
        if signal.visit_count_floor > self.visit_count_floor:
            self.visit_count_floor = signal.visit_count_floor
            changed = True
        if signal.at >= self.last_seen:
            # a late event must not overwrite newer facts (a report's level, a gap's missing count)
            merged = {**self.details, **signal.details}
            changed = changed or merged != self.details
            self.details = merged
        if min(times) < self.first_seen:
            self.first_seen, changed = min(times), True
        if max(times) > self.last_seen:
            self.last_seen, changed = max(times), True
        return changed

    def raise_to(self, severity: Severity) -> bool:
        """Severity only ever goes up while an alert is active."""
        if severity.rank > self.severity.rank:
            self.severity = severity
            return True
        return False

    def acknowledge(self, by: str, note: str | None, now: datetime) -> None:
        if self.status is not Status.OPEN:
            raise AlertStateError(f"cảnh báo đang ở trạng thái {self.status}, không thể xác nhận")
        self.status = Status.ACKNOWLEDGED
        self.acknowledged_by, self.acknowledged_at, self.acknowledge_note = by, now, note

    def resolve(self, by: str, note: str | None, now: datetime) -> None:
        if self.status is Status.RESOLVED:
            raise AlertStateError("cảnh báo đã được giải quyết")
        self.status = Status.RESOLVED
        self.resolved_by, self.resolved_at, self.resolve_note = by, now, note

    def escalate(self, now: datetime) -> str:
        """Move one level up the route's escalation; returns the receiver now added."""
        if self.status is not Status.OPEN or not self.can_escalate:
            raise AlertStateError("không còn cấp chuyển tiếp")
        receiver = self.plan.escalation[self.escalation_level]
        self.escalation_level += 1
        self.level_since = now
        return receiver

    def mark_notified(self, now: datetime, everyone: bool = True) -> None:
        """`everyone`: all receivers were told (not only an escalation's new one), so nothing is left pending."""
        if self.level_since is None:
            self.level_since = now
        self.last_notified_at = now
        if everyone:
            self.pending_update = False

    def reroute(self, plan: RoutePlan) -> None:
        """Adopt the plan of a new severity, keeping the escalation level reached (as far as the plan goes)."""
        self.plan = plan
        self.escalation_level = min(self.escalation_level, len(plan.escalation))

    def to_document(self) -> dict[str, Any]:
        """The alert object of docs/contract.md (and events `alerts.alert.*`): counts, place, time, field, subject."""
        return {
            "id": self.id,
            "unit": self.unit,
            "kind": str(self.kind),
            "severity": str(self.severity),
            "status": str(self.status),
            "title": self.title,
            "group_key": self.group_key,
            "field": self.field,
            "subject": self.subject,
            "area": self.area,
            "headcount": self.headcount,
            "visit_count": self.visit_count,
            "case_ids": list(self.case_ids),
            "first_seen": _rfc3339(self.first_seen),
            "last_seen": _rfc3339(self.last_seen),
            "receivers": self.receivers,
            "escalation_level": self.escalation_level,
            "acknowledged_by": self.acknowledged_by,
            "acknowledged_at": _rfc3339(self.acknowledged_at),
            "resolved_by": self.resolved_by,
            "resolved_at": _rfc3339(self.resolved_at),
            "special_period": self.special_period,
            "details": dict(self.details),
            "raised_at": _rfc3339(self.raised_at),
        }


def _rfc3339(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat().replace("+00:00", "Z")
