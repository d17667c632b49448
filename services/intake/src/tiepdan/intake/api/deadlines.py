"""`/api/v1/deadlines`: the deadline calculator."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import config, home_unit, reading
from tiepdan.intake.api.schemas import DeadlineArgs, DeadlineCalculated
from tiepdan.intake.domain.access import STAFF_ROLES
from tiepdan.intake.domain.errors import InvalidFieldsError
from tiepdan.intake.service.deadline_calculator import calculate_deadline
from tiepdan.kit.auth import roles_required
from tiepdan.kit.errors import Problem

BAD_QUERY = "Tham số không hợp lệ."

blp = Blueprint("deadlines", __name__, url_prefix="/api/v1/deadlines", description="Tính thời hạn")


@blp.route("")
class Deadlines(MethodView):
    @roles_required(*STAFF_ROLES)
    @blp.arguments(DeadlineArgs(), location="query")
    @blp.response(200, DeadlineCalculated)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """`?rule=<rule_code>&from=<YYYY-MM-DD>`: the deadline the rule gives, counted from the day after `from`
        (BLDS 2015 Art 147) on the unit's calendar; `provisional` when it runs into a year whose days off are
        not known yet. 400 naming the field for an unknown rule or a bad date."""
        problems: dict[str, list[str]] = {}
        if not args["rule"]:
            problems["rule"] = ["Thiếu mã quy tắc thời hạn (rule)."]
        start = _day(args["from_"])
        if start is None:
            problems["from"] = ["Ngày bắt đầu (from) phải có dạng YYYY-MM-DD và là ngày có thật."]
        if problems or start is None:
            raise Problem(400, BAD_QUERY, problems)
        try:
            with reading() as (uow, _repo):
                return calculate_deadline(uow, config(), home_unit(), args["rule"], start)
        except InvalidFieldsError as exc:
            raise Problem(400, BAD_QUERY, exc.errors) from exc


def _day(text: str | None) -> date | None:
    if text is None or len(text) != len("YYYY-MM-DD"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
