"""marshmallow schemas of the roster API (services/roster/README.md); documents are validated again by the domain."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_dump, validate, validates_schema

from tiepdan.kit.calendar import LEVELS, WEEKDAY_CODES
from tiepdan.kit.contract import FIELDS
from tiepdan.kit.openapi import JsonBoolean
from tiepdan.kit.pagination import PageArgs
from tiepdan.roster.domain.incident import Incident
from tiepdan.roster.domain.reception import Reception, ReceptionStatus
from tiepdan.roster.domain.roster import MAX_PERIOD_DAYS, Status
from tiepdan.roster.domain.staff import Staff
from tiepdan.roster.domain.working_group import ROLES, WorkingGroup
from tiepdan.roster.service.results import DutyAt, OnDuty, StaffChanged

HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="Giờ phải có dạng HH:MM.")
ROSTER_STATUSES = tuple(str(status) for status in Status)


def as_document(schema: type[Schema], body: dict[str, Any]) -> dict[str, Any]:
    """A body loaded by `schema` in the JSON form of its document format (dates as YYYY-MM-DD, `from` rather than
    `from_`), which the domain parses with its own checks that name each field."""
    document: dict[str, Any] = schema().dump(body)
    return document


class _Span(Schema):
    from_ = fields.Date(required=True, data_key="from")
    to = fields.Date(required=True)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["to"] < data["from_"]:
            raise ValidationError("Ngày kết thúc phải không trước ngày bắt đầu.", "to")


# ---- staff ---------------------------------------------------------------------------------------------------


class LeaveIn(_Span):
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class PreferencesIn(Schema):
    avoid_shifts = fields.List(fields.String(validate=validate.Length(min=1, max=32)), load_default=list)
    avoid_weekdays = fields.List(fields.String(validate=validate.OneOf(WEEKDAY_CODES)), load_default=list)
    avoid_dates = fields.List(fields.Date(), load_default=list)


class StaffIn(Schema):
    id = fields.String(validate=validate.Length(min=1, max=64))
    full_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    agency = fields.String(required=True, validate=validate.Length(min=1, max=32))
    skills = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True)
    unavailable = fields.List(fields.Date(), load_default=list)
    leave = fields.List(fields.Nested(LeaveIn), load_default=list)
    preferences = fields.Nested(PreferencesIn, load_default=dict)
    active = JsonBoolean(load_default=True)


class ImportedStaffIn(StaffIn):
    id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class AgencyIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))


class StaffImportIn(Schema):
    """The format of `ward-staff.json`."""

    agencies = fields.List(fields.Nested(AgencyIn), load_default=list)
    staff = fields.List(fields.Nested(ImportedStaffIn), required=True)


class StaffImportOut(Schema):
    agencies = fields.Integer()
    staff = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    replans = fields.List(fields.String(), metadata={"description": "re-plans queued for published rosters"})


class StaffOut(Schema):
    id = fields.String()
    full_name = fields.String()
    agency = fields.String()
    skills = fields.List(fields.String())
    unavailable = fields.List(fields.String())
    leave = fields.List(fields.Dict())
    preferences = fields.Dict()
    active = fields.Boolean()
    replans = fields.List(fields.String())

    @pre_dump
    def _from_domain(self, result: Staff | StaffChanged, **_: Any) -> dict[str, Any]:
        if isinstance(result, StaffChanged):
            return {**result.staff.to_dict(), "replans": result.replans}
        return result.to_dict()


class StaffPage(Schema):
    items = fields.List(fields.Nested(StaffOut))
    next_cursor = fields.String(allow_none=True)


class AgencyOut(Schema):
    code = fields.String()
    name = fields.String()


# ---- calendar and coverage rules -----------------------------------------------------------------------------


# The calendar's defaults are the domain's (`metadata` documents them): a year's document that leaves out its
# `timezone` keeps the calendar's, and entries are stored as sent.
class DayOffIn(_Span):
    name = fields.String(metadata={"default": ""})


class MakeUpDayIn(Schema):
    date = fields.Date(required=True)
    name = fields.String(metadata={"default": ""})


class SpecialPeriodIn(_Span):
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    name = fields.String(metadata={"default": ""})


class EventIn(MakeUpDayIn):
    #: `election_day` and `party_congress` set intake's election cut-off and congress-personnel deadline.
    kind = fields.String(validate=validate.OneOf(["election_day", "party_congress"]))


def _basis(value: Any) -> None:
    by_year = isinstance(value, dict) and all(isinstance(text, str) for text in value.values())
    if not (isinstance(value, str) or by_year):
        raise ValidationError("Căn cứ là một đoạn văn bản, hoặc {năm: văn bản} cho cả lịch.")


class CalendarDoc(Schema):
    """One year's document (`"year": 2027`, the format of `calendar-2027.json`), which replaces what the calendar
    knew of that year and keeps the others; or the whole calendar (`"years": [2026, 2027]`, as GET answers)."""

    timezone = fields.String(metadata={"default": "Asia/Ho_Chi_Minh"})
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    years = fields.List(fields.Integer(validate=validate.Range(min=2000, max=2100)))
    basis = fields.Raw(
        validate=_basis,
        metadata={
            "description": "căn cứ: text for one year, {year: text} for the whole calendar",
            "oneOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": {"type": "string"}},
            ],
        },
    )
    working_week = fields.List(fields.String(validate=validate.OneOf(WEEKDAY_CODES)))
    working_hours = fields.List(fields.List(fields.String(validate=HHMM), validate=validate.Length(equal=2)))
    days_off = fields.List(fields.Nested(DayOffIn), load_default=list)
    make_up_working_days = fields.List(fields.Nested(MakeUpDayIn), load_default=list)
    special_periods = fields.List(fields.Nested(SpecialPeriodIn), load_default=list)
    events = fields.List(fields.Nested(EventIn), load_default=list)


class CoverageRulesDoc(Schema):
    """The format of `coverage-rules.json`; every field is checked in depth by the domain (422 names it)."""

    shifts = fields.List(
        fields.Dict(), required=True, validate=validate.Length(min=1, error="Cần ít nhất một ca trực.")
    )
    coverage = fields.List(fields.Dict(), load_default=list)
    leader_reception = fields.List(fields.Dict(), load_default=list)
    personal = fields.Dict(load_default=dict)
    basis = fields.String(load_default="")


# ---- rosters and duty ----------------------------------------------------------------------------------------


class RosterIn(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    time_limit_s = fields.Float(load_default=30.0, validate=validate.Range(min=1, max=600))

    @validates_schema
    def _period(self, data: dict[str, Any], **_: Any) -> None:
        if data["end"] < data["start"]:
            raise ValidationError("Ngày kết thúc phải không trước ngày bắt đầu.", "end")
        if (data["end"] - data["start"]).days + 1 > MAX_PERIOD_DAYS:
            raise ValidationError(f"Một lịch trực dài tối đa {MAX_PERIOD_DAYS} ngày.", "end")


class RosterAccepted(Schema):
    id = fields.String()
    status = fields.String()


class AssignmentOut(Schema):
    date = fields.String()
    shift = fields.String()
    staff_id = fields.String()
    duty = fields.String(metadata={"description": "reception | leader_reception | on_call"})


class RosterSummary(Schema):
    id = fields.String()
    start = fields.Date()
    end = fields.Date()
    status = fields.String(metadata={"description": " | ".join(ROSTER_STATUSES)})
    replaces = fields.String(allow_none=True)
    created_at = fields.DateTime()
    solved_at = fields.DateTime(allow_none=True)
    published_at = fields.DateTime(allow_none=True)


class RosterOut(RosterSummary):
    time_limit_s = fields.Float()
    replan_reason = fields.String(allow_none=True)
    assignments = fields.List(fields.Nested(AssignmentOut))
    violations = fields.List(fields.Dict(), metadata={"description": "each unmet rule: date, shift, skill, missing"})
    reasons = fields.List(fields.String(), metadata={"description": "why the roster is infeasible"})
    stats = fields.Dict(metadata={"description": "per person counts, fairness spread, solve time, objective, gap"})
    shifts = fields.List(fields.Dict())


class RosterPage(Schema):
    items = fields.List(fields.Nested(RosterSummary))
    next_cursor = fields.String(allow_none=True)


class RosterListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(ROSTER_STATUSES))


class DutyArgs(Schema):
    at = fields.AwareDateTime(metadata={"description": "RFC 3339 with offset; default: now"})


class DutyItem(Schema):
    date = fields.String()
    shift = fields.String()
    start = fields.String(metadata={"description": "local time of the ward"})
    end = fields.String()
    staff_id = fields.String()
    staff_name = fields.String()
    agency = fields.String()
    skills = fields.List(fields.String())
    duty = fields.String()
    roster_id = fields.String()

    @pre_dump
    def _times_as_text(self, item: OnDuty, **_: Any) -> dict[str, Any]:
        return {
            **vars(item),
            "date": item.date.isoformat(),
            "start": item.start.isoformat(),
            "end": item.end.isoformat(),
        }


class DutyOut(Schema):
    at = fields.String()
    timezone = fields.String()
    items = fields.List(fields.Nested(DutyItem))

    @pre_dump
    def _at_as_text(self, result: DutyAt, **_: Any) -> dict[str, Any]:
        return {"at": result.at.isoformat(), "timezone": result.timezone, "items": result.items}


# ---- working groups (Tổ công tác tiếp công dân) ---------------------------------------------------------------

_ROLE_TERMS = ", ".join(f"{code} ({term})" for code, term in ROLES.items())


class MemberIn(Schema):
    staff_id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "mã cán bộ in the unit's staff list"},
    )
    role = fields.String(
        required=True,
        validate=validate.OneOf(tuple(ROLES)),
        metadata={"description": f"vai trò trong tổ: {_ROLE_TERMS}"},
    )


class PeriodIn(_Span):
    """thời gian hoạt động: the period the group serves."""


class WorkingGroupIn(Schema):
    """Quyết định thành lập Tổ công tác tiếp công dân."""

    decision_no = fields.String(
        required=True, validate=validate.Length(min=1, max=100), metadata={"description": "số quyết định"}
    )
    decision_date = fields.Date(required=True, metadata={"description": "ngày ký quyết định"})
    period = fields.Nested(PeriodIn, required=True)
    members = fields.List(
        fields.Nested(MemberIn),
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "thành viên, from the agencies (VP, CA, UBKT, HĐND, MTTQ, BXD, …)"},
    )
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class MemberOut(Schema):
    staff_id = fields.String()
    agency = fields.String(metadata={"description": "the member's agency in the staff list"})
    role = fields.String()
    role_label = fields.String(metadata={"description": "Tổ trưởng, Tổ phó, Thư ký, Thành viên"})


class WorkingGroupOut(Schema):
    id = fields.String()
    decision_no = fields.String()
    decision_date = fields.Date()
    period = fields.Nested(PeriodIn)
    members = fields.List(fields.Nested(MemberOut))
    agencies = fields.List(fields.String())
    note = fields.String()
    established_by = fields.String()
    established_at = fields.DateTime()

    @pre_dump
    def _from_domain(self, group: WorkingGroup, **_: Any) -> dict[str, Any]:
        return {
            **vars(group),
            "period": {"from_": group.start, "to": group.end},
            "members": [{**vars(m), "role_label": ROLES[m.role]} for m in group.members],
            "agencies": group.agencies(),
        }


class WorkingGroupPage(Schema):
    items = fields.List(fields.Nested(WorkingGroupOut))
    next_cursor = fields.String(allow_none=True)


# ---- unscheduled receptions and their security plan -----------------------------------------------------------


class _ReceptionDetails(Schema):
    place = fields.String(validate=validate.Length(min=1, max=300), metadata={"description": "địa điểm tiếp"})
    starts_at = fields.AwareDateTime(metadata={"description": "RFC 3339 with offset; not in the past"})
    ends_at = fields.AwareDateTime(metadata={"description": "after `starts_at`"})
    note = fields.String(validate=validate.Length(max=2000), metadata={"description": "kept in roster, never sent"})
    presiding_staff_id = fields.String(
        validate=validate.Length(min=1, max=64),
        allow_none=True,
        metadata={"description": "the leader who receives (mã cán bộ)"},
    )
    expected_headcount = fields.Integer(validate=validate.Range(min=0, max=100_000))
    field = fields.String(validate=validate.OneOf(FIELDS), metadata={"description": "lĩnh vực"})
    subject = fields.String(
        validate=validate.Length(max=500), metadata={"description": "the matter, never a person's name"}
    )
    area = fields.String(validate=validate.Length(max=300), metadata={"description": "địa bàn (tổ dân phố, street)"})


class ReceptionIn(_ReceptionDetails):
    """Tiếp công dân đột xuất, scheduled in advance."""

    place = fields.String(
        required=True, validate=validate.Length(min=1, max=300), metadata={"description": "địa điểm tiếp"}
    )
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "RFC 3339 with offset; not in the past"})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": "after `starts_at`"})
    note = fields.String(load_default="", validate=validate.Length(max=2000))

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["ends_at"] <= data["starts_at"]:
            raise ValidationError("Giờ kết thúc phải sau giờ bắt đầu.", "ends_at")


class ReceptionPatch(_ReceptionDetails):
    """What changes; the rest stays."""


class SecurityPlanIn(Schema):
    """Phương án bảo đảm an ninh trật tự of the police on duty."""

    officers = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "police officers (mã cán bộ công an)"},
    )
    notes = fields.String(load_default="", validate=validate.Length(max=4000))


class SecurityPlanOut(Schema):
    officers = fields.List(fields.String())
    notes = fields.String()
    recorded_by = fields.String()
    recorded_at = fields.DateTime()


class ReceptionOut(Schema):
    id = fields.String()
    place = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    note = fields.String()
    presiding_staff_id = fields.String(allow_none=True)
    expected_headcount = fields.Integer(allow_none=True)
    field = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    area = fields.String(allow_none=True)
    revision = fields.Integer()
    status = fields.String(metadata={"description": " | ".join(ReceptionStatus)})
    scheduled_by = fields.String()
    scheduled_at = fields.DateTime()
    cancelled_at = fields.DateTime(allow_none=True)
    security_plan = fields.Nested(SecurityPlanOut, allow_none=True)

    @pre_dump
    def _from_domain(self, reception: Reception, **_: Any) -> dict[str, Any]:
        return {**vars(reception), "status": str(reception.status)}


class ReceptionPage(Schema):
    items = fields.List(fields.Nested(ReceptionOut))
    next_cursor = fields.String(allow_none=True)


class ReceptionListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(tuple(ReceptionStatus)))


# ---- incidents at the reception office -----------------------------------------------------------------------


class IncidentIn(Schema):
    """No citizen's name or identity number: only a case reference, when the police enter one."""

    occurred_at = fields.AwareDateTime(required=True, metadata={"description": "thời điểm xảy ra; not in the future"})
    what_happened = fields.String(
        required=True, validate=validate.Length(min=1, max=4000), metadata={"description": "diễn biến sự việc"}
    )
    action_taken = fields.String(
        required=True, validate=validate.Length(min=1, max=4000), metadata={"description": "biện pháp xử lý"}
    )
    case_ref = fields.String(
        validate=validate.Length(min=1, max=100), metadata={"description": "a case's reference in intake"}
    )
    reception_id = fields.String(
        validate=validate.Length(min=1, max=36), metadata={"description": "a scheduled reception of the unit"}
    )


class IncidentOut(Schema):
    id = fields.String()
    occurred_at = fields.DateTime()
    what_happened = fields.String()
    action_taken = fields.String()
    case_ref = fields.String(allow_none=True)
    reception_id = fields.String(allow_none=True)
    recorded_by = fields.String()
    recorded_at = fields.DateTime()

    @pre_dump
    def _from_domain(self, incident: Incident, **_: Any) -> dict[str, Any]:
        return vars(incident)


class IncidentPage(Schema):
    items = fields.List(fields.Nested(IncidentOut))
    next_cursor = fields.String(allow_none=True)
