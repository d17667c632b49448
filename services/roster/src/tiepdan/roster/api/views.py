"""Blueprints of the roster API: staff, calendar, coverage rules, rosters, duty (roles: services/roster/README.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.errors import conflict, unprocessable
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import BINARY, answers, links
from tiepdan.kit.pagination import PageArgs, paginate
from tiepdan.kit.web import request_uow
from tiepdan.roster.adapters import export, repository
from tiepdan.roster.adapters.orm import RosterRecord, StaffRecord
from tiepdan.roster.api import schemas
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.staff import Leave
from tiepdan.roster.service import documents, rosters, staff

MANAGE = ("scheduler",)
MANAGE_ROSTERS = ("scheduler", "leader")
READ_ROSTERS = ("scheduler", "leader", "police")
READ_DUTY = ("scheduler", "leader", "police", "clerk")
READ_CALENDAR = ("scheduler", "leader", "clerk", "police", "party_inspection", "province", "admin")
CONFIGURE = ("scheduler", "admin")
READ_STAFF = ("scheduler", "leader", "admin")
EXPORTABLE = ("published", "superseded")

staff_blp = Blueprint("staff", __name__, url_prefix="/api/v1/staff", description="Cán bộ trực")
agencies_blp = Blueprint("agencies", __name__, url_prefix="/api/v1/agencies", description="Cơ quan")
calendar_blp = Blueprint("calendar", __name__, url_prefix="/api/v1/calendar", description="Lịch làm việc")
rules_blp = Blueprint("coverage_rules", __name__, url_prefix="/api/v1/coverage-rules", description="Quy định trực")
rosters_blp = Blueprint("rosters", __name__, url_prefix="/api/v1/rosters", description="Lịch trực")
duty_blp = Blueprint("duty", __name__, url_prefix="/api/v1/duty", description="Ai đang trực")
BLUEPRINTS = (staff_blp, agencies_blp, calendar_blp, rules_blp, rosters_blp, duty_blp)


@contextmanager
def field_errors() -> Iterator[None]:
    """Domain validation → 422 with the field paths it named."""
    try:
        yield
    except InvalidDocument as exc:
        raise unprocessable({path or "_schema": messages for path, messages in exc.errors.items()}) from exc


def caller() -> str:
    principal = current_principal()
    return principal.name or principal.sub


# ---- staff and agencies --------------------------------------------------------------------------------------


@staff_blp.route("")
class StaffCollection(MethodView):
    @roles_required(*READ_STAFF)
    @staff_blp.arguments(PageArgs, location="query")
    @staff_blp.response(200, schemas.StaffPage)
    def get(self, args: dict[str, Any]) -> Any:
        with request_uow() as uow:
            page = paginate(uow.session, select(StaffRecord), [StaffRecord.staff_id], args)
            return {"items": [repository.staff_record_to_dict(r) for r in page["items"]], **_cursor(page)}

    @roles_required(*MANAGE)
    @idempotent
    @staff_blp.arguments(schemas.StaffIn)
    @staff_blp.response(201, schemas.StaffOut)
    @links(201, {"staff_id": "$response.body#/id"}, "getStaffById", "putStaffById", "postStaffLeave")
    @answers(409)
    def post(self, _body: dict[str, Any]) -> Any:
        """Add an officer; an `id` already taken is 409.

        Each leave's `to` may not be before its `from` (422 names it)."""
        with request_uow() as uow, field_errors():
            created = answer(uow, staff.create_staff(uow, request.get_json()), 201, schemas.StaffOut)
            uow.commit()
        return created


@staff_blp.route("/import")
class StaffImport(MethodView):
    @roles_required(*MANAGE)
    @idempotent
    @staff_blp.arguments(schemas.StaffImportIn)
    @staff_blp.response(200, schemas.StaffImportOut)
    def post(self, _body: dict[str, Any]) -> Any:
        """Import agencies and staff in the format of `ward-staff.json`, keeping the ids given there.

        Each leave's `to` may not be before its `from` (422 names it)."""
        with request_uow() as uow, field_errors():
            imported = answer(
                uow, staff.import_directory(uow, request.get_json(), caller()), 200, schemas.StaffImportOut
            )
            uow.commit()
        return imported


