"""`/api/v1/deadlines`: the deadline calculator."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import config, domain_errors, home_unit, reading
from tiepdan.intake.api.schemas import DeadlineArgs, DeadlineCalculated
from tiepdan.intake.domain.access import STAFF_ROLES
from tiepdan.intake.service.deadline_calculator import calculate_deadline
from tiepdan.kit.auth import roles_required

blp = Blueprint("deadlines", __name__, url_prefix="/api/v1/deadlines", description="Tính thời hạn")


@blp.route("")
class Deadlines(MethodView):
    @roles_required(*STAFF_ROLES)
    @domain_errors
    @blp.arguments(DeadlineArgs(), location="query")
    @blp.response(200, DeadlineCalculated)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """`?rule=<rule_code>&from=<YYYY-MM-DD>`: the deadline the rule gives, counted from the day after `from`
        (BLDS 2015 Art 147) on the unit's calendar; `provisional` when it runs into a year whose days off are
        not known yet. 422 naming the field for an unknown rule or a date that is not a real day."""
        with reading() as uow:
            return calculate_deadline(uow, config(), home_unit(), args["rule"], args["from_"])
