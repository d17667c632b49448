"""`/api/v1/alert-rules`: thresholds, windows, severities, receivers, routes, inhibitions and timing, as data."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.api.clock import now as request_time
from tiepdan.alerts.api.schemas import RuleSetDocument
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.alerts.domain.validation import DocumentError
from tiepdan.alerts.service.context import Context
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.errors import Problem
from tiepdan.kit.web import request_uow

blp = Blueprint("alert_rules", __name__, url_prefix="/api/v1/alert-rules", description="Quy tắc cảnh báo")


@blp.route("")
class AlertRules(MethodView):
    @roles_required("admin", "leader")
    @blp.response(200, RuleSetDocument)
    def get(self) -> Any:
        """The caller's unit's rules (the built-in defaults until someone saves them). Secrets are never shown."""
        unit = current_principal().home_unit
        with request_uow() as uow:
            return Context(uow, request_time()).rules(unit).to_dict()

    @roles_required("admin")
    @blp.arguments(RuleSetDocument)
    @blp.response(200, RuleSetDocument)
    def put(self, body: dict[str, Any]) -> Any:
        """Replace the whole rule set; 422 names every offending path. Applies to events from now on.

        Checked as a whole: routes and the default route name receivers the document declares, each receiver
        and detector has the settings of its kind, inhibitions name known kinds and attributes."""
        principal = current_principal()
        unit = principal.home_unit
        try:
            rules = RuleSet.from_dict(body)
        except DocumentError as exc:
            raise Problem(422, "Quy tắc cảnh báo không hợp lệ.", exc.errors) from exc
        with request_uow() as uow:
            ctx = Context(uow, request_time())
            rules = rules.with_secrets_from(ctx.rules(unit))
            ctx.store.put_rules(unit, rules, principal.name or principal.sub, ctx.now)
            uow.commit()
            return rules.to_dict()
