"""The unit's working calendar, which every service that counts days follows (`roster.calendar.changed`)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import caller, field_errors, refuse_missing_body, request_work
from tiepdan.roster.domain.access import CONFIGURE, READ_CALENDAR
from tiepdan.roster.service import documents

blp = Blueprint("calendar", __name__, url_prefix="/api/v1/calendar", description="Lịch làm việc")


@blp.route("")
class Calendar(MethodView):
    @roles_required(*READ_CALENDAR)
    @blp.response(200)
    def get(self) -> Any:
        """The unit's calendar (the built-in 2026 calendar until one is stored)."""
        with request_work() as uow:
            return documents.read_calendar(uow)

    @roles_required(*CONFIGURE)
    @blp.arguments(schemas.CalendarDoc)
    @blp.response(200)
    def put(self, body: dict[str, Any]) -> Any:
        """Replace the calendar; publishes `roster.calendar.changed` with the whole document.

        Each span's `to` may not be before its `from`, and the document is checked as a whole (422 names the
        field)."""
        refuse_missing_body()
        with request_work() as uow, field_errors():
            return documents.replace_calendar(uow, schemas.as_document(schemas.CalendarDoc, body), caller())