@staff_blp.route("/<staff_id>")
class StaffById(MethodView):
    @roles_required(*READ_STAFF)
    @staff_blp.response(200, schemas.StaffOut)
    def get(self, staff_id: str) -> Any:
        with request_uow() as uow:
            return staff.read_staff(uow, staff_id)

    @roles_required(*MANAGE)
    @staff_blp.arguments(schemas.StaffIn)
    @staff_blp.response(200, schemas.StaffOut)
    def put(self, _body: dict[str, Any], staff_id: str) -> Any:
        """Replace a record; new unavailability re-plans the published rosters it touches (`replans`).

        Each leave's `to` may not be before its `from` (422 names it)."""
        with request_uow() as uow, field_errors():
            return staff.replace_staff(uow, staff_id, request.get_json(), caller())


@staff_blp.route("/<staff_id>/leave")
class StaffLeave(MethodView):
    @roles_required(*MANAGE)
    @staff_blp.arguments(schemas.LeaveIn)
    @staff_blp.response(200, schemas.StaffOut)
    def post(self, body: dict[str, Any], staff_id: str) -> Any:
        """Mark leave: only the affected days of published rosters are re-planned, then published again.

        `to` may not be before `from` (422)."""
        with request_uow() as uow:
            return staff.add_leave(uow, staff_id, Leave(body["from_"], body["to"], body["reason"]), caller())


@agencies_blp.route("")
class Agencies(MethodView):
    @roles_required(*READ_STAFF)
    @agencies_blp.response(200, schemas.AgencyOut(many=True))
    def get(self) -> Any:
        with request_uow() as uow:
            return staff.list_agencies(uow)


# ---- calendar and coverage rules -----------------------------------------------------------------------------


@calendar_blp.route("")
class Calendar(MethodView):
    @roles_required(*READ_CALENDAR)
    @calendar_blp.response(200)
    def get(self) -> Any:
        """The unit's calendar (the built-in 2026 calendar until one is stored)."""
        with request_uow() as uow:
            return documents.read_calendar(uow)

    @roles_required(*CONFIGURE)
    @calendar_blp.arguments(schemas.CalendarDoc)
    @calendar_blp.response(200)
    def put(self, _body: dict[str, Any]) -> Any:
        """Replace the calendar; publishes `roster.calendar.changed` with the whole document.

        Each span's `to` may not be before its `from`, and the document is checked as a whole (422 names the
        field)."""
        with request_uow() as uow, field_errors():
            return documents.replace_calendar(uow, request.get_json(), caller())


@rules_blp.route("")
class Rules(MethodView):
    @roles_required("scheduler", "leader", "admin")
    @rules_blp.response(200)
    def get(self) -> Any:
        with request_uow() as uow:
            return documents.read_rules(uow)

    @roles_required(*CONFIGURE)
    @rules_blp.arguments(schemas.CoverageRulesDoc)
    @rules_blp.response(200)
    def put(self, _body: dict[str, Any]) -> Any:
        """Replace the coverage rules.

        Checked as a whole (422 names the field): coverage, leader reception and fair-share entries name shifts
        the document declares, skills and counts fit those shifts."""
        with request_uow() as uow, field_errors():
            return documents.replace_rules(uow, request.get_json(), caller())


# ---- rosters and duty ----------------------------------------------------------------------------------------


@rosters_blp.route("")
class Rosters(MethodView):
    @roles_required(*READ_ROSTERS)
    @rosters_blp.arguments(schemas.RosterListArgs, location="query")
    @rosters_blp.response(200, schemas.RosterPage)
    def get(self, args: dict[str, Any]) -> Any:
        with request_uow() as uow:
            stmt = select(RosterRecord)
            if args.get("status"):
                stmt = stmt.where(RosterRecord.status == args["status"])
            page = paginate(uow.session, stmt, [RosterRecord.created_at, RosterRecord.id], args, descending=True)
            return {"items": [rosters.roster_summary(r) for r in page["items"]], **_cursor(page)}

    @roles_required(*MANAGE_ROSTERS)
    @idempotent
    @rosters_blp.arguments(schemas.RosterIn)
    @rosters_blp.response(202, schemas.RosterAccepted)
    @links(
        202,
        {"roster_id": "$response.body#/id"},
        "getRosterById",
        "postRosterPublish",
        "getRosterXlsx",
        "getRosterIcs",
    )
    def post(self, body: dict[str, Any]) -> Any:
        """Queue a roster; the worker solves it (`GET` then shows `draft` or `infeasible`).

        `end` may not be before `start`, and a roster covers at most 186 days (422)."""
        with request_uow() as uow, field_errors():
            record = rosters.request_roster(uow, body["start"], body["end"], body["time_limit_s"], caller())
            accepted = answer(
                uow,
                {"id": record.id, "status": record.status},
                202,
                schemas.RosterAccepted,
                {"Location": f"/api/v1/rosters/{record.id}"},
            )
            uow.commit()
        return accepted


