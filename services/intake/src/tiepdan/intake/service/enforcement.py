"""A case's planned enforcement: plan or re-plan it, clear it, record the Chairman's decision, list what is planned.
Each write is one unit of work with its `intake.enforcement.*` event; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.access import LEADER, PARTY_INSPECTION, may_plan_enforcement
from tiepdan.intake.domain.cases import Actor, Case, Status
from tiepdan.intake.domain.enforcement import (
    Clearance,
    Enforcement,
    NearPeriod,
    PlanRequest,
    Verdict,
    cleared,
    decided,
    needs_decision,
    plan_problems,
    planned,
)
from tiepdan.intake.domain.errors import ForbiddenError, InvalidFieldsError, NotFoundError, TransitionRefusedError
from tiepdan.intake.service.unit_of_work import EnforcementWork
from tiepdan.kit.calendar import WorkingCalendar

PLANNED, CLEARED, DECIDED = "intake.enforcement.planned", "intake.enforcement.cleared", "intake.enforcement.decided"
ENFORCEMENT = "kế hoạch cưỡng chế"
#: `decided_by` of `intake.enforcement.decided`: the role that records the Chairman's decision.
DECIDING_ROLE = "leader"


@dataclass(frozen=True)
class EnforcementAnswer:
    """The enforcement with what the calendar says of its date: the special period that makes it wait for the
    Chairman's decision (none: it needs none)."""

    enforcement: Enforcement
    near: NearPeriod | None

    @property
    def needs_decision(self) -> bool:
        return self.near is not None

    @property
    def awaiting_decision(self) -> bool:
        decision = self.enforcement.decision
        return self.near is not None and (decision is None or decision.planned_on != self.enforcement.planned_on)


@dataclass(frozen=True)
class DecisionRequest:
    decision: Verdict
    decision_no: str
    note: str | None = None


def _answer(enforcement: Enforcement, calendar: WorkingCalendar) -> EnforcementAnswer:
    return EnforcementAnswer(enforcement, needs_decision(enforcement, calendar))


def _case(uow: EnforcementWork, actor: Actor, case_id: str, for_update: bool = False) -> Case:
    case = uow.cases.get(case_id, for_update=for_update)
    if case is None:
        raise NotFoundError(case_id)
    if not may_plan_enforcement(actor.roles, case.kind, case.party_related):
        raise ForbiddenError(f"Vai trò {', '.join(sorted(actor.roles))} không được xem cưỡng chế của vụ việc này.")
    return case


def _pending(uow: EnforcementWork, case_id: str) -> Enforcement:
    enforcement = uow.enforcements.get(case_id)
    if enforcement is None:
        raise NotFoundError(case_id, ENFORCEMENT)
    return enforcement


def ward_today(config: IntakeConfig, calendar: WorkingCalendar) -> date:
    return config.clock().astimezone(ZoneInfo(calendar.timezone)).date()


def _planned_data(case: Case, enforcement: Enforcement) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "planned_on": enforcement.planned_on.isoformat(),
        "enforcing_unit": enforcement.enforcing_unit,
        "revision": enforcement.revision,
        "previous_planned_on": enforcement.previous_planned_on.isoformat() if enforcement.previous_planned_on else None,
        "measure": enforcement.measure,
        "planned_at": enforcement.planned_at.isoformat(),
        "kind": case.kind.value,
        "field": case.field,
        "subject": case.subject,
        "area": case.area,
    }


def plan_enforcement(
    uow: EnforcementWork, config: IntakeConfig, actor: Actor, case_id: str, request: PlanRequest
) -> EnforcementAnswer:
    """PUT: the case's enforcement as asked. A new date, unit or measure is announced again with a higher revision;
    the same request again changes nothing. 404 before 403 before 422 before 409."""
    case = _case(uow, actor, case_id, for_update=True)
    calendar = uow.roster.calendar(case.unit)
    problems = plan_problems(request, ward_today(config, calendar))
    if problems:
        raise InvalidFieldsError(problems)
    if case.status is Status.MERGED:
        raise TransitionRefusedError(f"Vụ việc đã được gộp vào vụ việc {case.merged_into}: lập kế hoạch ở vụ việc đó.")
    enforcement, announce = planned(
        uow.enforcements.get(case.id), request, case.id, case.unit, config.clock(), actor.name or actor.sub
    )
    uow.enforcements.save(enforcement)
    if announce:
        uow.emit(PLANNED, _planned_data(case, enforcement), unit=case.unit, aggregate_id=case.id)
    return _answer(enforcement, calendar)


def clear_enforcement(
    uow: EnforcementWork, config: IntakeConfig, actor: Actor, case_id: str, reason: Clearance
) -> EnforcementAnswer:
    """DELETE: dropped or done. Clearing what is cleared changes nothing; 404 when none was ever planned."""
    case = _case(uow, actor, case_id, for_update=True)
    enforcement, announce = cleared(_pending(uow, case.id), reason, config.clock())
    if announce:
        uow.enforcements.save(enforcement)
        data = {
            "case_id": case.id,
            "reason": reason.value,
            "planned_on": enforcement.planned_on.isoformat(),
            "revision": enforcement.revision,
            "cleared_at": (enforcement.cleared_at or config.clock()).isoformat(),
        }
        uow.emit(CLEARED, data, unit=case.unit, aggregate_id=case.id)
    return _answer(enforcement, uow.roster.calendar(case.unit))


def decide_enforcement(
    uow: EnforcementWork, config: IntakeConfig, actor: Actor, case_id: str, request: DecisionRequest
) -> EnforcementAnswer:
    """The Chairman's decision (go or hold) on the planned date (plan §3); a cleared enforcement is 409."""
    case = _case(uow, actor, case_id, for_update=True)
    enforcement = _pending(uow, case.id)
    if not enforcement.pending:
        raise TransitionRefusedError(
            "Kế hoạch cưỡng chế đã kết thúc (đã hủy hoặc đã thực hiện): không còn gì để quyết định."
        )
    now = config.clock()
    enforcement = decided(
        enforcement, request.decision, request.decision_no, request.note, now, actor.name or actor.sub
    )
    uow.enforcements.save(enforcement)
    data = {
        "case_id": case.id,
        "planned_on": enforcement.planned_on.isoformat(),
        "decision": request.decision.value,
        "decided_by": DECIDING_ROLE,
        "decided_at": now.isoformat(),
        "decision_no": request.decision_no,
    }
    uow.emit(DECIDED, data, unit=case.unit, aggregate_id=case.id)
    return _answer(enforcement, uow.roster.calendar(case.unit))


def read_enforcement(uow: EnforcementWork, actor: Actor, case_id: str) -> EnforcementAnswer:
    """A cleared enforcement reads as none (its row stays, so planning again counts the revision on)."""
    case = _case(uow, actor, case_id)
    enforcement = _pending(uow, case.id)
    if not enforcement.pending:
        raise NotFoundError(case_id, ENFORCEMENT)
    return _answer(enforcement, uow.roster.calendar(case.unit))


def list_enforcements(
    uow: EnforcementWork, actor: Actor, span: tuple[date | None, date | None], page: dict[str, Any]
) -> dict[str, Any]:
    """Pending enforcements, soonest first, each with whether it waits for the Chairman's decision. A denunciation
    about a Party member is listed for the leader only."""
    with_party_matters = bool(actor.roles & {LEADER, PARTY_INSPECTION})
    found, cursor = uow.enforcements.planned(span[0], span[1], page, with_party_matters)
    return {"items": [_answer(e, uow.roster.calendar(e.unit)) for e in found], "next_cursor": cursor}
