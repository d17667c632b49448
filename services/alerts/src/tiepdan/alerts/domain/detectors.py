"""Detectors: from one observation (and, for hotspots, the key's recent sightings) to the signals it raises.

A signal says "this (kind, group key) should be alerting, with these contributions"; whether that opens
a new alert or updates the open one is `book.py`'s business.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.kinds import Kind, Severity
from tiepdan.alerts.domain.observations import (
    Contribution,
    CoverageGap,
    EnforcementPlan,
    HeldCase,
    InboundReport,
    OverdueCase,
    OverdueTask,
    ScheduledReception,
    Sighting,
)
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.alerts.domain.window import WindowCount, windows_holding
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.text import group_key


@dataclass(frozen=True)
class Signal:
    kind: Kind
    group_key: str
    severity: Severity
    at: datetime
    field: str | None
    subject: str | None
    area: str | None
    contributions: tuple[Contribution, ...] = ()
    #: A count known from the source itself (a case's visits so far) that contributions alone cannot show.
    visit_count_floor: int = 0
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def topic_key(sighting: Sighting) -> str:
    """The hotspot/crowd key of a visit or petition."""
    return group_key(sighting.field, sighting.subject, sighting.area)


def case_key(case_id: str) -> str:
    return f"case:{case_id}"


def detect_sighting(
    sighting: Sighting, rules: RuleSet, neighbours: Iterable[Contribution] = (), hotspot_open: bool = False
) -> list[Signal]:
    """Signals from a visit or petition; `neighbours` are other sightings of the same topic key, in any order.

    While the topic's hotspot alert is active every new sighting of the topic joins it (the window only decides
    when a hotspot starts), so `neighbours` are needed only when `hotspot_open` is False.

    A denunciation about Party members or congress personnel raises only its own kind: its subject must not
    reach the police or the ward office through a crowd or hotspot alert (Luật Tố cáo Art 9).
    """
    if sighting.is_party_denunciation:
        return [signal for signal in [_party_personnel(sighting, rules)] if signal is not None]
    found = [_crowd(sighting, rules), _hotspot(sighting, rules, neighbours, hotspot_open), _repeat(sighting, rules)]
    return [signal for signal in found if signal is not None]


def _crowd(sighting: Sighting, rules: RuleSet) -> Signal | None:
    rule = rules.detector(Kind.CROWD)
    if not rule.enabled or sighting.headcount < (rule.min_headcount or 0):
        return None
    return _topic_signal(Kind.CROWD, sighting, rule.severity, (sighting.contribution,))


def _hotspot(
    sighting: Sighting, rules: RuleSet, neighbours: Iterable[Contribution], hotspot_open: bool
) -> Signal | None:
    rule = rules.detector(Kind.HOTSPOT)
    if not rule.enabled or rule.window is None:
        return None
    details = {"window_hours": rule.window // timedelta(hours=1)}
    if hotspot_open:
        return _topic_signal(Kind.HOTSPOT, sighting, rule.severity, (sighting.contribution,), details)
    min_persons, min_visits = rule.min_persons or 0, rule.min_visits or 0

    def qualifies(window: WindowCount) -> bool:
        return window.persons >= min_persons or window.visits >= min_visits

    hot = [w for w in windows_holding(sighting.contribution, neighbours, rule.window) if qualifies(w)]
    if not hot:
        return None
    busiest = max(hot, key=lambda w: (w.persons, w.visits))
    return _topic_signal(
        Kind.HOTSPOT,
        sighting,
        rule.severity,
        busiest.contributions,
        details,
    )


def _repeat(sighting: Sighting, rules: RuleSet) -> Signal | None:
    rule = rules.detector(Kind.REPEAT)
    contribution = sighting.contribution
    if not rule.enabled or not contribution.is_visit or contribution.case_id is None:
        return None
    visits = sighting.case_visit_count or 1
    after_resolved = bool(rule.after_resolved) and sighting.case_status_before == "resolved"
    if visits < (rule.min_visits or 0) and not after_resolved:
        return None
    return Signal(
        kind=Kind.REPEAT,
        group_key=case_key(contribution.case_id),
        severity=rule.severity,
        at=sighting.at,
        field=sighting.field,
        subject=sighting.subject,
        area=sighting.area,
        contributions=(contribution,),
        visit_count_floor=visits,
        details={"after_resolved": after_resolved},
    )


def _party_personnel(sighting: Sighting, rules: RuleSet) -> Signal | None:
    rule = rules.detector(Kind.PARTY_PERSONNEL)
    if not rule.enabled:
        return None
    case_id = sighting.contribution.case_id
    key = case_key(case_id) if case_id else topic_key(sighting)
    return Signal(
        kind=Kind.PARTY_PERSONNEL,
        group_key=key,
        severity=rule.severity,
        at=sighting.at,
        field=sighting.field,
        subject=sighting.subject,
        area=sighting.area,
        contributions=(sighting.contribution,),
    )


def _topic_signal(
    kind: Kind,
    sighting: Sighting,
    severity: Severity,
    contributions: tuple[Contribution, ...],
    details: Mapping[str, Any] | None = None,
) -> Signal:
    return Signal(
        kind=kind,
        group_key=topic_key(sighting),
        severity=severity,
        at=sighting.at,
        field=sighting.field,
        subject=sighting.subject,
        area=sighting.area,
        contributions=contributions,
        details=details or {},
    )


def detect_inbound_report(report: InboundReport, rules: RuleSet) -> Signal | None:
    rule = rules.detector(Kind.OVER_LEVEL)
    if not rule.enabled:
        return None
    by_level = rule.severity_by_level or {}
    return Signal(
        kind=Kind.OVER_LEVEL,
        group_key=group_key(report.field, report.subject, report.area),
        severity=by_level.get(report.level, rule.severity),
        at=report.at,
        field=report.field,
        subject=report.subject,
        area=report.area,
        contributions=(Contribution(report.source_id, report.at, report.headcount, is_visit=False, case_id=None),),
        details={"level": report.level, "place": report.place},
    )


def detect_overdue(case: OverdueCase, rules: RuleSet) -> Signal | None:
    rule = rules.detector(Kind.OVERDUE)
    if not rule.enabled:
        return None
    source = Contribution(f"overdue:{case.case_id}:{case.deadline}", case.at, 0, is_visit=False, case_id=case.case_id)
    return Signal(
        kind=Kind.OVERDUE,
        group_key=f"{case_key(case.case_id)}|{case.deadline}",
        severity=rule.severity,
        at=case.at,
        field=case.field,
        subject=case.subject or None,
        area=case.area or None,
        contributions=(source,),
        details={"deadline": case.deadline, "due": case.due.isoformat()},
    )


def detect_election_hold(case: HeldCase, rules: RuleSet) -> Signal | None:
    """One alert per held matter: the leader sees it and forwards it after the election."""
    rule = rules.detector(Kind.ELECTION_HOLD)
    if not rule.enabled:
        return None
    source = Contribution(f"held:{case.case_id}", case.at, 0, is_visit=False, case_id=case.case_id)
    return Signal(
        kind=Kind.ELECTION_HOLD,
        group_key=case_key(case.case_id),
        severity=rule.severity,
        at=case.at,
        field=case.field,
        subject=case.subject or None,
        area=case.area or None,
        contributions=(source,),
        details={
            "matter": case.matter,
            "election_day": case.election_day.isoformat(),
            "forward_after": case.forward_after.isoformat(),
        },
    )


def detect_coverage_gap(gap: CoverageGap, rules: RuleSet) -> Signal | None:
    rule = rules.detector(Kind.COVERAGE_GAP)
    if not rule.enabled:
        return None
    key = f"{gap.day.isoformat()}|{gap.shift}|{gap.skill}"
    return Signal(
        kind=Kind.COVERAGE_GAP,
        group_key=key,
        severity=rule.severity,
        at=gap.at,
        field=None,
        subject=None,
        area=None,
        contributions=(Contribution(f"gap:{gap.roster_id}:{key}", gap.at, 0, is_visit=False, case_id=None),),
        details={"date": gap.day.isoformat(), "shift": gap.shift, "skill": gap.skill, "missing": gap.missing},
    )


def detect_calendar_missing(
    calendar: WorkingCalendar, today: date, at: datetime, unit: str, rules: RuleSet
) -> Signal | None:
    """`days_before` (60) days or fewer before the last known year ends, the next year's days off are missing."""
    rule = rules.detector(Kind.CALENDAR_MISSING)
    last = calendar.last_known_day
    if not rule.enabled or last is None or (last - today).days > (rule.days_before or 0):
        return None
    year = last.year + 1
    return Signal(
        kind=Kind.CALENDAR_MISSING,
        group_key=f"calendar|{year}",
        severity=rule.severity,
        at=at,
        field=None,
        subject=None,
        area=None,
        contributions=(Contribution(f"calendar_missing:{unit}:{year}", at, 0, is_visit=False, case_id=None),),
        details={"year": year, "last_known_day": last.isoformat()},
    )


