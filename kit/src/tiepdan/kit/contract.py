"""The event catalogue (docs/contract.md "Events"): every message on the bus, its routing key, publisher and a JSON
Schema of its data per version.

Publishers and consumers validate against this one table, so a field renamed on one side fails loudly on both.
At run time `check_event` asks only what is cheap (the required keys, no personal data); the full schema (types,
formats, enums, nullable) is checked in the test suite on every event (`tiepdan.kit.testing`), and agencies read
it in the AsyncAPI document built from this table (`tiepdan.kit.asyncapi`). Fields beyond the listed ones are
allowed: add, never rename; a changed meaning is a new version.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, cached_property
from typing import Any

from jsonschema import Draft7Validator, FormatChecker

from .calendar import LEVELS, WEEKDAY_CODES, DayType

Schema = dict[str, Any]

# -- schema vocabulary (JSON Schema draft 07, the AsyncAPI 3.0 default schema format) ----------------------------------

TEXT: Schema = {"type": "string"}
NAME: Schema = {"type": "string", "minLength": 1}
DATE: Schema = {"type": "string", "format": "date"}
DATETIME: Schema = {"type": "string", "format": "date-time", "description": "RFC 3339, with offset"}
UUID: Schema = {"type": "string", "format": "uuid"}
#: A record's id: opaque to consumers (the services mint UUIDs, but nothing may rely on the form).
ID: Schema = {"type": "string", "minLength": 1}
BOOLEAN: Schema = {"type": "boolean"}
COUNT: Schema = {"type": "integer", "minimum": 0}
POSITIVE: Schema = {"type": "integer", "minimum": 1}
HHMM: Schema = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}


def enum(*values: str) -> Schema:
    return {"type": "string", "enum": list(values)}


def nullable(schema: Schema) -> Schema:
    """The same schema, or null."""
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    if "enum" in schema:
        out["enum"] = [*schema["enum"], None]
    return out


def array(items: Schema, **constraints: Any) -> Schema:
    return {"type": "array", "items": items, **constraints}


def described(schema: Schema, description: str) -> Schema:
    return {**schema, "description": description}


def record(required: Mapping[str, Schema], optional: Mapping[str, Schema] | None = None) -> Schema:
    """An object with these properties; others are allowed (add, never rename)."""
    return {
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **(optional or {})},
    }


# -- the closed lists of the contract (the services' own enums; a test of the platform holds them equal) ---------------

RECEPTIONS = ("regular", "periodic", "unscheduled", "delegated")
KINDS = ("complaint", "denunciation", "recommendation", "feedback", "mixed")
PAPER_KINDS = (
    "receipt",
    "acceptance_notice",
    "non_acceptance_notice",
    "denunciation_acceptance_notice",
    "transfer_slip",
    "guidance",
    "refusal_notice",
)
FIELDS = (
    "land",
    "compensation",
    "housing",
    "social_policy",
    "religion",
    "environment",
    "official_conduct",
    "party",
    "justice",
    "election",
    "other",
)
CHANNELS = ("post", "online", "in_person", "transferred", "press")
CASE_STATUSES = (
    "received",
    "accepted",
    "guided",
    "transferred",
    "filed",
    "resolved",
    "withdrawn",
    "suspended",
    "merged",
)
CASE_ACTIONS = (
    "accept",
    "guide",
    "transfer",
    "file",
    "extend",
    "resolve",
    "withdraw",
    "suspend",
    "resume",
    "refuse",
    "notify",
    "urge",
    "flag_false_name",
)
CASE_OUTCOMES = ("accepted", "guided", "transferred", "filed", "resolved", "withdrawn", "refused", "urged")
DAY_TYPES = tuple(DayType)
DUTIES = ("reception", "leader_reception", "on_call")
ROSTER_STATUSES = ("solving", "draft", "infeasible", "published", "superseded")
ALERT_KINDS = (
    "crowd",
    "hotspot",
    "repeat",
    "over_level",
    "party_personnel",
    "overdue",
    "coverage_gap",
    "calendar_missing",
    "election_hold",
    "enforcement_in_special_period",
    "reception_scheduled",
    "response_task_overdue",
)
SEVERITIES = ("info", "warning", "critical")
ALERT_STATUSES = ("open", "acknowledged", "resolved")
NOTICE_REASONS = ("raised", "severity_raised", "escalated", "updated", "renotify", "resolved")
REPORT_TEMPLATES = ("01/TCD", "02/XLD", "daily", "plan")
REPORT_PERIOD_KINDS = ("custom", "daily", "quarter", "6m", "9m", "year")
INBOUND_LEVELS = ("province", "central")
#: Issue 19, the coordination loop: an enforcement's fate, the Chairman's decision on it, why a response plan opened
#: and how it closed.
ENFORCEMENT_CLEARANCES = ("dropped", "done")
ENFORCEMENT_DECISIONS = ("go", "hold")
DECIDING_ROLES = ("leader",)
RESPONSE_REASONS = ("crowd", "hotspot", "over_level", "complex")
RESPONSE_OUTCOMES = ("settled", "citizens_returned", "transferred", "monitoring")

# -- shared parts ------------------------------------------------------------------------------------------------------

_MATTER: dict[str, Schema] = {
    "kind": enum(*KINDS),
    "field": enum(*FIELDS),
    "subject": described(TEXT, "the matter's subject as written (never a person's name)"),
    "area": described(TEXT, "the place the matter concerns (tổ dân phố, street)"),
}

_SPAN = {"from": DATE, "to": DATE}

_DEADLINE = record(
    {
        "date": DATE,
        "rule": described(TEXT, "length, day type and legal basis, as shown to officers"),
        "day_type": enum(*DAY_TYPES),
    },
    {
        "rule_code": described(NAME, "the rule's code, e.g. visit_reply, complaint_acceptance"),
        "other_day_type_date": described(DATE, "the date counted the other way, where the law leaves it open"),
        "provisional": described(BOOLEAN, "the period runs into a year whose days off the calendar does not know"),
        "provisional_reason": TEXT,
        "counted_from": described(DATE, "the day the period is counted from (a resolution's acceptance day)"),
        "extended_by": described(array(NAME), "the extension rules applied, in order"),
        "suspensions": described(array(record(_SPAN)), "time under suspension, not counted"),
    },
)

_CASE = record(
    {
        "case_id": ID,
        **_MATTER,
        "status": enum(*CASE_STATUSES),
        "previous_status": described(nullable(enum(*CASE_STATUSES)), "null when the case is new"),
        "deadlines": described(
            {"type": "object", "additionalProperties": _DEADLINE},
            "by name: reply_due, process_by, transfer_by, resolve_by, notify_by, conclude_by, "
            "voter_list_answer_by (those that apply)",
        ),
    },
    {
        "changed_at": DATETIME,
        "party_related": BOOLEAN,
        "action": described(nullable(enum(*CASE_ACTIONS)), "the last action taken on the case"),
        "outcome": described(nullable(enum(*CASE_OUTCOMES)), "the answer recorded for report 02/XLD"),
        "eligible": BOOLEAN,
        "processable": BOOLEAN,
        "competent": described(nullable(BOOLEAN), "whether the ward may resolve it; null until decided"),
        "complaint_round": POSITIVE,
        "complex": BOOLEAN,
        "extensions": COUNT,
        "visit_count": COUNT,
        "petition_count": COUNT,
        "received_on": DATE,
        "accepted_on": nullable(DATE),
        "watched": described(array(NAME), "the deadlines intake watches after this change: reports count by these"),
        "filing_late": described(BOOLEAN, "a complaint filed past its limit (Luật Khiếu nại 2011, Điều 9)"),
        "voter_list": described(BOOLEAN, "a complaint about the voter list (Luật Bầu cử 2015, Điều 33)"),
        "about_candidate": BOOLEAN,
        "election_hold": described(BOOLEAN, "held in the election cut-off (Luật Bầu cử 2015, Điều 61)"),
        "forward_after": nullable(DATE),
        "congress_personnel": BOOLEAN,
        "false_name": described(BOOLEAN, "a denunciation under a false name, not processed"),
        "complainants": COUNT,
        "withdrawn_persons": COUNT,
        "merged_into": described(nullable(ID), "the case this one was merged into (status merged)"),
        "corrected": described(array(NAME), "the case's fields a correction of one of its records changed"),
    },
)

_DEADLINE_NOTICE = record(
    {
        "case_id": ID,
        "deadline": described(
            NAME,
            "which deadline: reply_due, process_by, transfer_by, resolve_by, notify_by, conclude_by, "
            "voter_list_answer_by",
        ),
        "date": described(DATE, "the deadline's date"),
        **_MATTER,
    },
    {
        "rule": TEXT,
        "day_type": enum(*DAY_TYPES),
        "status": enum(*CASE_STATUSES),
        "party_related": BOOLEAN,
        "provisional": BOOLEAN,
        "provisional_reason": nullable(TEXT),
    },
)

_TALLY = record({"visits": COUNT, "persons": COUNT})


_CALENDAR = record(
    {
        "days_off": array(record(_SPAN, {"name": TEXT})),
        "make_up_working_days": array(record({"date": DATE}, {"name": TEXT})),
        "special_periods": array(
            record({**_SPAN, "level": enum(*LEVELS)}, {"name": TEXT}),
            description="congress and election periods: alerts are raised one level inside them",
        ),
    },
    {
        "timezone": described(NAME, "IANA zone of the ward's days, Asia/Ho_Chi_Minh"),
        "year": {"type": "integer"},
        "working_week": array(enum(*WEEKDAY_CODES)),
        "working_hours": array(array(HHMM, minItems=2, maxItems=2)),
        "events": array(
            record({"date": DATE}, {"name": TEXT, "kind": described(TEXT, "election_day, party_congress, …")})
        ),
        "years": described(array({"type": "integer"}), "the years whose days off the calendar knows"),
        "basis": described(
            {"type": ["object", "string"]}, "the legal basis (and any assumption) of each year's days off, by year"
        ),
    },
)

_ASSIGNMENT = record(
    {"date": DATE, "shift": NAME, "staff_id": NAME, "duty": enum(*DUTIES)},
    {
        "staff_name": described(TEXT, "the officer's name as on the duty roster (staff, never a citizen)"),
        "agency": TEXT,
        "skills": array(TEXT),
    },
)

_ALERT = record(
    {
        "id": ID,
        "kind": enum(*ALERT_KINDS),
        "severity": enum(*SEVERITIES),
        "status": enum(*ALERT_STATUSES),
        "title": TEXT,
        "group_key": described(TEXT, "one active alert per (kind, group_key)"),
        "field": nullable(TEXT),
        "subject": nullable(TEXT),
        "area": nullable(TEXT),
        "headcount": COUNT,
        "visit_count": COUNT,
        "case_ids": array(ID),
        "first_seen": DATETIME,
        "last_seen": DATETIME,
        "receivers": described(array(NAME), "told so far: the route's receivers, then one per escalation level"),
        "escalation_level": COUNT,
    },
    {
        "unit": NAME,
        "acknowledged_by": nullable(TEXT),
        "acknowledged_at": nullable(DATETIME),
        "resolved_by": nullable(TEXT),
        "resolved_at": nullable(DATETIME),
        "special_period": described(nullable(TEXT), "the congress or election period that raised the severity"),
        "details": described({"type": "object"}, "what the kind adds: window_hours, level and place, deadline, …"),
        "raised_at": DATETIME,
    },
)

_REVISION = described(
    POSITIVE,
    "1 when first sent, one more each time it is sent again changed; a lower one than already applied is stale",
)

_ENFORCEMENT_PLAN = record(
    {
        "case_id": ID,
        "planned_on": described(DATE, "the day the enforcement is planned for"),
        "enforcing_unit": described(NAME, "who carries it out (e.g. Đội Quản lý trật tự đô thị); not the ward"),
        "revision": _REVISION,
    },
    {
        "previous_planned_on": described(nullable(DATE), "the date it replaces; null for a first plan"),
        "measure": described(TEXT, "what is enforced, e.g. the decision's kind and number (never a person)"),
        "planned_at": DATETIME,
        **_MATTER,
    },
)

_RESPONSE_TASK = {
    "task_id": ID,
    "plan_id": ID,
    "assignee_agency": described(NAME, "the agency's code in roster's staff list (VP, CA, UBKT, HĐND, MTTQ, BXD, …)"),
    "due_on": DATE,
}
_RESPONSE_TASK_MORE = {
    "assignee_staff_id": described(
        nullable(NAME), "an officer's staff id in roster's staff list (staff, never a citizen)"
    ),
    "title": described(TEXT, "the task in a line, as the leader worded it (never a citizen's identity)"),
    "assigned_at": DATETIME,
}

_RECEPTION = record(
    {
        "reception_id": ID,
        "place": NAME,
        "starts_at": DATETIME,
        "ends_at": DATETIME,
        "scheduled_by": described(NAME, "the staff id of the leader who scheduled it"),
        "revision": _REVISION,
    },
    {
        "expected_headcount": described(COUNT, "how many citizens are expected, when known"),
        "presiding_staff_id": described(nullable(NAME), "the leader who receives (staff id)"),
        "scheduled_at": DATETIME,
        **{key: _MATTER[key] for key in ("field", "subject", "area")},
    },
)

_ADDRESSEE = record(
    {"staff_id": NAME, "name": described(TEXT, "the officer on duty"), "duty": TEXT, "shift": TEXT},
    {"agency": nullable(TEXT)},
)


# -- the catalogue -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventType:
    """One kind of message. `name` is its routing key, or a pattern with `{parameter}` parts (`parameters` says what
    each one is). An `enveloped` message is the envelope with the schema as `data`; otherwise the schema is the
    whole body."""

    name: str
    publisher: str
    summary: str
    versions: Mapping[int, Schema]
    exchange: str = "tiepdan.events"
    enveloped: bool = True
    parameters: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The routing keys a parametrised name stands for (None for a fixed name)."""
        if not self.parameters:
            return None
        escaped = re.escape(self.name)
        for name in self.parameters:
            escaped = escaped.replace(re.escape("{" + name + "}"), r"[^.]+")
        return re.compile(f"^{escaped}$")

    @cached_property
    def _required(self) -> dict[int, frozenset[str]]:
        return {version: frozenset(schema.get("required", ())) for version, schema in self.versions.items()}

    def required(self, version: int) -> frozenset[str]:
        return self._required[version]


