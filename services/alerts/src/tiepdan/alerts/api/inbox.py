"""`/api/v1/inbox`: the alerts the caller's own receivers were sent, newest first (the console's inbox)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.api.schemas import InboxPage
from tiepdan.alerts.api.work import caller, request_work
from tiepdan.alerts.domain.rules import RECEIVER_ROLES
from tiepdan.alerts.service import inbox
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.pagination import PageArgs

blp = Blueprint("inbox", __name__, url_prefix="/api/v1/inbox", description="Hộp thư cảnh báo")


@blp.route("")
class Inbox(MethodView):
    @roles_required(*RECEIVER_ROLES)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, InboxPage)
    def get(self, query: dict[str, Any]) -> Any:
        """Alerts noticed to the receivers of the caller's roles, on any channel, newest first (paged by id)."""
        with request_work() as uow:
            return inbox.inbox_page(
                uow, caller(), current_principal().home_unit, limit=query.get("limit"), cursor=query.get("cursor")
            )