def enforcement_key(case_id: str, planned_on: date) -> str:
    """One alert per planned date: a new date is judged (and decided on) afresh."""
    return f"{case_key(case_id)}|{planned_on.isoformat()}"


def detect_enforcement(plan: EnforcementPlan, calendar: WorkingCalendar, rules: RuleSet) -> Signal | None:
    """An enforcement planned inside a special period (one level up: critical by default) or within `days_around`
    (7) days of one. Going ahead needs the Chairman's recorded decision (the plan, §3: cân nhắc việc thực hiện
    cưỡng chế)."""
    rule = rules.detector(Kind.ENFORCEMENT_IN_SPECIAL_PERIOD)
    found = calendar.period_near(plan.planned_on, rule.days_around or 0) if rule.enabled else None
    if found is None:
        return None
    period, inside = found
    source = Contribution(
        f"enforcement:{plan.case_id}:r{plan.revision}", plan.at, 0, is_visit=False, case_id=plan.case_id
    )
    return Signal(
        kind=Kind.ENFORCEMENT_IN_SPECIAL_PERIOD,
        group_key=enforcement_key(plan.case_id, plan.planned_on),
        severity=rule.severity.raised() if inside else rule.severity,
        at=plan.at,
        field=plan.field,
        subject=plan.subject,
        area=plan.area,
        contributions=(source,),
        details={
            "case_id": plan.case_id,
            "planned_on": plan.planned_on.isoformat(),
            "enforcing_unit": plan.enforcing_unit,
            "revision": plan.revision,
            "inside": inside,
            "period": period.name,
            "period_from": period.start.isoformat(),
            "period_to": period.end.isoformat(),
        },
    )


