"""`/api/v1/register`: the reception register (Mẫu 03) as JSON, CSV or XLSX."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.adapters.paper_files import render_register
from tiepdan.intake.adapters.register_files import register_csv, register_xlsx
from tiepdan.intake.api.context import actor, config, domain_errors, home_unit, reading, today
from tiepdan.intake.api.schemas import RegisterArgs, RegisterOut
from tiepdan.intake.domain.access import INTAKE_ROLES
from tiepdan.intake.domain.register import REGISTER_COLUMNS
from tiepdan.intake.service.papers import issuer_of
from tiepdan.intake.service.views import register
from tiepdan.kit.auth import roles_required
from tiepdan.kit.openapi import BINARY

blp = Blueprint("register", __name__, url_prefix="/api/v1/register", description="Sổ tiếp công dân (Mẫu 03)")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"


@blp.route("")
class Register(MethodView):
    @roles_required(*INTAKE_ROLES)
    @blp.arguments(RegisterArgs(), location="query")
    @blp.response(200, RegisterOut())
    @blp.alt_response(200, schema=BINARY, content_type="text/csv", success=True)
    @blp.alt_response(200, schema=BINARY, content_type=XLSX, success=True)
    @blp.alt_response(200, schema=BINARY, content_type=PDF, success=True)
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        """`?from=&to=` (default today), `?format=json|csv|xlsx|pdf` (pdf: the book as printed, A4 landscape).

        `to` may not be before `from` (422)."""
        date_from = args["date_from"] or today()
        date_to = args["date_to"] or date_from
        with reading() as uow:
            rows = register(uow, actor(), date_from, date_to, config().group_threshold)
        name = f"so-tiep-cong-dan_{date_from.isoformat()}_{date_to.isoformat()}"
        if args["format"] == "csv":
            return _download(register_csv(rows), CSV, f"{name}.csv")
        if args["format"] == "pdf":
            issuer = issuer_of(config(), home_unit())
            return _download(render_register(rows, issuer, date_from, date_to), PDF, f"{name}.pdf")
        if args["format"] == "xlsx":
            return _download(register_xlsx(rows, home_unit(), date_from, date_to), XLSX, f"{name}.xlsx")
        return {
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "columns": [{"key": key, "heading": heading} for key, heading in REGISTER_COLUMNS],
            "rows": rows,
        }


def _download(body: bytes, content_type: str, filename: str) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
