"""The case actions of docs/contract.md (accept, guide, transfer, …): one unit of work each, with its history entry."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from tiepdan.intake.adapters import metrics
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain import events
from tiepdan.intake.domain.access import CaseView, case_view, may_act
from tiepdan.intake.domain.cases import Action, ActionRequest, Actor, Case, apply_action
from tiepdan.intake.domain.errors import ForbiddenError, NotFoundError
from tiepdan.intake.service.unit_of_work import IntakeWork

log = logging.getLogger(__name__)


def act_on_case(uow: IntakeWork, config: IntakeConfig, actor: Actor, case_id: str, request: ActionRequest) -> Case:
    """403 before 422 before 409: who may act, then what the body needs, then whether the state allows it."""
    case = uow.cases.get(case_id, for_update=True)
    if case is None:
        raise NotFoundError(case_id)
    view = case_view(actor.roles, case.kind, case.party_related)
    known_action = request.action in {a.value for a in Action}
    if view in {CaseView.NONE, CaseView.OUTLINE} or (
        known_action and not may_act(actor.roles, Action(request.action), case.kind, case.party_related)
    ):
        raise ForbiddenError(
            f"Vai trò {', '.join(sorted(actor.roles))} không được thực hiện '{request.action}' trên vụ việc này."
        )
    previous = case.status.value
    now = config.clock()
    calendar = uow.roster.calendar(case.unit)
    # the ward's clock: the acceptance day (start of the resolution period) is the local date
    apply_action(case, request, actor, now.astimezone(ZoneInfo(calendar.timezone)), config.policy, calendar)
    uow.cases.save(case)
    uow.emit(events.CASE_CHANGED, events.case_data(case, previous, now), unit=case.unit, aggregate_id=case.id)
    uow.on_committed(lambda: _acted(case, request.action))
    return case


def _acted(case: Case, action: str) -> None:
    metrics.CASE_ACTIONS.labels(action).inc()
    log.info("case action", extra={"case_id": case.id, "action": action, "status": case.status.value})
