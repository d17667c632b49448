"""Request and response schemas (they also make the OpenAPI document at /openapi.json). Response schemas dump
what the use cases return: alerts, deliveries, silences and rule sets in the documents of docs/contract.md."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, pre_dump, validate

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Delivery, Notice
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.alerts.domain.observations import INBOUND_LEVELS
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.alerts.service.inbox import InboxEntry
from tiepdan.alerts.service.silencing import SilenceAt
from tiepdan.kit.openapi import NOT_BLANK, JsonBoolean
from tiepdan.kit.pagination import PageArgs

#: Larger counts are not a ward's (and would not fit the database's integers).
MAX_HEADCOUNT = 100_000
#: A year, in minutes.
MAX_INTERVAL_MINUTES = 525_600

KINDS = [str(k) for k in Kind]
SEVERITIES = [str(s) for s in Severity]
STATUSES = [str(s) for s in Status]


class AlertCountQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    severity = fields.String(load_default=None, validate=validate.OneOf(SEVERITIES))


class AlertQuery(PageArgs, AlertCountQuery):
    """The filters of the count, a page at a time."""


#: What `GET /api/v1/alerts/counts` may group by.
COUNT_DIMENSIONS = ["unit", "kind", "severity", "status"]


class AlertCountArgs(AlertCountQuery):
    by = fields.List(
        fields.String(validate=validate.OneOf(COUNT_DIMENSIONS)),
        load_default=list,
        metadata={"description": "group the count by these (repeat `by`): unit, kind, severity, status"},
    )


class AlertCountGroup(Schema):
    unit = fields.String()
    kind = fields.String(metadata={"enum": KINDS})
    severity = fields.String(metadata={"enum": SEVERITIES})
    status = fields.String(metadata={"enum": STATUSES})
    count = fields.Integer()


class AlertCount(Schema):
    total = fields.Integer(metadata={"description": "the alerts the list with the same filters holds, every page"})
    groups = fields.List(
        fields.Nested(AlertCountGroup),
        metadata={"description": "one per combination of the `by` values found, with its count; none without `by`"},
    )


class AlertOut(Schema):
    """An alert: counts, place, time, field and subject — never a citizen's name or ID."""

    id = fields.String()
    unit = fields.String()
    kind = fields.String(metadata={"enum": KINDS})
    severity = fields.String(metadata={"enum": SEVERITIES})
    status = fields.String(metadata={"enum": STATUSES})
    title = fields.String()
    group_key = fields.String()
    field = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    area = fields.String(allow_none=True)
    headcount = fields.Integer()
    visit_count = fields.Integer()
    case_ids = fields.List(fields.String())
    first_seen = fields.String()
    last_seen = fields.String()
    receivers = fields.List(fields.String())
    escalation_level = fields.Integer()
    acknowledged_by = fields.String(allow_none=True)
    acknowledged_at = fields.String(allow_none=True)
    resolved_by = fields.String(allow_none=True)
    resolved_at = fields.String(allow_none=True)
    special_period = fields.String(allow_none=True)
    details = fields.Dict()
    raised_at = fields.String()

    @pre_dump
    def document(self, alert: Alert, **_: Any) -> dict[str, Any]:
        return alert.to_document()


class NoteOut(Schema):
    action = fields.String()
    by = fields.String()
    at = fields.String()
    note = fields.String(allow_none=True)


class AlertDetailOut(AlertOut):
    notes = fields.List(fields.Nested(NoteOut))

    @pre_dump
    def document(self, alert: Alert, **_: Any) -> dict[str, Any]:
        """The alert and the notes of who acknowledged and resolved it."""
        notes = []
        if alert.acknowledged_at is not None:
            notes.append(_note("acknowledged", alert.acknowledged_by, alert.acknowledged_at, alert.acknowledge_note))
        if alert.resolved_at is not None:
            notes.append(_note("resolved", alert.resolved_by, alert.resolved_at, alert.resolve_note))
        return {**alert.to_document(), "notes": notes}


def _note(action: str, by: str | None, at: datetime, note: str | None) -> dict[str, Any]:
    return {"action": action, "by": by, "at": at.isoformat(), "note": note}


class AlertPage(Schema):
    items = fields.List(fields.Nested(AlertOut))
    next_cursor = fields.String(allow_none=True)


class NoticeOut(Schema):
    receiver = fields.String()
    reason = fields.String(
        metadata={"enum": ["raised", "severity_raised", "escalated", "updated", "renotify", "resolved"]}
    )
    at = fields.String()

    @pre_dump
    def document(self, notice: Notice, **_: Any) -> dict[str, Any]:
        return {"receiver": notice.receiver, "reason": str(notice.reason), "at": notice.at.isoformat()}