def reception_key(reception_id: str) -> str:
    return f"reception:{reception_id}"


def detect_reception(reception: ScheduledReception, rules: RuleSet, timezone: str) -> Signal | None:
    """A reception scheduled in advance: the police on duty record their security plan for it (the plan, §4).
    Its times are kept in the ward's time, as the title shows them."""
    rule = rules.detector(Kind.RECEPTION_SCHEDULED)
    if not rule.enabled:
        return None
    zone = ZoneInfo(timezone)
    source = Contribution(
        f"reception:{reception.reception_id}:r{reception.revision}", reception.at, 0, is_visit=False, case_id=None
    )
    return Signal(
        kind=Kind.RECEPTION_SCHEDULED,
        group_key=reception_key(reception.reception_id),
        severity=rule.severity,
        at=reception.at,
        field=reception.field,
        subject=reception.subject,
        area=reception.area,
        contributions=(source,),
        details={
            "reception_id": reception.reception_id,
            "place": reception.place,
            "starts_at": reception.starts_at.astimezone(zone).isoformat(),
            "ends_at": reception.ends_at.astimezone(zone).isoformat(),
            "scheduled_by": reception.scheduled_by,
            "revision": reception.revision,
        },
    )


def task_key(task_id: str) -> str:
    return f"task:{task_id}"


def detect_task_overdue(task: OverdueTask, rules: RuleSet) -> Signal | None:
    """A handling plan's task past its due date without a report back: the leader who gave it is told."""
    rule = rules.detector(Kind.RESPONSE_TASK_OVERDUE)
    if not rule.enabled:
        return None
    source = Contribution(f"task_overdue:{task.task_id}:{task.due.isoformat()}", task.at, 0, False, case_id=None)
    return Signal(
        kind=Kind.RESPONSE_TASK_OVERDUE,
        group_key=task_key(task.task_id),
        severity=rule.severity,
        at=task.at,
        field=None,
        subject=None,
        area=None,
        contributions=(source,),
        details={
            "task_id": task.task_id,
            "plan_id": task.plan_id,
            "assignee_agency": task.assignee_agency,
            "assignee_staff_id": task.assignee_staff_id,
            "due": task.due.isoformat(),
            "title": task.title,
        },
    )
