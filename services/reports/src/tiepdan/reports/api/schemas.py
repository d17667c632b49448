"""Request and response schemas of the reports API (marshmallow, documented in /openapi.json)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from tiepdan.kit.openapi import JsonBoolean
from tiepdan.kit.pagination import PageArgs
from tiepdan.reports.domain.figures import FIGURE_GROUPINGS
from tiepdan.reports.domain.narrative import MAX_NARRATIVE_CHARS
from tiepdan.reports.domain.periods import PeriodKind
from tiepdan.reports.service.snapshots import TEMPLATES

#: live figures and charts cover at most two years, enough for any report period
MAX_RANGE_DAYS = 731
#: a unit (ward) code, as in tokens: lower-case letters, digits and dashes
UNIT_CODE = validate.Regexp(r"^[a-z0-9][a-z0-9-]*$", error="Mã đơn vị gồm chữ thường không dấu, số và dấu gạch ngang.")


class DateRangeArgs(Schema):
    from_ = fields.Date(required=True, data_key="from")
    to = fields.Date(required=True)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["to"] < data["from_"]:
            raise ValidationError("Ngày kết thúc phải sau ngày bắt đầu.", "to")
        if (data["to"] - data["from_"]).days >= MAX_RANGE_DAYS:
            raise ValidationError(f"Khoảng thời gian tối đa {MAX_RANGE_DAYS} ngày.", "to")


class FiguresArgs(DateRangeArgs):
    by = fields.String(load_default="day", validate=validate.OneOf(FIGURE_GROUPINGS))


class PeriodIn(Schema):
    """Either dates (`from`, `to`) or a periodic window (`kind`, `year`, and `n` for a quarter)."""

    from_ = fields.Date(data_key="from")
    to = fields.Date()
    kind = fields.String(validate=validate.OneOf([kind.value for kind in PeriodKind]))
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))
    n = fields.Integer(validate=validate.Range(min=1, max=4))

    @validates_schema
    def _one_way(self, data: dict[str, Any], **_: Any) -> None:
        by_dates = "from_" in data or "to" in data
        if by_dates and "kind" in data:
            raise ValidationError("Chỉ định kỳ theo ngày (from, to) hoặc theo loại kỳ (kind, year), không cả hai.")
        if by_dates:
            if "from_" not in data or "to" not in data:
                raise ValidationError("Cần cả from và to.", "from" if "from_" not in data else "to")
            if data["to"] < data["from_"]:
                raise ValidationError("Ngày kết thúc phải sau ngày bắt đầu.", "to")
        elif "kind" not in data or "year" not in data:
            raise ValidationError("Cần from và to, hoặc kind và year.", "kind" if "kind" not in data else "year")
        elif data["kind"] == PeriodKind.QUARTER and "n" not in data:
            raise ValidationError("Báo cáo quý cần số quý n (1–4).", "n")


class ReportIn(Schema):
    template = fields.String(required=True, validate=validate.OneOf(TEMPLATES))
    period = fields.Nested(PeriodIn, required=True)
    units = fields.List(
        fields.String(validate=[validate.Length(min=1, max=64), UNIT_CODE]), validate=validate.Length(min=1)
    )
    deliver = JsonBoolean(load_default=False)


class ReportOut(Schema):
    id = fields.String()
    template = fields.String()
    period = fields.Dict()
    units = fields.List(fields.String(), allow_none=True)
    cut_off = fields.String()
    generated_at = fields.String()
    generator = fields.String()
    trigger = fields.String()
    figures = fields.Dict()
    rows = fields.List(fields.Dict())
    files = fields.Dict(keys=fields.String(), values=fields.String())
    sha256 = fields.Dict(keys=fields.String(), values=fields.String())


class ReportSummary(Schema):
    id = fields.String()
    template = fields.String()
    period = fields.Dict()
    units = fields.List(fields.String(), allow_none=True)
    generated_at = fields.DateTime()
    trigger = fields.String()


class ReportPage(Schema):
    items = fields.List(fields.Nested(ReportSummary))
    next_cursor = fields.String(allow_none=True)


class ReportListArgs(PageArgs):
    template = fields.String(validate=validate.OneOf(TEMPLATES))


class FigureRow(Schema):
    key = fields.String(allow_none=True)
    visits = fields.Integer()
    persons = fields.Integer()
    groups = fields.Integer()
    group_persons = fields.Integer()
    cases = fields.Integer()
    petitions = fields.Integer(allow_none=True)


class FiguresOut(Schema):
    from_ = fields.String(data_key="from")
    to = fields.String()
    by = fields.String()
    items = fields.List(fields.Nested(FigureRow))
    total = fields.Dict(keys=fields.String(), values=fields.Integer())


class DifferenceOut(Schema):
    unit = fields.String()
    date = fields.String()
    metric = fields.String()
    register = fields.Integer(allow_none=True)
    reports = fields.Integer()
    difference = fields.Integer(allow_none=True)


class ReconciliationOut(Schema):
    from_ = fields.String(data_key="from")
    to = fields.String()
    days_with_register = fields.Integer()
    days_with_activity = fields.Integer()
    matches = fields.Boolean()
    differences = fields.List(fields.Nested(DifferenceOut))


class NarrativeIn(Schema):
    situation = fields.String(required=True, validate=validate.Length(max=MAX_NARRATIVE_CHARS))
    proposals = fields.String(required=True, validate=validate.Length(max=MAX_NARRATIVE_CHARS))


class NarrativeOut(Schema):
    report_id = fields.String()
    version = fields.Integer()
    situation = fields.String()
    proposals = fields.String()
    written_by = fields.String()
    written_at = fields.DateTime()
    sha256 = fields.String(metadata={"description": "over the report's files' checksums and this version's text"})
    paper_sha256 = fields.String(metadata={"description": "of GET /api/v1/reports/{id}/paper.pdf at this version"})


class MailStatusOut(Schema):
    address = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    sent_at = fields.DateTime(allow_none=True)
    narrative_version = fields.Integer(allow_none=True)


class InboxItemOut(Schema):
    report_id = fields.String()
    unit = fields.String()
    addressed_at = fields.DateTime()
    template = fields.String()
    period = fields.Dict()
    figures = fields.Dict()
    narrative = fields.Nested(NarrativeOut, allow_none=True)
    mails = fields.List(fields.Nested(MailStatusOut))


class InboxPageOut(Schema):
    items = fields.List(fields.Nested(InboxItemOut))
    next_cursor = fields.String(allow_none=True)
