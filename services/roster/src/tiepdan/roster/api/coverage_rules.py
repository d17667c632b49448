"""The unit's coverage rules: shifts, how many of which skill each needs, leader reception, personal limits."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import caller, field_errors, request_work
from tiepdan.roster.domain.access import CONFIGURE, READ_RULES
from tiepdan.roster.service import documents

blp = Blueprint("coverage_rules", __name__, url_prefix="/api/v1/coverage-rules", description="Quy định trực")


@blp.route("")
class Rules(MethodView):
    @roles_required(*READ_RULES)
    @blp.response(200)
    def get(self) -> Any:
        with request_work() as uow:
            return documents.read_rules(uow)

    @roles_required(*CONFIGURE)
    @blp.arguments(schemas.CoverageRulesDoc)
    @blp.response(200)
    def put(self, body: dict[str, Any]) -> Any:
        """Replace the coverage rules.

        Checked as a whole (422 names the field): coverage, leader reception and fair-share entries name shifts
        the document declares, skills and counts fit those shifts."""
        with request_work() as uow, field_errors():
            return documents.replace_rules(uow, schemas.as_document(schemas.CoverageRulesDoc, body), caller())
