"""Incidents at the reception office, recorded by the police (plan §4); no citizen's identity."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links
from tiepdan.kit.pagination import PageArgs
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import caller, field_errors, request_work
from tiepdan.roster.domain.access import READ_INCIDENTS, RECORD_INCIDENTS
from tiepdan.roster.service import incidents

blp = Blueprint("incidents", __name__, url_prefix="/api/v1/incidents", description="Sự việc tại trụ sở tiếp công dân")


@blp.route("")
class Incidents(MethodView):
    @roles_required(*READ_INCIDENTS)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.IncidentPage)
    def get(self, args: dict[str, Any]) -> Any:
        """Latest first."""
        with request_work() as uow:
            return incidents.list_incidents(uow, args["limit"], args["cursor"])

    @roles_required(*RECORD_INCIDENTS)
    @idempotent
    @blp.arguments(schemas.IncidentIn)
    @blp.response(201, schemas.IncidentOut)
    @links(201, {"incident_id": "$response.body#/id"}, "getIncidentById")
    def post(self, body: dict[str, Any]) -> Any:
        """Record an incident: time, what happened, action taken. No citizen's identity is kept; the police may
        enter a case reference (`case_ref`).

        422 names the field: `occurred_at` in the future, a `reception_id` the unit does not have."""
        with request_work() as uow, field_errors():
            incident = incidents.record_incident(uow, body, caller())
            created = answer(uow, incident, 201, schemas.IncidentOut, {"Location": f"/api/v1/incidents/{incident.id}"})
            uow.commit()
        return created


@blp.route("/<incident_id>")
class IncidentById(MethodView):
    @roles_required(*READ_INCIDENTS)
    @blp.response(200, schemas.IncidentOut)
    def get(self, incident_id: str) -> Any:
        with request_work() as uow:
            return incidents.get_incident(uow, incident_id)
