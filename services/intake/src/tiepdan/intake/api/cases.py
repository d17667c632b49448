"""`/api/v1/cases`: list, read a case file (redacted per role, identity reads audited), act on a case."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, config, domain_errors, reading, today
from tiepdan.intake.api.schemas import ActionIn, CaseArgs, CaseDetailOut, CasePage
from tiepdan.intake.domain.access import CASE_ACT_ROLES, CASE_READ_ROLES
from tiepdan.intake.domain.cases import ActionRequest
from tiepdan.intake.service.case_actions import act_on_case
from tiepdan.intake.service.views import CaseFilters, case_detail, list_cases
from tiepdan.kit.auth import roles_required
from tiepdan.kit.web import request_uow

blp = Blueprint("cases", __name__, url_prefix="/api/v1/cases", description="Vụ việc")


@blp.route("")
class Cases(MethodView):
    @roles_required(*CASE_READ_ROLES)
    @blp.arguments(CaseArgs(), location="query")
    @blp.response(200, CasePage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        page = {"limit": args.pop("limit"), "cursor": args.pop("cursor")}
        with reading() as (_uow, repo):
            return list_cases(repo, actor(), CaseFilters(**args), page, today())


@blp.route("/<case_id>")
class CaseById(MethodView):
    @roles_required(*CASE_READ_ROLES)
    @blp.response(200, CaseDetailOut())
    @domain_errors
    def get(self, case_id: str) -> Any:
        with reading() as (_uow, repo):
            return case_detail(repo, actor(), case_id, today())


@blp.route("/<case_id>/actions")
class CaseActions(MethodView):
    @roles_required(*CASE_ACT_ROLES)
    @blp.arguments(ActionIn())
    @blp.response(200, CaseDetailOut())
    @domain_errors
    def post(self, body: dict[str, Any], case_id: str) -> Any:
        """Act on a case; an action the case's state does not allow is refused (409).

        What each action needs (422 names the field): `transfer` a `to_agency`; `extend`, `suspend`, `guide` and
        `file` a `reason`; `resolve` of a complaint or denunciation a `decision_no`; `notify` a `notice_no`;
        `refuse` a `reason_code` (Điều 9) and, for a case already settled, a `notice_no`."""
        who = actor()
        with request_uow() as uow:
            act_on_case(uow, config(), who, case_id, ActionRequest(**body))
        with reading() as (_uow, repo):
            return case_detail(repo, who, case_id, today())
