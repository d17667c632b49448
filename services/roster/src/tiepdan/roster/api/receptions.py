"""Unscheduled receptions (tiếp công dân đột xuất) scheduled in advance, and the police's security plan (plan §4)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import answers, links
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import caller, caller_staff_id, field_errors, request_work
from tiepdan.roster.domain.access import READ_RECEPTIONS, SCHEDULE_RECEPTIONS, SECURE_RECEPTIONS
from tiepdan.roster.service import receptions

blp = Blueprint("receptions", __name__, url_prefix="/api/v1/receptions", description="Tiếp công dân đột xuất")


@blp.route("")
class Receptions(MethodView):
    @roles_required(*READ_RECEPTIONS)
    @blp.arguments(schemas.ReceptionListArgs, location="query")
    @blp.response(200, schemas.ReceptionPage)
    def get(self, args: dict[str, Any]) -> Any:
        """Latest starting first; `status` keeps the scheduled or the cancelled ones."""
        with request_work() as uow:
            return receptions.list_receptions(uow, args["limit"], args["cursor"], args.get("status"))

    @roles_required(*SCHEDULE_RECEPTIONS)
    @idempotent
    @blp.arguments(schemas.ReceptionIn)
    @blp.response(201, schemas.ReceptionOut)
    @links(
        201,
        {"reception_id": "$response.body#/id"},
        "getReceptionById",
        "patchReceptionById",
        "postReceptionCancel",
        "putReceptionSecurityPlan",
    )
    def post(self, body: dict[str, Any]) -> Any:
        """Schedule a reception with place and time (`roster.reception.scheduled`; alerts tells the police on
        duty). `scheduled_by` is the caller's staff id.

        422 names the field: `ends_at` not after `starts_at`, `starts_at` in the past, a `presiding_staff_id`
        who is not an officer of the unit."""
        with request_work() as uow, field_errors():
            reception = receptions.schedule_reception(uow, body, caller_staff_id())
            created = answer(
                uow, reception, 201, schemas.ReceptionOut, {"Location": f"/api/v1/receptions/{reception.id}"}
            )
            uow.commit()
        return created


@blp.route("/<reception_id>")
class ReceptionById(MethodView):
    @roles_required(*READ_RECEPTIONS)
    @blp.response(200, schemas.ReceptionOut)
    def get(self, reception_id: str) -> Any:
        with request_work() as uow:
            return receptions.get_reception(uow, reception_id)

    @roles_required(*SCHEDULE_RECEPTIONS)
    @blp.arguments(schemas.ReceptionPatch)
    @blp.response(200, schemas.ReceptionOut)
    @answers(409)
    def patch(self, body: dict[str, Any], reception_id: str) -> Any:
        """Move the reception or change its details; when anything the event carries changes, `revision` goes one
        up and `roster.reception.scheduled` is sent again. 409 once cancelled.

        422 names the field: `ends_at` not after `starts_at` (either as sent or as stored), a new `starts_at` in
        the past."""
        with request_work() as uow, field_errors():
            return receptions.move_reception(uow, reception_id, body)


@blp.route("/<reception_id>/cancel")
class ReceptionCancel(MethodView):
    @roles_required(*SCHEDULE_RECEPTIONS)
    @blp.response(200, schemas.ReceptionOut)
    @answers(409)
    def post(self, reception_id: str) -> Any:
        """Call the reception off (`roster.reception.cancelled`, one revision higher); 409 if already cancelled."""
        with request_work() as uow:
            return receptions.cancel_reception(uow, reception_id)


@blp.route("/<reception_id>/security-plan")
class ReceptionSecurityPlan(MethodView):
    @roles_required(*SECURE_RECEPTIONS)
    @blp.arguments(schemas.SecurityPlanIn)
    @blp.response(200, schemas.ReceptionOut)
    @answers(409)
    def put(self, body: dict[str, Any], reception_id: str) -> Any:
        """The police on duty record their security plan (phương án bảo đảm an ninh trật tự): officers and notes;
        it replaces an earlier one. 409 once cancelled.

        422 names each officer (`officers.N`) who is not a police officer of the unit, or `officers` when one is
        named twice."""
        with request_work() as uow, field_errors():
            return receptions.record_security_plan(uow, reception_id, body["officers"], body["notes"], caller())