class InboxItem(AlertOut):
    notices = fields.List(fields.Nested(NoticeOut), metadata={"description": "to the caller's receivers, newest first"})

    @pre_dump
    def document(self, entry: InboxEntry, **_: Any) -> dict[str, Any]:
        return {**entry.alert.to_document(), "notices": entry.notices}


class InboxPage(Schema):
    items = fields.List(fields.Nested(InboxItem))
    next_cursor = fields.String(allow_none=True)


class NoteIn(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class DeliveryOut(Schema):
    id = fields.String()
    alert_id = fields.String()
    receiver = fields.String()
    channel = fields.String()
    reason = fields.String()
    outcome = fields.String()
    attempts = fields.Integer()
    next_attempt_at = fields.String(allow_none=True)
    last_error = fields.String(allow_none=True)
    last_status = fields.Integer(allow_none=True)
    created_at = fields.String()
    delivered_at = fields.String(allow_none=True)
    log = fields.List(fields.Dict())

    @pre_dump
    def document(self, delivery: Delivery, **_: Any) -> dict[str, Any]:
        return delivery.to_document()


class DeliveryList(Schema):
    items = fields.List(fields.Nested(DeliveryOut))


class RuleSetDocument(Schema):
    """The shape of the rule set; every value is checked in depth, errors named by path (e.g. `routes[0].receivers`).

    Webhook secrets are write-only: a GET shows `has_secret`; a PUT without `secret` keeps the stored one.
    """

    detectors = fields.Dict(keys=fields.String(validate=validate.OneOf(KINDS)), values=fields.Dict())
    receivers = fields.List(fields.Dict(), required=True)
    routes = fields.List(fields.Dict(), required=True)
    default_route = fields.Dict(required=True)
    inhibitions = fields.List(fields.Dict())
    escalation_minutes = fields.Dict(
        keys=fields.String(validate=validate.OneOf(SEVERITIES)), values=fields.Raw(allow_none=True)
    )
    repeat_interval_minutes = fields.Integer(validate=validate.Range(min=1, max=MAX_INTERVAL_MINUTES))
    group_interval_minutes = fields.Integer(validate=validate.Range(min=1, max=MAX_INTERVAL_MINUTES))
    raise_in_special_periods = JsonBoolean()

    @pre_dump
    def document(self, rules: RuleSet, **_: Any) -> dict[str, Any]:
        """Secrets are never shown: a receiver with one says `has_secret`."""
        return rules.to_dict()


class SilenceIn(Schema):
    matchers = fields.Dict(
        keys=fields.String(), values=fields.String(), required=True, metadata={"example": {"kind": "hotspot"}}
    )
    starts_at = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"format": "date-time", "description": "RFC 3339 with offset; default: now"},
    )
    ends_at = fields.String(required=True, metadata={"format": "date-time", "description": "RFC 3339 with offset"})
    comment = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class SilenceOut(Schema):
    id = fields.String()
    matchers = fields.Dict()
    starts_at = fields.String()
    ends_at = fields.String()
    created_by = fields.String()
    comment = fields.String()
    created_at = fields.String()
    active = fields.Boolean()

    @pre_dump
    def document(self, shown: SilenceAt, **_: Any) -> dict[str, Any]:
        return shown.silence.to_document(shown.at)


class SilenceList(Schema):
    items = fields.List(fields.Nested(SilenceOut))


class InboundReportIn(Schema):
    """The province reporting the ward's citizens at the province or in Hà Nội. `summary` is read, never kept."""

    reported_at = fields.String(required=True, metadata={"format": "date-time", "description": "RFC 3339 with offset"})
    place = fields.String(required=True, validate=[validate.Length(min=1, max=500), NOT_BLANK])
    level = fields.String(required=True, validate=validate.OneOf(INBOUND_LEVELS))
    headcount = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_HEADCOUNT))
    area = fields.String(required=True, validate=[validate.Length(min=1, max=500), NOT_BLANK])
    field = fields.String(required=True, validate=[validate.Length(min=1, max=64), NOT_BLANK])
    subject = fields.String(required=True, validate=[validate.Length(min=1, max=1000), NOT_BLANK])
    summary = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    unit = fields.String(load_default=None, allow_none=True)


class InboundReportAccepted(Schema):
    id = fields.String()
    status = fields.String()
    alert_id = fields.String(allow_none=True)
