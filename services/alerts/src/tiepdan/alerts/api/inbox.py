"""`/api/v1/inbox`: the alerts the caller's own receivers were sent, newest first (the console's inbox).

A person's receivers are those of the rules whose role is one of the person's roles (the leader reads what the
`leader` receiver was sent, the police what `police` was sent); what the role may not read is never listed.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from tiepdan.alerts.adapters.inbox import notices_of, told_listing
from tiepdan.alerts.adapters.orm import AlertRow
from tiepdan.alerts.adapters.repository import alert_from_row
from tiepdan.alerts.api.clock import now as request_time
from tiepdan.alerts.api.schemas import AlertOut
from tiepdan.alerts.domain.access import visible_kinds
from tiepdan.alerts.domain.rules import RECEIVER_ROLES
from tiepdan.alerts.service.context import Context
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.pagination import PageArgs, paginate
from tiepdan.kit.web import request_uow

blp = Blueprint("inbox", __name__, url_prefix="/api/v1/inbox", description="Hộp thư cảnh báo")


class NoticeOut(Schema):
    receiver = fields.String()
    reason = fields.String(
        metadata={"enum": ["raised", "severity_raised", "escalated", "updated", "renotify", "resolved"]}
    )
    at = fields.String()


class InboxItem(AlertOut):
    notices = fields.List(fields.Nested(NoticeOut), metadata={"description": "to the caller's receivers, newest first"})


class InboxPage(Schema):
    items = fields.List(fields.Nested(InboxItem))
    next_cursor = fields.String(allow_none=True)


@blp.route("")
class Inbox(MethodView):
    @roles_required(*RECEIVER_ROLES)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, InboxPage)
    def get(self, query: dict[str, Any]) -> Any:
        """Alerts noticed to the receivers of the caller's roles, on any channel, newest first (paged by id)."""
        principal = current_principal()
        with request_uow() as uow:
            rules = Context(uow, request_time()).rules(principal.home_unit)
            mine = [r.name for r in rules.receivers if r.role in principal.roles]
            stmt = told_listing(visible_kinds(principal.roles), mine)
            page = paginate(uow.session, stmt, [AlertRow.id], query, descending=True)
            notices = notices_of(uow.session, [r.id for r in page["items"]], mine)
            items = [
                {
                    **alert_from_row(row).to_document(),
                    "notices": [
                        {"receiver": receiver, "reason": reason, "at": at.isoformat()}
                        for receiver, reason, at in notices.get(row.id, [])
                    ],
                }
                for row in page["items"]
            ]
            return {"items": items, "next_cursor": page["next_cursor"]}