@rosters_blp.route("/<roster_id>")
class RosterById(MethodView):
    @roles_required(*READ_ROSTERS)
    @rosters_blp.response(200, schemas.RosterOut)
    def get(self, roster_id: str) -> Any:
        with request_uow() as uow:
            return rosters.get_roster(uow, roster_id)


@rosters_blp.route("/<roster_id>/publish")
class RosterPublish(MethodView):
    @roles_required(*MANAGE_ROSTERS)
    @rosters_blp.response(200, schemas.RosterOut)
    @answers(409)
    def post(self, roster_id: str) -> Any:
        """Publish a draft (`roster.roster.published`); 409 in any other state."""
        with request_uow() as uow:
            return rosters.publish_roster(uow, roster_id, caller())


@rosters_blp.route("/<roster_id>/file.xlsx")
class RosterXlsx(MethodView):
    @roles_required(*READ_ROSTERS)
    @rosters_blp.response(200, BINARY, content_type=export.XLSX)
    @answers(409)
    def get(self, roster_id: str) -> Response:
        """The published roster, one sheet per month, names by day and shift."""
        with request_uow() as uow:
            record = _exportable(uow, roster_id)
            calendar = repository.working_calendar(uow.session, record.unit)
            days = {d: "working" if calendar.is_working_day(d) else "off" for d in _period(record)}
            body = export.roster_xlsx(
                record.start, record.end, _shifts(record), repository.assignments_of(record), record.staff, days
            )
        return _download(body, export.XLSX, f"lich-truc-{record.start}-{record.end}.xlsx")


@rosters_blp.route("/<roster_id>/file.ics")
class RosterIcs(MethodView):
    @roles_required(*READ_ROSTERS)
    @rosters_blp.response(200, BINARY, content_type=export.ICS)
    @answers(409)
    def get(self, roster_id: str) -> Response:
        """The published roster as iCalendar; `?staff_id=` keeps one officer's shifts."""
        with request_uow() as uow:
            record = _exportable(uow, roster_id)
            assignments = repository.assignments_of(record)
            wanted = request.args.get("staff_id")
            if wanted:
                assignments = [a for a in assignments if a.staff_id == wanted]
            body = export.roster_ics(record.id, _shifts(record), assignments, record.staff, record.timezone)
        return _download(body.encode("utf-8"), export.ICS, f"lich-truc-{record.start}-{record.end}.ics")


@duty_blp.route("")
class Duty(MethodView):
    @roles_required(*READ_DUTY)
    @duty_blp.arguments(schemas.DutyArgs, location="query")
    @duty_blp.response(200, schemas.DutyOut)
    def get(self, args: dict[str, Any]) -> Any:
        """Who is on duty at `at` (default now), from the published rosters."""
        with request_uow() as uow:
            return rosters.duty_at(uow, args.get("at") or datetime.now(UTC))


def _cursor(page: dict[str, Any]) -> dict[str, Any]:
    return {"next_cursor": page["next_cursor"]}


def _exportable(uow: Any, roster_id: str) -> RosterRecord:
    record = rosters.get_roster(uow, roster_id)
    if record.status not in EXPORTABLE:
        raise conflict(f"Chỉ xuất được lịch trực đã công bố (hiện tại: '{record.status}').")
    return record


def _shifts(record: RosterRecord) -> list[Any]:
    return list(CoverageRules.from_dict({"shifts": record.shifts}).shifts)


def _period(record: RosterRecord) -> list[date]:
    return [record.start + timedelta(days=i) for i in range((record.end - record.start).days + 1)]


def _download(body: bytes, content_type: str, filename: str) -> Response:
    response = Response(body, mimetype=content_type.split(";")[0], content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
