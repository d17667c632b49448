"""The day's figures: what intake's register shows for a day, and the `daily` report of a special period.

Basis: the plan for heightened reception around congresses and the 2026 elections asks for daily figures
(docs/domain.md, "Elections and congresses 2026").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from tiepdan.kit.contract import ALERT_KINDS
from tiepdan.reports.domain.cases import CaseChange, CaseDeadline
from tiepdan.reports.domain.coordination import empty_coordination_counts
from tiepdan.reports.domain.reception import RECEPTION_COLUMNS


@dataclass(frozen=True)
class ReceptionDay:
    """One reception kind on one day."""

    visits: int = 0
    persons: int = 0
    groups: int = 0


def register_counts(by_reception: Mapping[str, ReceptionDay], petitions: int) -> dict[str, Any]:
    """A day's counts in the shape of intake's `intake.register.closed` summary, so the two compare key by key."""
    days = [by_reception.get(reception, ReceptionDay()) for reception in RECEPTION_COLUMNS]
    return {
        "visits": sum(day.visits for day in days),
        "persons": sum(day.persons for day in days),
        "groups": sum(day.groups for day in days),
        "petitions": petitions,
        "by_reception": {
            reception: {"visits": day.visits, "persons": day.persons}
            for reception, day in zip(RECEPTION_COLUMNS, days, strict=True)
        },
    }


@dataclass(frozen=True)
class AlertFact:
    unit: str
    alert_id: str
    kind: str
    raised_at: datetime
    resolved_at: datetime | None = None

    def is_open_at(self, instant: datetime) -> bool:
        return self.raised_at <= instant and (self.resolved_at is None or self.resolved_at > instant)


@dataclass(frozen=True)
class AlertSeen:
    """An alert as the projection keeps it, from alerts' events: raised/updated/acknowledged/escalated/resolved all
    carry the whole alert."""

    alert_id: str
    unit: str
    kind: str
    status: str
    raised_at: datetime
    resolved_at: datetime | None
    seen_at: datetime

    def after(self, stored: AlertSeen | None) -> AlertSeen:
        """The alert once this event is counted with what was stored: events arrive in any order, so it opened at
        the earliest time seen, closed at the earliest resolution seen, and shows its latest status."""
        if stored is None:
            return self
        resolved = stored.resolved_at
        if self.resolved_at is not None:
            resolved = self.resolved_at if resolved is None else min(resolved, self.resolved_at)
        latest = self if self.seen_at >= stored.seen_at else stored
        return replace(
            stored,
            raised_at=min(stored.raised_at, self.raised_at),
            resolved_at=resolved,
            status=latest.status,
            seen_at=latest.seen_at,
        )


def open_alerts_by_kind(alerts: Iterable[AlertFact], at: datetime) -> dict[str, int]:
    counts = dict.fromkeys(ALERT_KINDS, 0)
    for alert in alerts:
        if alert.is_open_at(at):
            counts[alert.kind] = counts.get(alert.kind, 0) + 1
    return {**counts, "total": sum(counts.values())}


def overdue_cases(
    deadlines: Iterable[CaseDeadline], changes_by_case: Mapping[str, Sequence[CaseChange]], day: date
) -> int:
    """Cases with at least one deadline past and unmet at the end of the day."""
    return len(
        {
            deadline.case_id
            for deadline in deadlines
            if deadline.is_overdue_on(changes_by_case.get(deadline.case_id, ()), day)
        }
    )


def daily_figures(
    day: date,
    counts: Mapping[str, Any],
    alerts: Iterable[AlertFact],
    deadlines: Iterable[CaseDeadline],
    changes_by_case: Mapping[str, Sequence[CaseChange]],
    as_of: datetime,
) -> dict[str, Any]:
    """The `daily` report of one unit: the day's counts, alerts open at `as_of`, cases overdue that day; its
    `coordination` (the response plans and tasks of the day, `domain/coordination.coordination_counts`) is none
    here, the service counts it from the plans' and tasks' projection."""
    return {
        "date": day.isoformat(),
        **counts,
        "open_alerts": open_alerts_by_kind(alerts, as_of),
        "overdue_cases": overdue_cases(deadlines, changes_by_case, day),
        "coordination": empty_coordination_counts(),
    }
