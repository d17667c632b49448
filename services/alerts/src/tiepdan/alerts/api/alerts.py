"""`/api/v1/alerts`: role-filtered reads, acknowledge and resolve with notes, the delivery log."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.adapters.orm import AlertRow
from tiepdan.alerts.adapters.repository import alert_from_row
from tiepdan.alerts.api.clock import now as request_time
from tiepdan.alerts.api.schemas import AlertDetailOut, AlertPage, AlertQuery, DeliveryList, NoteIn
from tiepdan.alerts.domain.access import can_acknowledge, can_read, can_resolve, visible_kinds
from tiepdan.alerts.domain.alert import Alert, AlertStateError
from tiepdan.alerts.service.acting import acknowledge, resolve
from tiepdan.alerts.service.context import Context
from tiepdan.kit.auth import Principal, current_principal, roles_required
from tiepdan.kit.errors import Problem, conflict, not_found
from tiepdan.kit.openapi import answers
from tiepdan.kit.pagination import paginate
from tiepdan.kit.web import request_uow

blp = Blueprint("alerts", __name__, url_prefix="/api/v1/alerts", description="Cảnh báo")

READERS = ("clerk", "leader", "admin", "police", "party_inspection", "party_standing", "province")
DELIVERY_LOG_READERS = ("leader", "admin")


@blp.route("")
class Alerts(MethodView):
    @roles_required(*READERS)
    @blp.arguments(AlertQuery, location="query")
    @blp.response(200, AlertPage)
    def get(self, query: dict[str, Any]) -> Any:
        """Alerts the caller's roles may see (police: crowd, hotspot, over_level, repeat; party_personnel: Party
        inspection only), newest first (alert ids are time-ordered UUIDv7)."""
        kinds = visible_kinds(current_principal().roles)
        with request_uow() as uow:
            stmt = Context(uow, request_time()).store.listing(kinds, query["status"], query["kind"], query["severity"])
            page = paginate(uow.session, stmt, [AlertRow.id], query, descending=True)
            return {
                "items": [alert_from_row(r).to_document() for r in page["items"]],
                "next_cursor": page["next_cursor"],
            }


@blp.route("/<alert_id>")
class AlertById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, AlertDetailOut)
    def get(self, alert_id: str) -> Any:
        with request_uow() as uow:
            return detail(readable(Context(uow, request_time()), alert_id, current_principal()))


@blp.route("/<alert_id>/ack")
class Acknowledge(MethodView):
    @roles_required("leader", "police", "party_inspection")
    @blp.arguments(NoteIn, required=False)
    @blp.response(200, AlertDetailOut)
    @answers(409)
    def post(self, body: dict[str, Any], alert_id: str) -> Any:
        """Acknowledge: stops escalation; reminders follow every repeat interval until resolved."""
        principal = current_principal()
        with request_uow() as uow:
            ctx = Context(uow, request_time())
            alert = readable(ctx, alert_id, principal, for_update=True)
            if not can_acknowledge(principal.roles, alert):
                raise Problem(403, "Vai trò của bạn không được xác nhận loại cảnh báo này.")
            try:
                acknowledge(ctx, alert, actor(principal), body["note"])
            except AlertStateError as exc:
                raise conflict(str(exc)) from exc
            uow.commit()
            return detail(alert)


@blp.route("/<alert_id>/resolve")
class Resolve(MethodView):
    @roles_required("leader", "party_inspection")
    @blp.arguments(NoteIn, required=False)
    @blp.response(200, AlertDetailOut)
    @answers(409)
    def post(self, body: dict[str, Any], alert_id: str) -> Any:
        """Resolve with a note; an alert already resolved is 409."""
        principal = current_principal()
        with request_uow() as uow:
            ctx = Context(uow, request_time())
            alert = readable(ctx, alert_id, principal, for_update=True)
            if not can_resolve(principal.roles, alert):
                raise Problem(403, "Vai trò của bạn không được đóng loại cảnh báo này.")
            try:
                resolve(ctx, alert, actor(principal), body["note"])
            except AlertStateError as exc:
                raise conflict(str(exc)) from exc
            uow.commit()
            return detail(alert)


@blp.route("/<alert_id>/deliveries")
class Deliveries(MethodView):
    @roles_required(*DELIVERY_LOG_READERS)
    @blp.response(200, DeliveryList)
    def get(self, alert_id: str) -> Any:
        """The delivery log: every notice, channel and attempt (status, error, time)."""
        with request_uow() as uow:
            ctx = Context(uow, request_time())
            readable(ctx, alert_id, current_principal())
            return {"items": [d.to_document() for d in ctx.store.deliveries_of(alert_id)]}


def readable(ctx: Context, alert_id: str, principal: Principal, for_update: bool = False) -> Alert:
    """Another unit's alert, or a kind the caller may not see, is answered as if it did not exist."""
    alert = ctx.store.get(alert_id, for_update)
    if alert is None or not can_read(principal.roles, alert):
        raise not_found("cảnh báo")
    return alert


def actor(principal: Principal) -> str:
    return principal.name or principal.sub


def detail(alert: Alert) -> dict[str, Any]:
    notes = []
    if alert.acknowledged_at is not None:
        notes.append(
            {
                "action": "acknowledged",
                "by": alert.acknowledged_by,
                "at": alert.acknowledged_at.isoformat(),
                "note": alert.acknowledge_note,
            }
        )
    if alert.resolved_at is not None:
        notes.append(
            {
                "action": "resolved",
                "by": alert.resolved_by,
                "at": alert.resolved_at.isoformat(),
                "note": alert.resolve_note,
            }
        )
    return {**alert.to_document(), "notes": notes}
