"""Live figures, the figures chart and the reconciliation with intake's register."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.openapi import BINARY
from tiepdan.kit.web import current_runtime
from tiepdan.reports.api.schemas import DateRangeArgs, FiguresArgs, FiguresOut, ReconciliationOut
from tiepdan.reports.api.work import request_work
from tiepdan.reports.config import report_settings
from tiepdan.reports.domain.access import READERS
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.service.figures import LiveFigures, ReconciliationResult, chart_png, live_figures, reconciliation

blp = Blueprint("figures", __name__, url_prefix="/api/v1", description="Số liệu trực tiếp từ các bảng chiếu")


def _period(args: dict[str, Any]) -> Period:
    return Period(args["from_"], args["to"])


@blp.route("/figures")
class Figures(MethodView):
    @roles_required(*READERS)
    @blp.arguments(FiguresArgs, location="query")
    @blp.response(200, FiguresOut)
    def get(self, args: dict[str, Any]) -> LiveFigures:
        """Visits, persons, groups, cases and petitions grouped by day, field, area, kind, reception or unit.

        `to` may not be before `from`, and the span is at most 731 days (422)."""
        threshold = report_settings(current_runtime()).group_threshold
        with request_work() as uow:
            return live_figures(uow, current_principal().units, _period(args), args["by"], threshold)


@blp.route("/figures/chart.png")
class FiguresChart(MethodView):
    @roles_required(*READERS)
    @blp.arguments(DateRangeArgs, location="query")
    @blp.response(200, BINARY, content_type="image/png")
    def get(self, args: dict[str, Any]) -> Response:
        """Visits and persons per day (days with groups marked), top fields and areas.

        `to` may not be before `from`, and the span is at most 731 days (422)."""
        threshold = report_settings(current_runtime()).group_threshold
        with request_work() as uow:
            png = chart_png(uow, current_principal().units, _period(args), threshold)
        return Response(png, mimetype="image/png")


@blp.route("/reconciliation")
class Reconciliation(MethodView):
    @roles_required(*READERS)
    @blp.arguments(DateRangeArgs, location="query")
    @blp.response(200, ReconciliationOut)
    def get(self, args: dict[str, Any]) -> ReconciliationResult:
        """Report figures against intake's daily register summaries, listing every count that differs.

        `to` may not be before `from`, and the span is at most 731 days (422)."""
        threshold = report_settings(current_runtime()).group_threshold
        with request_work() as uow:
            return reconciliation(uow, current_principal().units, _period(args), threshold)
