"""`/api/v1/visits`: register a reception visit (lượt tiếp), list visits."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, config, domain_errors, home_unit, reading, request_work, today
from tiepdan.intake.api.convert import correction, visit_input
from tiepdan.intake.api.schemas import CaseDetailOut, VisitArgs, VisitCorrectionIn, VisitCreated, VisitIn, VisitPage
from tiepdan.intake.domain.access import INTAKE_ROLES
from tiepdan.intake.domain.listing import RecordFilters
from tiepdan.intake.service.corrections import correct_visit
from tiepdan.intake.service.registration import register_visit
from tiepdan.intake.service.views import list_visits
from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links

blp = Blueprint("visits", __name__, url_prefix="/api/v1/visits", description="Lượt tiếp công dân")


@blp.route("")
class Visits(MethodView):
    @roles_required(*INTAKE_ROLES)
    @blp.arguments(VisitArgs(), location="query")
    @blp.response(200, VisitPage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        page = {"limit": args.pop("limit"), "cursor": args.pop("cursor")}
        with reading() as uow:
            return list_visits(uow, actor(), RecordFilters(**args), page)

    @roles_required(*INTAKE_ROLES)
    @idempotent
    @blp.arguments(VisitIn())
    @blp.response(201, VisitCreated())
    @links(201, {"case_id": "$response.body#/case_id"}, "getCaseById", "postCaseActions")
    @domain_errors
    def post(self, body: dict[str, Any]) -> Any:
        """Register a visit; it opens a case or joins the one named by `case_id`.

        Rules between fields (422 names the field): at least one citizen unless the visit is a denunciation
        (anonymous); `headcount` not below the citizens listed, and a group (`headcount` from the group threshold,
        5 by default) lists 1–2 representatives up to 10 people, 1–5 from 11; an `id_number` fits its `id_type`
        and a known province code; `received_at` not in the future; a refusal for a case already settled carries
        its `notice_no`; `case_id` names an existing case; `paper_file_ref` when the unit keeps no denouncer
        identity."""
        with request_work() as uow:
            registered = register_visit(uow, config(), actor(), home_unit(), visit_input(body))
            created = answer(uow, registered, 201, VisitCreated)
            uow.commit()
        return created


@blp.route("/<visit_id>")
class VisitById(MethodView):
    @roles_required(*INTAKE_ROLES)
    @blp.arguments(VisitCorrectionIn())
    @blp.response(200, CaseDetailOut())
    @domain_errors
    def patch(self, body: dict[str, Any], visit_id: str) -> Any:
        """Correct a visit (typos, a wrong field, the kind by its content): `reason` required; the case history keeps
        the values before and after; the visit's case file is the answer. Checked as at registration: citizens
        unless a denunciation, headcount against the citizens and representatives, `id_number` against `id_type`;
        a new kind only while the case is still received (409 after a decision)."""
        with request_work() as uow:
            corrected = correct_visit(uow, config(), actor(), visit_id, correction(body), today())
            uow.commit()
        return corrected
