"""The coordination loop (issue 19): alerts raised from what intake and roster record, and settled by what they
record next — an enforcement planned near a special period and the Chairman's decision on it, a reception
scheduled for the police to secure, a handling plan's task overdue until it is reported on."""

from __future__ import annotations

from datetime import datetime

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.book import Outcome
from tiepdan.alerts.domain.detectors import (
    detect_enforcement,
    detect_reception,
    detect_task_overdue,
    enforcement_key,
    reception_key,
    task_key,
)
from tiepdan.alerts.domain.kinds import Kind, Status
from tiepdan.alerts.domain.observations import EnforcementDecision, EnforcementPlan, OverdueTask, ScheduledReception
from tiepdan.alerts.domain.titles import DECISION_LABELS
from tiepdan.alerts.service.acting import record_acknowledgement, record_resolution
from tiepdan.alerts.service.detecting import take_signal
from tiepdan.alerts.service.publishing import publish
from tiepdan.alerts.service.unit_of_work import AlertsWork

#: Who an alert settled by another service's record is settled by, as the alert shows it.
BY_INTAKE = "Hồ sơ vụ việc (intake)"
BY_ROSTER = "Lịch tiếp công dân (roster)"
BY_ALERTS = "Hệ thống cảnh báo"
#: Who records the decision on an enforcement, as the alert names them (`decided_by` of the event).
DECIDERS = {"leader": "Chủ tịch UBND phường"}


def take_enforcement_plan(
    uow: AlertsWork, unit: str, plan: EnforcementPlan, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    """A case's enforcement planned, or planned again for another day. The case's alert about another day is
    resolved (a decision on it does not carry over); the new day is judged afresh. A revision lower than one
    already applied is stale and changes nothing."""
    active = _enforcement_alerts(uow, unit, plan.case_id)
    if any(int(a.details.get("revision", 0)) >= plan.revision for a in active):
        return None
    signal = detect_enforcement(plan, uow.copies.calendar(unit), uow.rules.get(unit))
    for alert in active:
        if signal is None or alert.group_key != signal.group_key:
            note = f"Kế hoạch cưỡng chế chuyển sang ngày {plan.planned_on.strftime('%d/%m/%Y')}"
            record_resolution(uow, alert, by=BY_INTAKE, note=note, now=now)
    return take_signal(uow, unit, signal, occurred_at=occurred_at, now=now)


def take_enforcement_cleared(uow: AlertsWork, unit: str, case_id: str, reason: str, *, now: datetime) -> list[Alert]:
    """The enforcement was dropped or done: nothing is left to decide."""
    note = "Đã thực hiện cưỡng chế" if reason == "done" else "Không còn kế hoạch cưỡng chế"
    settled = _enforcement_alerts(uow, unit, case_id)
    for alert in settled:
        record_resolution(uow, alert, by=BY_INTAKE, note=note, now=now)
    return settled


def take_enforcement_decision(
    uow: AlertsWork, unit: str, decision: EnforcementDecision, *, now: datetime
) -> Alert | None:
    """The Chairman's recorded decision on the day it names (the plan, §3). `go` acknowledges the alert: escalation
    stops, and it stays on the board, re-told every repeat interval, until the enforcement is cleared. `hold`
    resolves it: the enforcement does not go ahead that day, and a new day comes as a new plan, judged afresh.
    A decision about another day than the alert's, or about none near a period, changes nothing."""
    alert = uow.alerts.active(
        unit, Kind.ENFORCEMENT_IN_SPECIAL_PERIOD, enforcement_key(decision.case_id, decision.planned_on)
    )
    if alert is None:
        return None
    alert.details = {
        **alert.details,
        "decision": decision.decision,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at.isoformat(),
    }
    by = DECIDERS.get(decision.decided_by, decision.decided_by)
    note = f"Quyết định {DECISION_LABELS[decision.decision]} cưỡng chế ngày {decision.planned_on.strftime('%d/%m/%Y')}"
    if decision.decision == "hold":
        record_resolution(uow, alert, by=by, note=note, now=now)
    elif alert.status is Status.OPEN:
        record_acknowledgement(uow, alert, by=by, note=note, now=now)
    else:
        uow.alerts.save(alert, now)
        publish(uow, "alerts.alert.updated", alert)
    return alert


def take_reception(
    uow: AlertsWork, unit: str, reception: ScheduledReception, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    """A reception scheduled, or moved (a higher revision: the alert shows the new place and time, and the police
    are told of the change). One already over by the time it arrives raises nothing."""
    active = uow.alerts.active(unit, Kind.RECEPTION_SCHEDULED, reception_key(reception.reception_id))
    if active is not None and int(active.details.get("revision", 0)) >= reception.revision:
        return None
    if reception.ends_at <= now:
        if active is not None:
            record_resolution(uow, active, by=BY_ALERTS, note="Buổi tiếp đã kết thúc", now=now)
        return None
    timezone = uow.copies.calendar(unit).timezone
    signal = detect_reception(reception, uow.rules.get(unit), timezone)
    return take_signal(uow, unit, signal, occurred_at=occurred_at, now=now)


def take_reception_cancelled(uow: AlertsWork, unit: str, reception_id: str, *, now: datetime) -> Alert | None:
    alert = uow.alerts.active(unit, Kind.RECEPTION_SCHEDULED, reception_key(reception_id))
    if alert is not None:
        record_resolution(uow, alert, by=BY_ROSTER, note="Buổi tiếp đã hủy", now=now)
    return alert


def close_ended_receptions(uow: AlertsWork, now: datetime) -> int:
    """The worker's timer: a reception's alert is resolved once the reception has ended. Returns how many."""
    ended = [
        alert
        for alert in uow.alerts.active_everywhere([Kind.RECEPTION_SCHEDULED])
        if datetime.fromisoformat(str(alert.details["ends_at"])) <= now
    ]
    for alert in ended:
        record_resolution(uow, alert, by=BY_ALERTS, note="Buổi tiếp đã kết thúc", now=now)
    return len(ended)


def take_overdue_task(
    uow: AlertsWork, unit: str, task: OverdueTask, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    signal = detect_task_overdue(task, uow.rules.get(unit))
    return take_signal(uow, unit, signal, occurred_at=occurred_at, now=now)


def take_task_report(uow: AlertsWork, unit: str, task_id: str, *, now: datetime) -> Alert | None:
    """The assignee reported back: the leader has what the overdue alert asked for."""
    alert = uow.alerts.active(unit, Kind.RESPONSE_TASK_OVERDUE, task_key(task_id))
    if alert is not None:
        record_resolution(uow, alert, by=BY_INTAKE, note="Đã có báo cáo kết quả thực hiện nhiệm vụ", now=now)
    return alert


def _enforcement_alerts(uow: AlertsWork, unit: str, case_id: str) -> list[Alert]:
    """The case's active enforcement alerts, locked (one per planned day; two only after a race of plans)."""
    found = [
        uow.alerts.get(alert.id, for_update=True)
        for alert in uow.alerts.active_of_kinds(unit, [Kind.ENFORCEMENT_IN_SPECIAL_PERIOD])
        if alert.details.get("case_id") == case_id
    ]
    return [alert for alert in found if alert is not None and alert.status.is_active]
