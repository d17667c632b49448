"""A case's planned enforcement (`/api/v1/cases/{id}/enforcement`, its `decision`) and the leader's list of planned
enforcements (`/api/v1/enforcements`). Plan §3: cân nhắc việc thực hiện cưỡng chế."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, config, domain_errors, reading, request_work
from tiepdan.intake.api.schemas import (
    DecisionIn,
    EnforcementClearArgs,
    EnforcementIn,
    EnforcementListArgs,
    EnforcementOut,
    EnforcementPage,
)
from tiepdan.intake.domain.access import ENFORCEMENT_DECIDERS, ENFORCEMENT_ROLES
from tiepdan.intake.domain.enforcement import Clearance, PlanRequest, Verdict
from tiepdan.intake.domain.errors import InvalidFieldsError
from tiepdan.intake.service.enforcement import (
    DecisionRequest,
    clear_enforcement,
    decide_enforcement,
    list_enforcements,
    plan_enforcement,
    read_enforcement,
)
from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent

blp = Blueprint("enforcement", __name__, url_prefix="/api/v1", description="Cưỡng chế: kế hoạch và quyết định")


@blp.route("/cases/<case_id>/enforcement")
class CaseEnforcement(MethodView):
    @roles_required(*ENFORCEMENT_ROLES)
    @blp.response(200, EnforcementOut())
    @domain_errors
    def get(self, case_id: str) -> Any:
        """The case's enforcement: `needs_decision` (and `special_period`) when its date is in a special period or
        within 7 days of one, `awaiting_decision` until the Chairman's decision on that date is recorded."""
        with reading() as uow:
            return read_enforcement(uow, actor(), case_id)

    @roles_required(*ENFORCEMENT_ROLES)
    @blp.arguments(EnforcementIn())
    @blp.response(200, EnforcementOut())
    @domain_errors
    def put(self, body: dict[str, Any], case_id: str) -> Any:
        """Plan the case's enforcement, or plan it anew. A date before today is 422 naming `planned_on`; a merged
        case is 409. A new date, enforcing unit or measure is sent again (`intake.enforcement.planned`) with a higher
        `revision` and `previous_planned_on`; a decision on another date does not carry over. The same body again
        changes nothing."""
        with request_work() as uow:
            planned = plan_enforcement(uow, config(), actor(), case_id, PlanRequest(**body))
            uow.commit()
        return planned

    @roles_required(*ENFORCEMENT_ROLES)
    @blp.arguments(EnforcementClearArgs(), location="query")
    @blp.response(200, EnforcementOut())
    @domain_errors
    def delete(self, args: dict[str, Any], case_id: str) -> Any:
        """The enforcement is no longer pending: `?reason=dropped` (the default) or `done`
        (`intake.enforcement.cleared`). Clearing it again changes nothing; a case without one is 404."""
        with request_work() as uow:
            cleared = clear_enforcement(uow, config(), actor(), case_id, Clearance(args["reason"]))
            uow.commit()
        return cleared


@blp.route("/cases/<case_id>/enforcement/decision")
class EnforcementDecision(MethodView):
    @roles_required(*ENFORCEMENT_DECIDERS)
    @idempotent
    @blp.arguments(DecisionIn())
    @blp.response(200, EnforcementOut())
    @domain_errors
    def post(self, body: dict[str, Any], case_id: str) -> Any:
        """The Chairman's decision on the planned date (leader): `go` or `hold`, with the decision's number
        (`intake.enforcement.decided`). A case without an enforcement is 404, one cleared 409."""
        request = DecisionRequest(Verdict(body["decision"]), body["decision_no"], body["note"])
        with request_work() as uow:
            decided = decide_enforcement(uow, config(), actor(), case_id, request)
            response = answer(uow, decided, 200, EnforcementOut)
            uow.commit()
        return response


enforcements_blp = Blueprint(
    "enforcements", __name__, url_prefix="/api/v1/enforcements", description="Danh sách cưỡng chế dự kiến"
)


@enforcements_blp.route("")
class Enforcements(MethodView):
    @roles_required(*ENFORCEMENT_ROLES)
    @enforcements_blp.arguments(EnforcementListArgs(), location="query")
    @enforcements_blp.response(200, EnforcementPage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        """Planned enforcements, soonest first, each with `needs_decision`, `awaiting_decision` and the decision;
        `from`/`to` narrow the planned dates (`to` before `from` is 422 naming `to`)."""
        page = {"limit": args["limit"], "cursor": args["cursor"]}
        span = (args["date_from"], args["date_to"])
        if span[0] and span[1] and span[1] < span[0]:
            raise InvalidFieldsError({"to": ["Ngày kết thúc (to) không được trước ngày bắt đầu (from)."]})
        with reading() as uow:
            return list_enforcements(uow, actor(), span, page)
