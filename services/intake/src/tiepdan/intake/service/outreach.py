"""Outreach records (tuyên truyền, vận động): record one, read one, list them; each role on the topics it may."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.access import may_record_outreach, may_refer_to_case, outreach_topics
from tiepdan.intake.domain.cases import Actor
from tiepdan.intake.domain.errors import ForbiddenError, InvalidFieldsError, NotFoundError, TransitionRefusedError
from tiepdan.intake.domain.outreach import (
    TOPIC_LABELS,
    Outreach,
    OutreachFilters,
    OutreachInput,
    Topic,
    case_refusal,
    reference_problems,
)
from tiepdan.intake.service.unit_of_work import OutreachWork

OUTREACH = "bản ghi tuyên truyền, vận động"


def _refused(actor: Actor, topic: Topic) -> ForbiddenError:
    label = TOPIC_LABELS[topic]
    return ForbiddenError(
        f"Vai trò {', '.join(sorted(actor.roles))} không được ghi nhận, xem tuyên truyền về '{label}'."
    )


def record_outreach(
    uow: OutreachWork, config: IntakeConfig, actor: Actor, home_unit: str, request: OutreachInput
) -> Outreach:
    """403 (the topic is not the role's) before 422 (no case nor alert, a time to come) before 404 (a case the caller
    does not have) before 409 (a case without a result yet)."""
    if not may_record_outreach(actor.roles, request.topic):
        raise _refused(actor, request.topic)
    now = config.clock()
    problems = reference_problems(request, now)
    if problems:
        raise InvalidFieldsError(problems)
    unit = home_unit
    if request.case_id is not None:
        case = uow.cases.get(request.case_id)
        if case is None or not may_refer_to_case(actor.roles, case.kind, case.party_related):
            raise NotFoundError(request.case_id, field="case_id")
        refusal = case_refusal(case)
        if refusal is not None:
            raise TransitionRefusedError(refusal)
        unit = case.unit
    timezone = ZoneInfo(uow.roster.calendar(unit).timezone)
    outreach = Outreach(
        id=str(uuid.uuid4()),
        unit=unit,
        details=request,
        held_on=request.held_at.astimezone(timezone).date(),
        recorded_at=now,
        recorded_by=actor.name or actor.sub,
    )
    uow.outreach.add(outreach)
    return outreach


def read_outreach(uow: OutreachWork, actor: Actor, outreach_id: str) -> Outreach:
    found = uow.outreach.get(outreach_id)
    if found is None:
        raise NotFoundError(outreach_id, OUTREACH)
    if not may_record_outreach(actor.roles, found.details.topic):
        raise _refused(actor, found.details.topic)
    return found


def list_outreach(uow: OutreachWork, actor: Actor, filters: OutreachFilters, page: dict[str, Any]) -> dict[str, Any]:
    """Newest first, only of the topics the caller's roles may read."""
    found, cursor = uow.outreach.page(replace(filters, topics=outreach_topics(actor.roles)), page)
    return {"items": found, "next_cursor": cursor}
