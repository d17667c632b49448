"""Duty rosters: request one (the worker solves it), read, publish, export."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import BINARY, answers, links
from tiepdan.roster.adapters import export
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import caller, download, field_errors, request_work
from tiepdan.roster.domain.access import MANAGE_ROSTERS, READ_ROSTERS
from tiepdan.roster.service import rosters

blp = Blueprint("rosters", __name__, url_prefix="/api/v1/rosters", description="Lịch trực")


@blp.route("")
class Rosters(MethodView):
    @roles_required(*READ_ROSTERS)
    @blp.arguments(schemas.RosterListArgs, location="query")
    @blp.response(200, schemas.RosterPage)
    def get(self, args: dict[str, Any]) -> Any:
        with request_work() as uow:
            return rosters.list_rosters(uow, args["limit"], args["cursor"], args.get("status"))

    @roles_required(*MANAGE_ROSTERS)
    @idempotent
    @blp.arguments(schemas.RosterIn)
    @blp.response(202, schemas.RosterAccepted)
    @links(
        202,
        {"roster_id": "$response.body#/id"},
        "getRosterById",
        "postRosterPublish",
        "getRosterXlsx",
        "getRosterIcs",
    )
    def post(self, body: dict[str, Any]) -> Any:
        """Queue a roster; the worker solves it (`GET` then shows `draft` or `infeasible`).

        `end` may not be before `start`, and a roster covers at most 186 days (422)."""
        with request_work() as uow, field_errors():
            roster = rosters.request_roster(uow, body["start"], body["end"], body["time_limit_s"], caller())
            accepted = answer(uow, roster, 202, schemas.RosterAccepted, {"Location": f"/api/v1/rosters/{roster.id}"})
            uow.commit()
        return accepted


@blp.route("/<roster_id>")
class RosterById(MethodView):
    @roles_required(*READ_ROSTERS)
    @blp.response(200, schemas.RosterOut)
    def get(self, roster_id: str) -> Any:
        with request_work() as uow:
            return rosters.get_roster(uow, roster_id)


@blp.route("/<roster_id>/publish")
class RosterPublish(MethodView):
    @roles_required(*MANAGE_ROSTERS)
    @blp.response(200, schemas.RosterOut)
    @answers(409)
    def post(self, roster_id: str) -> Any:
        """Publish a draft (`roster.roster.published`); 409 in any other state."""
        with request_work() as uow:
            return rosters.publish_roster(uow, roster_id, caller())


@blp.route("/<roster_id>/file.xlsx")
class RosterXlsx(MethodView):
    @roles_required(*READ_ROSTERS)
    @blp.response(200, BINARY, content_type=export.XLSX)
    @answers(409)
    def get(self, roster_id: str) -> Response:
        """The published roster, one sheet per month, names by day and shift."""
        with request_work() as uow:
            return download(rosters.export_xlsx(uow, roster_id))


@blp.route("/<roster_id>/file.ics")
class RosterIcs(MethodView):
    @roles_required(*READ_ROSTERS)
    @blp.response(200, BINARY, content_type=export.ICS)
    @answers(409)
    def get(self, roster_id: str) -> Response:
        """The published roster as iCalendar; `?staff_id=` keeps one officer's shifts."""
        with request_work() as uow:
            return download(rosters.export_ics(uow, roster_id, request.args.get("staff_id")))
