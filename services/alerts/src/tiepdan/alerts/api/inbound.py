"""`/api/v1/inbound-reports`: the province reports the ward's citizens at the province or in Hà Nội (vượt cấp)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy.exc import IntegrityError

from tiepdan.alerts.api.clock import now as request_time
from tiepdan.alerts.api.schemas import InboundReportAccepted, InboundReportIn
from tiepdan.alerts.domain.observations import InboundReport, InvalidEventError, inbound_report_from
from tiepdan.alerts.service.context import Context, new_id
from tiepdan.alerts.service.detecting import take_inbound_report
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.errors import Problem, unprocessable
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links
from tiepdan.kit.web import request_uow

blp = Blueprint("inbound_reports", __name__, url_prefix="/api/v1/inbound-reports", description="Báo cáo vượt cấp")


@blp.route("")
class InboundReports(MethodView):
    @roles_required("province")
    @idempotent
    @blp.arguments(InboundReportIn)
    @blp.response(202, InboundReportAccepted)
    @links(
        202,
        {"alert_id": "$response.body#/alert_id"},
        "getAlertById",
        "postAcknowledge",
        "postResolve",
        "getDeliveries",
    )
    def post(self, body: dict[str, Any]) -> Any:
        """Raises (or updates) the `over_level` alert of the report's topic; the same message may come over AMQP
        on `tiepdan.inbound` with routing key `province.report`."""
        principal = current_principal()
        unit = body.pop("unit") or principal.home_unit
        if not principal.sees_unit(unit):
            raise Problem(403, f"Không được báo cáo cho đơn vị {unit}.")
        report_id = new_id()
        try:
            report = inbound_report_from(body, report_id)
        except InvalidEventError as exc:
            field, _, message = str(exc).partition(": ")
            raise unprocessable({field: message}) from exc
        now = request_time()
        try:
            return _take(unit, report, report_id, now)
        except IntegrityError:
            # the worker opened this topic's alert at the same moment: the second try updates it instead
            return _take(unit, report, report_id, now)


def _take(unit: str, report: InboundReport, report_id: str, now: datetime) -> Response:
    with request_uow() as uow:
        outcome = take_inbound_report(Context(uow, now), unit, report, now)
        accepted = {"id": report_id, "status": "accepted", "alert_id": outcome.alert.id if outcome else None}
        response = answer(uow, accepted, 202, InboundReportAccepted)
        uow.commit()
    return response
