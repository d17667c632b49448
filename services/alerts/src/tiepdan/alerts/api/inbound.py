"""`/api/v1/inbound-reports`: the province reports the ward's citizens at the province or in Hà Nội (vượt cấp)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.api.schemas import InboundReportAccepted, InboundReportIn
from tiepdan.alerts.api.work import request_time, request_work
from tiepdan.alerts.domain.access import REPORTING_ROLES
from tiepdan.alerts.domain.observations import InvalidEventError
from tiepdan.alerts.service.inbound import accept_inbound_report
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.errors import Problem, unprocessable
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links

blp = Blueprint("inbound_reports", __name__, url_prefix="/api/v1/inbound-reports", description="Báo cáo vượt cấp")


@blp.route("")
class InboundReports(MethodView):
    @roles_required(*REPORTING_ROLES)
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
        try:
            return accept_inbound_report(
                request_work,
                unit,
                body,
                now=request_time(),
                answered=lambda uow, accepted: answer(uow, accepted, 202, InboundReportAccepted),
            )
        except InvalidEventError as exc:
            field, _, message = str(exc).partition(": ")
            raise unprocessable({field: message}) from exc
