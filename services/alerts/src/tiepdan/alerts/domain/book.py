"""Dedup and severity: a signal either opens the (kind, group key)'s alert or updates the active one."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.detectors import Signal
from tiepdan.alerts.domain.kinds import Severity
from tiepdan.alerts.domain.rules import RoutePlan, RuleSet
from tiepdan.kit.calendar import WorkingCalendar


class Change(StrEnum):
    RAISED = "raised"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Outcome:
    alert: Alert
    change: Change
    severity_raised: bool = False


@dataclass(frozen=True)
class Desk:
    """Where and when a signal is booked: the unit, its rules and calendar, the time, and how new alerts are named."""

    unit: str
    rules: RuleSet
    calendar: WorkingCalendar
    now: datetime
    new_id: Callable[[], str]


def apply_signal(active: Alert | None, signal: Signal, desk: Desk, *, counted: Collection[str] = ()) -> Outcome:
    """`active` is the open or acknowledged alert of the signal's (kind, group key), if any; `counted` are the
    signal's source ids that `active` already counts.
    """
    rules, calendar = desk.rules, desk.calendar
    if active is not None and (active.kind, active.group_key) != (signal.kind, signal.group_key):
        raise ValueError("the active alert belongs to another (kind, group_key)")
    if active is None:
        alert = Alert.open_from(signal, alert_id=desk.new_id(), unit=desk.unit, plan=RoutePlan((), ()), now=desk.now)
        alert.severity, alert.special_period = judge_severity(alert, signal, rules, calendar)
        alert.plan = rules.plan_for(alert.kind, alert.severity, alert.field, alert.area)
        return Outcome(alert, Change.RAISED)
    if not active.absorb(signal, counted):
        return Outcome(active, Change.UNCHANGED)
    active.pending_update = active.last_notified_at is not None
    severity, period = judge_severity(active, signal, rules, calendar)
    raised = active.raise_to(severity)
    if raised:
        # routes may depend on severity: a crowd turning critical also goes to the leader
        active.special_period = period or active.special_period
        active.reroute(rules.plan_for(active.kind, active.severity, active.field, active.area))
    return Outcome(active, Change.UPDATED, severity_raised=raised)


def judge_severity(
    alert: Alert, signal: Signal, rules: RuleSet, calendar: WorkingCalendar
) -> tuple[Severity, str | None]:
    """The rule's severity for the alert's counts, raised one level when the signal falls in a special period
    (congress, election, Tết duty). Returns the severity and the name of the period that raised it, if any.
    """
    severity = rules.detector(alert.kind).severity_for(signal.severity, alert.headcount, alert.visit_count)
    if not rules.raise_in_special_periods:
        return severity, None
    day = signal.at.astimezone(ZoneInfo(calendar.timezone)).date()
    periods = calendar.periods_on(day)
    if not periods:
        return severity, None
    return severity.raised(), periods[0].name
