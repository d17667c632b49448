"""`/api/v1/alerts`: role-filtered reads, acknowledge and resolve with notes, the delivery log."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.api.schemas import (
    AlertCount,
    AlertCountArgs,
    AlertDetailOut,
    AlertPage,
    AlertQuery,
    DeliveryList,
    NoteIn,
)
from tiepdan.alerts.api.work import caller, refusals_answered, request_time, request_work
from tiepdan.alerts.domain.access import ACKNOWLEDGING_ROLES, DELIVERY_LOG_ROLES, READING_ROLES, RESOLVING_ROLES
from tiepdan.alerts.service import acting
from tiepdan.kit.auth import roles_required
from tiepdan.kit.openapi import answers

blp = Blueprint("alerts", __name__, url_prefix="/api/v1/alerts", description="Cảnh báo")


@blp.route("")
class Alerts(MethodView):
    @roles_required(*READING_ROLES)
    @blp.arguments(AlertQuery, location="query")
    @blp.response(200, AlertPage)
    def get(self, query: dict[str, Any]) -> Any:
        """Alerts the caller's roles may see (police: crowd, hotspot, over_level, repeat; party_personnel: Party
        inspection only), newest first (alert ids are time-ordered UUIDv7)."""
        with request_work() as uow:
            return acting.list_alerts(uow, caller(), acting.AlertQuery(**query))


@blp.route("/counts")
class AlertCounts(MethodView):
    @roles_required(*READING_ROLES)
    @blp.arguments(AlertCountArgs, location="query")
    @blp.response(200, AlertCount)
    def get(self, query: dict[str, Any]) -> Any:
        """How many alerts `GET /api/v1/alerts` with the same filters lists over all its pages (a count on a page
        needs no list), in all and grouped by `by`."""
        by = list(dict.fromkeys(query.pop("by")))
        with request_work() as uow:
            if not by:
                return {"total": acting.count_alerts(uow, caller(), acting.AlertQuery(**query)), "groups": []}
            groups = acting.count_alert_groups(uow, caller(), acting.AlertQuery(**query), by)
            return {"total": sum(group["count"] for group in groups), "groups": groups}


@blp.route("/<alert_id>")
class AlertById(MethodView):
    @roles_required(*READING_ROLES)
    @blp.response(200, AlertDetailOut)
    def get(self, alert_id: str) -> Any:
        with request_work() as uow, refusals_answered():
            return acting.readable_alert(uow, alert_id, caller())


@blp.route("/<alert_id>/ack")
class Acknowledge(MethodView):
    @roles_required(*ACKNOWLEDGING_ROLES)
    @blp.arguments(NoteIn, required=False)
    @blp.response(200, AlertDetailOut)
    @answers(409)
    def post(self, body: dict[str, Any], alert_id: str) -> Any:
        """Acknowledge: stops escalation; reminders follow every repeat interval until resolved."""
        with request_work() as uow, refusals_answered():
            alert = acting.acknowledge(uow, alert_id, caller(), note=body["note"], now=request_time())
            uow.commit()
            return alert


@blp.route("/<alert_id>/resolve")
class Resolve(MethodView):
    @roles_required(*RESOLVING_ROLES)
    @blp.arguments(NoteIn, required=False)
    @blp.response(200, AlertDetailOut)
    @answers(409)
    def post(self, body: dict[str, Any], alert_id: str) -> Any:
        """Resolve with a note; an alert already resolved is 409."""
        with request_work() as uow, refusals_answered():
            alert = acting.resolve(uow, alert_id, caller(), note=body["note"], now=request_time())
            uow.commit()
            return alert


@blp.route("/<alert_id>/deliveries")
class Deliveries(MethodView):
    @roles_required(*DELIVERY_LOG_ROLES)
    @blp.response(200, DeliveryList)
    def get(self, alert_id: str) -> Any:
        """The delivery log: every notice, channel and attempt (status, error, time)."""
        with request_work() as uow, refusals_answered():
            return acting.delivery_log(uow, alert_id, caller())