def _catalogue(*types: EventType) -> dict[str, EventType]:
    return {t.name: t for t in types}


#: name → the message's routing key, publisher and data schema per version.
EVENT_TYPES: dict[str, EventType] = _catalogue(
    EventType(
        "intake.visit.registered",
        "intake",
        "A citizen (or a group) was received at the reception office (lượt tiếp).",
        {
            1: record(
                {
                    "visit_id": ID,
                    "case_id": ID,
                    "received_at": DATETIME,
                    "reception": enum(*RECEPTIONS),
                    "headcount": POSITIVE,
                    "is_group": described(BOOLEAN, "headcount at or above the group threshold (5)"),
                    "repeat": described(BOOLEAN, "the case was visited before"),
                    **_MATTER,
                    "party_related": BOOLEAN,
                    "case_first_visit_at": DATETIME,
                    "case_visit_count": described(POSITIVE, "visits of the case so far, this one included"),
                    "case_status": described(enum(*CASE_STATUSES), "the case's status before this visit"),
                },
                {
                    "case_is_new": BOOLEAN,
                    "refused": described(BOOLEAN, "refused at the door (Luật Tiếp công dân, Điều 9)"),
                    "reply_due": described(nullable(DATE), "10 working days; null when refused"),
                    "reply_due_provisional": described(
                        BOOLEAN, "the reply date may move: its year's days off are unknown"
                    ),
                },
            )
        },
    ),
    EventType(
        "intake.petition.received",
        "intake",
        "A written petition (đơn) was received.",
        {
            1: record(
                {
                    "petition_id": ID,
                    "case_id": ID,
                    "channel": enum(*CHANNELS),
                    "received_on": DATE,
                    "signers": described(COUNT, "how many signed (0: anonymous)"),
                    **_MATTER,
                    "eligible": BOOLEAN,
                    "party_related": BOOLEAN,
                    "repeat": BOOLEAN,
                },
                {
                    "case_is_new": BOOLEAN,
                    "headcount": described(COUNT, "the signers, counted as people"),
                    "processable": BOOLEAN,
                    "process_by": DATE,
                    "process_by_provisional": BOOLEAN,
                },
            )
        },
    ),
    EventType("intake.case.opened", "intake", "A new case (vụ việc) was opened.", {1: _CASE}),
    EventType(
        "intake.case.changed", "intake", "A case changed: an action, a deadline extended, a refusal.", {1: _CASE}
    ),
    EventType(
        "intake.case.deadline_due",
        "intake",
        "A case's deadline is near (announced once per deadline).",
        {1: _DEADLINE_NOTICE},
    ),
    EventType(
        "intake.case.overdue", "intake", "A case's deadline passed unmet (announced once).", {1: _DEADLINE_NOTICE}
    ),
    EventType(
        "intake.case.held",
        "intake",
        "A complaint or denunciation about a candidate arrived in the 10 days before election day: held, to be "
        "forwarded after the election (Luật Bầu cử 2015, Điều 61).",
        {
            1: record(
                {
                    "case_id": ID,
                    "reason": enum("election_cutoff"),
                    **_MATTER,
                    "election_day": DATE,
                    "cutoff_from": DATE,
                    "forward_after": DATE,
                },
                {"held_at": DATETIME, "party_related": BOOLEAN, "received_on": DATE, "basis": TEXT},
            )
        },
    ),
    EventType(
        "intake.visit.corrected",
        "intake",
        "A visit's record was corrected (PATCH /api/v1/visits/{id}): the visit as it now stands; reports count it "
        "again by this.",
        {
            1: record(
                {
                    "visit_id": ID,
                    "case_id": ID,
                    "received_at": DATETIME,
                    "reception": enum(*RECEPTIONS),
                    "headcount": POSITIVE,
                    "kind": enum(*KINDS),
                    "field": enum(*FIELDS),
                    "area": TEXT,
                    "changed": described(array(NAME), "the corrected fields (identity fields as paths, no values)"),
                },
                {
                    "is_group": BOOLEAN,
                    "subject": TEXT,
                    "party_related": BOOLEAN,
                    "case_first_visit_at": DATETIME,
                    "corrected_at": DATETIME,
                },
            )
        },
    ),
    EventType(
        "intake.petition.corrected",
        "intake",
        "A petition's record was corrected (PATCH /api/v1/petitions/{id}): the petition as it now stands.",
        {
            1: record(
                {
                    "petition_id": ID,
                    "case_id": ID,
                    "received_on": DATE,
                    "signers": COUNT,
                    "kind": enum(*KINDS),
                    "field": enum(*FIELDS),
                    "area": TEXT,
                    "changed": array(NAME),
                },
                {
                    "channel": enum(*CHANNELS),
                    "headcount": COUNT,
                    "subject": TEXT,
                    "eligible": BOOLEAN,
                    "processable": BOOLEAN,
                    "party_related": BOOLEAN,
                    "corrected_at": DATETIME,
                },
            )
        },
    ),
    EventType(
        "intake.case.merged",
        "intake",
        "A case opened twice for one matter was merged into another (POST /api/v1/cases/{id}/merge): its visits and "
        "petitions now belong to `into`.",
        {
            1: record(
                {
                    "case_id": ID,
                    "into": ID,
                    "merged_at": DATETIME,
                    "visit_ids": array(ID),
                    "petition_ids": array(ID),
                },
                {**_MATTER, "into_first_visit_at": nullable(DATETIME)},
            )
        },
    ),
    EventType(
        "intake.paper.issued",
        "intake",
        "A paper was issued on a case (POST /api/v1/cases/{id}/papers, or the receipt of a visit or petition): its "
        "kind, its number within the unit, kind and year (none for a receipt), never its text.",
        {
            1: record(
                {
                    "paper_id": ID,
                    "case_id": ID,
                    "kind": enum(*PAPER_KINDS),
                    "year": POSITIVE,
                    "number": nullable(POSITIVE),
                    "issued_at": DATETIME,
                    "case_kind": enum(*KINDS),
                },
                {"record_id": nullable(ID)},
            )
        },
    ),
    EventType(
        "intake.register.closed",
        "intake",
        "A ward day of the reception register (Mẫu 03) ended; sent again with a higher revision after back-dated "
        "records.",
        {
            1: record(
                {
                    "date": DATE,
                    "visits": COUNT,
                    "persons": COUNT,
                    "groups": COUNT,
                    "petitions": COUNT,
                    "by_reception": record({reception: _TALLY for reception in RECEPTIONS}),
                },
                {"revision": POSITIVE},
            )
        },
    ),
    EventType(
        "intake.enforcement.planned",
        "intake",
        "A case carries a planned enforcement (PUT /api/v1/cases/{id}/enforcement); sent again, with a higher "
        "`revision`, when its date or unit changes. In or near a special period going ahead needs the Chairman's "
        "recorded decision (plan §3: cân nhắc việc thực hiện cưỡng chế).",
        {1: _ENFORCEMENT_PLAN},
    ),
    EventType(
        "intake.enforcement.cleared",
        "intake",
        "A case's planned enforcement is no longer pending: dropped, or done.",
        {
            1: record(
                {"case_id": ID, "reason": enum(*ENFORCEMENT_CLEARANCES)},
                {
                    "planned_on": described(nullable(DATE), "the date that was planned"),
                    "revision": _REVISION,
                    "cleared_at": DATETIME,
                },
            )
        },
    ),
    EventType(
        "intake.enforcement.decided",
        "intake",
        "The Chairman's decision on a planned enforcement in or near a special period was recorded: go ahead on "
        "`planned_on`, or hold it.",
        {
            1: record(
                {
                    "case_id": ID,
                    "planned_on": described(DATE, "the planned date the decision is about"),
                    "decision": enum(*ENFORCEMENT_DECISIONS),
                    "decided_by": described(enum(*DECIDING_ROLES), "the role that recorded it (leader: Chủ tịch UBND)"),
                    "decided_at": DATETIME,
                },
                {"decision_no": described(TEXT, "the number of the written decision, if any")},
            )
        },
    ),
    EventType(
        "intake.response_plan.opened",
        "intake",
        "A handling plan (phương án xử lý) for a crowd, hotspot, over-level or complex matter was opened, linked to "
        "its alerts and cases (POST /api/v1/response-plans).",
        {
            1: record(
                {
                    "plan_id": ID,
                    "reason": enum(*RESPONSE_REASONS),
                    "alert_ids": array(ID),
                    "case_ids": array(ID),
                    "opened_at": DATETIME,
                },
                {key: _MATTER[key] for key in ("field", "subject", "area")},
            )
        },
    ),
    EventType(
        "intake.response_plan.closed",
        "intake",
        "A handling plan was closed with its outcome.",
        {
            1: record(
                {
                    "plan_id": ID,
                    "outcome": enum(*RESPONSE_OUTCOMES),
                    "alert_ids": array(ID),
                    "case_ids": array(ID),
                    "closed_at": DATETIME,
                },
                {
                    "reason": enum(*RESPONSE_REASONS),
                    "tasks": described(COUNT, "tasks the plan gave"),
                    "tasks_overdue": described(COUNT, "of which reported late or never"),
                },
            )
        },
    ),
    EventType(
        "intake.response_task.assigned",
        "intake",
        "A task of a handling plan was assigned to an agency or an officer, with its due date.",
        {1: record({**_RESPONSE_TASK, "assigned_at": DATETIME}, _RESPONSE_TASK_MORE)},
    ),
    EventType(
        "intake.response_task.reported",
        "intake",
        "The assignee reported back on a task (its notes stay in intake).",
        {
            1: record(
                {"task_id": ID, "plan_id": ID, "reported_at": DATETIME},
                {
                    "assignee_agency": _RESPONSE_TASK["assignee_agency"],
                    "due_on": DATE,
                    "completed": described(BOOLEAN, "the report says the task is done"),
                    "late": described(BOOLEAN, "reported after its due date"),
                },
            )
        },
    ),
    EventType(
        "intake.response_task.overdue",
        "intake",
        "A task's due date passed without a report back (announced once per task and due date).",
        {1: record(_RESPONSE_TASK, _RESPONSE_TASK_MORE)},
    ),
    EventType(
        "roster.calendar.changed",
        "roster",
        "A unit's working calendar was replaced; every service that counts days keeps this copy.",
        {1: _CALENDAR},
    ),
    EventType(
        "roster.roster.published",
        "roster",
        "A duty roster was published. A re-plan names the roster it `replaces`, whose status becomes `superseded` "
        "(roster statuses: " + ", ".join(ROSTER_STATUSES) + ").",
        {
            1: record(
                {
                    "roster_id": ID,
                    "period": record(_SPAN),
                    "shifts": array(record({"code": NAME, "start": HHMM, "end": HHMM})),
                    "assignments": array(_ASSIGNMENT),
                },
                {
                    "timezone": NAME,
                    "replaces": described(
                        nullable(ID), "the published roster this one supersedes (its status becomes superseded)"
                    ),
                },
            )
        },
    ),
    EventType(
        "roster.coverage.gap",
        "roster",
        "A duty slot the roster could not fill.",
        {1: record({"roster_id": ID, "date": DATE, "shift": NAME, "skill": NAME, "missing": POSITIVE})},
    ),
    EventType(
        "roster.reception.scheduled",
        "roster",
        "A leader scheduled an unscheduled reception (tiếp công dân đột xuất) in advance, with place and time: the "
        "police on duty record their security plan for it (plan §4). Sent again, with a higher `revision`, when "
        "the place or time changes.",
        {1: _RECEPTION},
    ),
    EventType(
        "roster.reception.cancelled",
        "roster",
        "A scheduled reception was called off.",
        {1: record({"reception_id": ID, "cancelled_at": DATETIME}, {"revision": _REVISION})},
    ),
    EventType(
        "roster.working_group.established",
        "roster",
        "The citizen-reception working group (Tổ công tác tiếp công dân) was established by a decision, for a "
        "period (POST /api/v1/working-groups).",
        {
            1: record(
                {
                    "group_id": ID,
                    "decision_no": NAME,
                    "decision_date": DATE,
                    "period": record(_SPAN),
                    "member_count": POSITIVE,
                },
                {"agencies": described(array(NAME), "the members' agencies, by code (VP, CA, UBKT, …)")},
            )
        },
    ),
    *(
        EventType(f"alerts.alert.{what}", "alerts", summary, {1: _ALERT})
        for what, summary in (
            ("raised", "An alert was raised."),
            ("updated", "An open alert grew (more people, visits or cases) or its severity rose."),
            ("acknowledged", "An alert was acknowledged by a receiver."),
            ("escalated", "An alert not acknowledged in time was escalated to the next receiver."),
            ("resolved", "An alert was resolved."),
        )
    ),
    EventType(
        "alerts.notify.{receiver}",
        "alerts",
        "A notice to one receiver (police, party inspection, front, …) about an alert: the alert, why it is told "
        "and who is on duty. An agency binds its own queue to its key.",
        {
            1: record(
                {
                    "receiver": NAME,
                    "reason": enum(*NOTICE_REASONS),
                    "sent_at": DATETIME,
                    "addressees": array(_ADDRESSEE),
                    "alert": _ALERT,
                }
            )
        },
        parameters={"receiver": "the receiver's name in the alert rules (e.g. police, party_inspection)"},
    ),
    EventType(
        "reports.report.generated",
        "reports",
        "A report snapshot was generated (its files are at /api/v1/reports/{report_id}).",
        {
            1: record(
                {
                    "report_id": ID,
                    "template": enum(*REPORT_TEMPLATES),
                    "period": record(
                        _SPAN,
                        {"kind": enum(*REPORT_PERIOD_KINDS), "year": {"type": "integer"}, "n": POSITIVE},
                    ),
                },
                {
                    "cut_off": DATETIME,
                    "units": described(nullable(array(NAME)), "the units covered; null for every unit"),
                },
            )
        },
    ),
    EventType(
        "province.report",
        "province",
        "The province reports the ward's citizens at the province or in Hà Nội (vượt cấp): the body of "
        "POST /api/v1/inbound-reports, not an envelope. Without `id`, the body's digest identifies it.",
        {
            1: record(
                {
                    "reported_at": DATETIME,
                    "place": NAME,
                    "level": enum(*INBOUND_LEVELS),
                    "headcount": POSITIVE,
                    "area": NAME,
                    "field": NAME,
                    "subject": NAME,
                },
                {
                    "id": described(NAME, "the message id (deduplication)"),
                    "unit": described(nullable(NAME), "the ward; the deployment's default without it"),
                    "summary": described(nullable(TEXT), "read, never kept"),
                },
            )
        },
        exchange="tiepdan.inbound",
        enveloped=False,
    ),
)

