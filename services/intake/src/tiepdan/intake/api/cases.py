"""`/api/v1/cases`: list, read a case file (redacted per role, identity reads audited), act on a case."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, case_file, config, domain_errors, reading, request_work, today
from tiepdan.intake.api.schemas import (
    ActionIn,
    CaseCountArgs,
    CaseCounts,
    CaseDetailOut,
    CaseListArgs,
    CasePage,
    MergeIn,
)
from tiepdan.intake.domain.access import CASE_ACT_ROLES, CASE_READ_ROLES
from tiepdan.intake.domain.cases import ActionRequest
from tiepdan.intake.domain.errors import CaseMergedError
from tiepdan.intake.domain.listing import CaseFilters
from tiepdan.intake.service.case_actions import act_on_case
from tiepdan.intake.service.commands import MergeInput
from tiepdan.intake.service.corrections import merge_cases
from tiepdan.intake.service.views import count_cases, list_cases
from tiepdan.kit.auth import roles_required
from tiepdan.kit.errors import problem_response
from tiepdan.kit.idempotency import answer, idempotent

blp = Blueprint("cases", __name__, url_prefix="/api/v1/cases", description="Vụ việc")


@blp.route("")
class Cases(MethodView):
    @roles_required(*CASE_READ_ROLES)
    @blp.arguments(CaseListArgs(), location="query")
    @blp.response(200, CasePage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        page = {"limit": args.pop("limit"), "cursor": args.pop("cursor")}
        order = args.pop("sort")
        filters = CaseFilters(**args, group_threshold=config().group_threshold)
        with reading() as uow:
            return list_cases(uow, actor(), filters, page, today(), order)


@blp.route("/counts")
class CaseCountsView(MethodView):
    @roles_required(*CASE_ACT_ROLES)
    @blp.arguments(CaseCountArgs(), location="query")
    @blp.response(200, CaseCounts())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        """How many cases the list's filters match, in all and grouped by `by`, without reading them
        (clerk, leader, Party inspection; what the caller may not see is not counted)."""
        by = args.pop("by")
        filters = CaseFilters(**args, group_threshold=config().group_threshold)
        with reading() as uow:
            return count_cases(uow, actor(), filters, by, today())


@blp.route("/<case_id>")
class CaseById(MethodView):
    @roles_required(*CASE_READ_ROLES)
    @blp.response(200, CaseDetailOut())
    @blp.alt_response(301, description="The case was merged: `Location` and `merged_into` name the surviving case.")
    @domain_errors
    def get(self, case_id: str) -> Any:
        try:
            return case_file(actor(), case_id)
        except CaseMergedError as exc:
            return _moved(case_id, exc.into)


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
        with request_work() as uow:
            act_on_case(uow, config(), who, case_id, ActionRequest(**body))
            uow.commit()
        return case_file(who, case_id)


@blp.route("/<case_id>/merge")
class CaseMerge(MethodView):
    @roles_required(*CASE_ACT_ROLES)
    @idempotent
    @blp.arguments(MergeIn())
    @blp.response(200, CaseDetailOut())
    @domain_errors
    def post(self, body: dict[str, Any], case_id: str) -> Any:
        """Join this case into `into` (two cases opened for one matter): its visits, petitions and history move
        there, it ends as `merged`, and reading it answers 301 to the surviving case, whose file is the answer.
        `into` must be another case of the unit that is received, accepted or suspended, of the same kind and Party
        flag (422 on `into` otherwise; 409 when it is merged or ended)."""
        with request_work() as uow:
            merged = merge_cases(uow, config(), actor(), case_id, MergeInput(body["into"], body["reason"]), today())
            response = answer(uow, merged, 200, CaseDetailOut)
            uow.commit()
        return response


def _moved(case_id: str, into: str) -> Response:
    """301 to the surviving case, with a problem document that names it (clients that do not follow redirects)."""
    response = problem_response(301, f"Vụ việc {case_id} đã được gộp vào vụ việc {into}.", title="Moved Permanently")
    body = response.get_json() | {"merged_into": into}
    response.set_data(json.dumps(body, ensure_ascii=False))
    response.headers["Location"] = url_for("cases.CaseById", case_id=into)
    return response
