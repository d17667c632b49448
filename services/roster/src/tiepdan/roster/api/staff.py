"""Officers on the duty roster: list, add, import, replace, mark leave."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import answers, links
from tiepdan.kit.pagination import PageArgs
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import caller, field_errors, request_work
from tiepdan.roster.domain.access import MANAGE_STAFF, READ_STAFF
from tiepdan.roster.domain.staff import Leave
from tiepdan.roster.service import staff

blp = Blueprint("staff", __name__, url_prefix="/api/v1/staff", description="Cán bộ trực")


@blp.route("")
class StaffCollection(MethodView):
    @roles_required(*READ_STAFF)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.StaffPage)
    def get(self, args: dict[str, Any]) -> Any:
        with request_work() as uow:
            return staff.list_staff(uow, args["limit"], args["cursor"])

    @roles_required(*MANAGE_STAFF)
    @idempotent
    @blp.arguments(schemas.StaffIn)
    @blp.response(201, schemas.StaffOut)
    @links(201, {"staff_id": "$response.body#/id"}, "getStaffById", "putStaffById", "postStaffLeave")
    @answers(409)
    def post(self, body: dict[str, Any]) -> Any:
        """Add an officer; an `id` already taken is 409.

        Each leave's `to` may not be before its `from` (422 names it)."""
        with request_work() as uow, field_errors():
            created = answer(
                uow, staff.create_staff(uow, schemas.as_document(schemas.StaffIn, body)), 201, schemas.StaffOut
            )
            uow.commit()
        return created


@blp.route("/import")
class StaffImport(MethodView):
    @roles_required(*MANAGE_STAFF)
    @idempotent
    @blp.arguments(schemas.StaffImportIn)
    @blp.response(200, schemas.StaffImportOut)
    def post(self, body: dict[str, Any]) -> Any:
        """Import agencies and staff in the format of `ward-staff.json`, keeping the ids given there.

        Each leave's `to` may not be before its `from` (422 names it)."""
        with request_work() as uow, field_errors():
            imported = staff.import_directory(uow, schemas.as_document(schemas.StaffImportIn, body), caller())
            answered = answer(uow, imported, 200, schemas.StaffImportOut)
            uow.commit()
        return answered


@blp.route("/<staff_id>")
class StaffById(MethodView):
    @roles_required(*READ_STAFF)
    @blp.response(200, schemas.StaffOut)
    def get(self, staff_id: str) -> Any:
        with request_work() as uow:
            return staff.read_staff(uow, staff_id)

    @roles_required(*MANAGE_STAFF)
    @blp.arguments(schemas.StaffIn)
    @blp.response(200, schemas.StaffOut)
    def put(self, body: dict[str, Any], staff_id: str) -> Any:
        """Replace a record; new unavailability re-plans the published rosters it touches (`replans`).

        Each leave's `to` may not be before its `from` (422 names it)."""
        with request_work() as uow, field_errors():
            return staff.replace_staff(uow, staff_id, schemas.as_document(schemas.StaffIn, body), caller())


@blp.route("/<staff_id>/leave")
class StaffLeave(MethodView):
    @roles_required(*MANAGE_STAFF)
    @blp.arguments(schemas.LeaveIn)
    @blp.response(200, schemas.StaffOut)
    def post(self, body: dict[str, Any], staff_id: str) -> Any:
        """Mark leave: only the affected days of published rosters are re-planned, then published again.

        `to` may not be before `from` (422)."""
        with request_work() as uow:
            return staff.add_leave(uow, staff_id, Leave(body["from_"], body["to"], body["reason"]), caller())