#: Keys that would carry a citizen's identity: never allowed anywhere inside an event's data.
PERSONAL_KEYS = frozenset(
    {
        "full_name",
        "name_of_citizen",
        "citizen_name",
        "id_number",
        "phone",
        "address",
        "citizens",
        "signers_list",
        "denouncer",
        "email",
    }
)

#: The envelope every enveloped message is: what it says about its `data`, fixed for every type.
ENVELOPE: Schema = record(
    {
        "id": described(UUID, "the message id: consumers apply each id once"),
        "type": described(NAME, "the routing key"),
        "version": POSITIVE,
        "unit": described(NAME, "the ward the event belongs to (its code)"),
        "occurred_at": DATETIME,
        "source": described(NAME, "the publishing service"),
        "correlation_id": described(NAME, "carried from the request or event that caused it"),
        "data": {"type": "object"},
    }
)


class ContractError(ValueError):
    """An event that does not match the catalogue."""


def event_type(name: str) -> EventType | None:
    """The catalogue entry of a routing key (a parametrised one such as `alerts.notify.police` included)."""
    found = EVENT_TYPES.get(name)
    if found is not None:
        return found
    return next((t for t in EVENT_TYPES.values() if t.pattern is not None and t.pattern.match(name)), None)


_SCALARS = (str, int, float, type(None))  # bool is an int; checked by exact types, cheaper than the ABCs


