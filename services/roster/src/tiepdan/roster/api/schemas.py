"""marshmallow schemas of the roster API (services/roster/README.md); documents are validated again by the domain."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_dump, validate, validates_schema

from tiepdan.kit.calendar import LEVELS, WEEKDAY_CODES
from tiepdan.kit.openapi import JsonBoolean
from tiepdan.kit.pagination import PageArgs
from tiepdan.roster.domain.roster import MAX_PERIOD_DAYS, Status
from tiepdan.roster.domain.staff import Staff
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
