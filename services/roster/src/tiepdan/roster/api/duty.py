"""Who is on duty at a moment, from the published rosters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import request_work
from tiepdan.roster.domain.access import READ_DUTY
from tiepdan.roster.service import rosters

blp = Blueprint("duty", __name__, url_prefix="/api/v1/duty", description="Ai đang trực")


@blp.route("")
class Duty(MethodView):
    @roles_required(*READ_DUTY)
    @blp.arguments(schemas.DutyArgs, location="query")
    @blp.response(200, schemas.DutyOut)
    def get(self, args: dict[str, Any]) -> Any:
        """Who is on duty at `at` (default now), from the published rosters."""
        with request_work() as uow:
            return rosters.duty_at(uow, args.get("at") or datetime.now(UTC))
