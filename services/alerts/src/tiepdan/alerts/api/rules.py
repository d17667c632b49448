"""`/api/v1/alert-rules`: thresholds, windows, severities, receivers, routes, inhibitions and timing, as data."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.api.schemas import RuleSetDocument
from tiepdan.alerts.api.work import caller, request_time, request_work
from tiepdan.alerts.domain.access import RULE_READING_ROLES, RULE_WRITING_ROLES
from tiepdan.alerts.domain.validation import DocumentError
from tiepdan.alerts.service.rule_setting import current_rules, replace_rules
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.errors import Problem

blp = Blueprint("alert_rules", __name__, url_prefix="/api/v1/alert-rules", description="Quy tắc cảnh báo")


@blp.route("")
class AlertRules(MethodView):
    @roles_required(*RULE_READING_ROLES)
    @blp.response(200, RuleSetDocument)
    def get(self) -> Any:
        """The caller's unit's rules (the built-in defaults until someone saves them). Secrets are never shown."""
        with request_work() as uow:
            return current_rules(uow, current_principal().home_unit)

    @roles_required(*RULE_WRITING_ROLES)
    @blp.arguments(RuleSetDocument)
    @blp.response(200, RuleSetDocument)
    def put(self, body: dict[str, Any]) -> Any:
        """Replace the whole rule set; 422 names every offending path. Applies to events from now on.

        Checked as a whole: routes and the default route name receivers the document declares, each receiver
        and detector has the settings of its kind, inhibitions name known kinds and attributes."""
        unit = current_principal().home_unit
        with request_work() as uow:
            try:
                rules = replace_rules(uow, unit, body, caller(), now=request_time())
            except DocumentError as exc:
                raise Problem(422, "Quy tắc cảnh báo không hợp lệ.", exc.errors) from exc
            uow.commit()
            return rules