def _personal_keys_in(value: Any, path: str = "data") -> list[str]:
    found: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in PERSONAL_KEYS:
                found.append(f"{path}.{key}")
            if not isinstance(item, _SCALARS):
                found.extend(_personal_keys_in(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, _SCALARS):
                found.extend(_personal_keys_in(item, f"{path}[{index}]"))
    return found


def check_event(name: str, version: int, data: Mapping[str, Any]) -> None:
    """Raise ContractError when the type/version is unknown, a required field is missing or personal data leaks.

    The cheap part of the contract, run on every event published and received; `schema_errors` is the rest."""
    entry = event_type(name)
    if entry is None:
        raise ContractError(f"unknown event type {name!r}")
    if version not in entry.versions:
        raise ContractError(f"unknown version {version} of {name!r}")
    if not isinstance(data, Mapping):
        raise ContractError("event data must be an object")
    missing = sorted(entry.required(version) - set(data))
    if missing:
        raise ContractError(f"{name} v{version} lacks {', '.join(missing)}")
    leaks = _personal_keys_in(data)
    if leaks:
        raise ContractError(f"{name} carries personal data at {', '.join(leaks)}")


# -- the full schema ---------------------------------------------------------------------------------------------------

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    """RFC 3339: a time with its offset (a naive time's day would be a guess)."""
    if not isinstance(value, str):
        return True
    return bool(_RFC3339.match(value)) and bool(datetime.fromisoformat(value.upper()))


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_ISO_DATE.match(value)) and bool(date.fromisoformat(value))


