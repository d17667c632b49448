"""`/api/v1/visits`: register a reception visit (lượt tiếp), list visits."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, config, domain_errors, home_unit, reading
from tiepdan.intake.api.convert import visit_input
from tiepdan.intake.api.schemas import VisitArgs, VisitCreated, VisitIn, VisitPage
from tiepdan.intake.domain.access import INTAKE_ROLES
from tiepdan.intake.service.registration import register_visit
from tiepdan.intake.service.views import RecordFilters, list_visits
from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import idempotent
from tiepdan.kit.web import request_uow

blp = Blueprint("visits", __name__, url_prefix="/api/v1/visits", description="Lượt tiếp công dân")


@blp.route("")
class Visits(MethodView):
    @roles_required(*INTAKE_ROLES)
    @blp.arguments(VisitArgs(), location="query")
    @blp.response(200, VisitPage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        page = {"limit": args.pop("limit"), "cursor": args.pop("cursor")}
        with reading() as (_uow, repo):
            return list_visits(repo, actor(), RecordFilters(**args), page)

    @roles_required(*INTAKE_ROLES)
    @idempotent
    @blp.arguments(VisitIn())
    @blp.response(201, VisitCreated())
    @domain_errors
    def post(self, body: dict[str, Any]) -> Any:
        with request_uow() as uow:
            created = register_visit(uow, config(), actor(), home_unit(), visit_input(body))
        # Already shaped as VisitCreated (a test holds them equal), so no schema dump: ~3 % of a registration's CPU.
        return jsonify(created), 201
