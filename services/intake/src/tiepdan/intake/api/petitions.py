"""`/api/v1/petitions`: register a written petition (đơn), list petitions."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, config, domain_errors, home_unit, reading, request_work, today
from tiepdan.intake.api.convert import correction, petition_input
from tiepdan.intake.api.schemas import (
    CaseDetailOut,
    PetitionArgs,
    PetitionCorrectionIn,
    PetitionCreated,
    PetitionIn,
    PetitionPage,
)
from tiepdan.intake.domain.access import INTAKE_ROLES
from tiepdan.intake.domain.listing import RecordFilters
from tiepdan.intake.service.corrections import correct_petition
from tiepdan.intake.service.registration import receive_petition
from tiepdan.intake.service.views import list_petitions
from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links

blp = Blueprint("petitions", __name__, url_prefix="/api/v1/petitions", description="Đơn thư")


@blp.route("")
class Petitions(MethodView):
    @roles_required(*INTAKE_ROLES)
    @blp.arguments(PetitionArgs(), location="query")
    @blp.response(200, PetitionPage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        page = {"limit": args.pop("limit"), "cursor": args.pop("cursor")}
        with reading() as uow:
            return list_petitions(uow, actor(), RecordFilters(**args), page)

    @roles_required(*INTAKE_ROLES)
    @idempotent
    @blp.arguments(PetitionIn())
    @blp.response(201, PetitionCreated())
    @links(201, {"case_id": "$response.body#/case_id"}, "getCaseById", "postCaseActions")
    @domain_errors
    def post(self, body: dict[str, Any]) -> Any:
        """Register a written petition; it opens a case or joins the one named by `case_id`.

        Rules between fields (422 names the field): `signers` not below the citizens listed; `sender_agency` for
        a petition `transferred` by another agency; `received_on` not in the future; an `id_number` fits its
        `id_type` and a known province code; `case_id` names an existing case; `paper_file_ref` when the unit
        keeps no denouncer identity."""
        with request_work() as uow:
            registered = receive_petition(uow, config(), actor(), home_unit(), petition_input(body))
            created = answer(uow, registered, 201, PetitionCreated)
            uow.commit()
        return created


@blp.route("/<petition_id>")
class PetitionById(MethodView):
    @roles_required(*INTAKE_ROLES)
    @blp.arguments(PetitionCorrectionIn())
    @blp.response(200, CaseDetailOut())
    @domain_errors
    def patch(self, body: dict[str, Any], petition_id: str) -> Any:
        """Correct a petition (typos, a wrong field, the kind by its content): `reason` required; the case history
        keeps the values before and after; the petition's case file is the answer. Checked as at registration:
        signers against the citizens listed, `sender_agency` when the channel is `transferred`, `id_number` against
        `id_type`; a new kind only while the case is still received (409 after a decision)."""
        with request_work() as uow:
            corrected = correct_petition(uow, config(), actor(), petition_id, correction(body), today())
            uow.commit()
        return corrected