@FORMATS.checks("uuid", raises=ValueError)
def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return str(uuid.UUID(value)) == value.lower()


def message_schema(entry: EventType, version: int) -> Schema:
    """The whole message body of one version: the envelope around the data schema, or the data schema alone."""
    data = entry.versions[version]
    if not entry.enveloped:
        return data
    routing = {"const": entry.name} if entry.pattern is None else {"pattern": entry.pattern.pattern}
    properties = {
        **ENVELOPE["properties"],
        "type": {**NAME, **routing},
        "version": {"const": version},
        "source": described(NAME, f"the publishing service ({entry.publisher})"),
        "data": data,
    }
    return {**ENVELOPE, "properties": properties}


@cache
def _validator(name: str, version: int) -> Draft7Validator:
    entry = EVENT_TYPES[name]
    return Draft7Validator(message_schema(entry, version), format_checker=FORMATS)


def schema_errors(message: Mapping[str, Any], name: str | None = None) -> list[str]:
    """What in a message body (as parsed from its JSON) breaks its schema: `path: reason` each, [] when none.

    `name` is the routing key of a message that is not an envelope (`province.report`)."""
    key = name if name is not None else message.get("type")
    entry = event_type(key) if isinstance(key, str) else None
    if entry is None:
        return [f"type: unknown event type {key!r}"]
    version = message.get("version", 1) if entry.enveloped else 1
    if version not in entry.versions:
        return [f"version: unknown version {version!r} of {entry.name!r}"]
    errors = _validator(entry.name, version).iter_errors(message)
    return sorted(f"{'.'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}" for error in errors)
