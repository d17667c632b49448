"""Request and response schemas of the intake API (field names: docs/contract.md), with Vietnamese messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import Schema, fields, post_load, pre_dump, validate

from tiepdan.intake.adapters.orm import PetitionRow, VisitRow
from tiepdan.intake.domain.access import CaseView
from tiepdan.intake.domain.cases import Action, Case, HistoryEntry, Status
from tiepdan.intake.domain.deadlines import DEFAULT_RULES
from tiepdan.intake.domain.enforcement import Clearance, EnforcementStatus, Verdict
from tiepdan.intake.domain.outreach import TOPIC_LABELS, GroupPlace, Outreach, Topic
from tiepdan.intake.domain.outreach import Outcome as OutreachOutcome
from tiepdan.intake.domain.papers import ISSUABLE, format_code
from tiepdan.intake.domain.refusal import RefusalReason
from tiepdan.intake.domain.response_plans import Outcome, PlanStatus, Reason
from tiepdan.intake.domain.vocabulary import Channel, Field, IdType, Kind, Reception
from tiepdan.intake.service.enforcement import EnforcementAnswer
from tiepdan.intake.service.registration import PetitionRegistered, Receipt, VisitRegistered
from tiepdan.intake.service.views import CaseFile, CaseShown, RecordShown
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.openapi import NOT_BLANK, JsonBoolean
from tiepdan.kit.pagination import PageArgs

WARD_TZ = ZoneInfo(WorkingCalendar().timezone)


def _one_of(values: list[str], name: str) -> validate.OneOf:
    return validate.OneOf(values, error=f"{name} phải là một trong: {', '.join(values)}.")


def _text(max_length: int, required: bool = False, min_length: int = 0) -> fields.String:
    check = validate.Length(min=min_length, max=max_length, error=f"Độ dài từ {min_length} đến {max_length} ký tự.")
    if required:
        return fields.String(required=True, validate=check)
    return fields.String(load_default=None, allow_none=True, validate=check)


#: Larger counts are not a ward's (and would not fit the database's integers).
MAX_PEOPLE = 100_000
KINDS = [k.value for k in Kind]
FIELDS = [f.value for f in Field]
RECEPTIONS = [r.value for r in Reception]
CHANNELS = [c.value for c in Channel]
STATUSES = [s.value for s in Status]
ACTIONS = [a.value for a in Action]


#: What the phone check accepts once spaces, dots and dashes are dropped: 0 or +84, then 9 digits.
PHONE = r"^[\s.\-]*(0|\+[\s.\-]*8[\s.\-]*4)([\s.\-]*\d){9}[\s.\-]*$"


class CitizenIn(Schema):
    full_name = _text(200, required=True, min_length=1)
    id_number = _text(30)
    id_type = fields.String(load_default=None, allow_none=True, validate=_one_of([t.value for t in IdType], "id_type"))
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=[
            validate.Length(max=20, error="Độ dài từ 0 đến 20 ký tự."),
            validate.Regexp(PHONE, error="Số điện thoại phải gồm 10 chữ số bắt đầu bằng 0, hoặc +84 và 9 chữ số."),
        ],
    )
    address = _text(300)
    representative = JsonBoolean(load_default=False)


class CitizenOut(Schema):
    full_name = fields.String()
    id_number = fields.String(allow_none=True)
    id_type = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    representative = fields.Boolean()


class ObstacleIn(Schema):
    """Force majeure or another objective obstacle to filing: its days are not counted (Luật Khiếu nại, Điều 9)."""

    start = fields.Date(required=True, data_key="from")
    end = fields.Date(required=True, data_key="to")
    reason = _text(1000, required=True, min_length=1)


class ContentIn(Schema):
    kind = fields.String(required=True, validate=_one_of(KINDS, "kind"))
    field = fields.String(required=True, validate=_one_of(FIELDS, "field"))
    subject = _text(300, required=True, min_length=1)
    #: Required: hotspot alerts group by field + subject + area.
    area = _text(200, required=True, min_length=1)
    summary = fields.String(load_default="", validate=validate.Length(max=5000, error="Tối đa 5000 ký tự."))
    party_related = JsonBoolean(load_default=False)
    case_id = fields.String(load_default=None, allow_none=True)
    complaint_round = fields.Integer(
        load_default=1, validate=validate.Range(min=1, max=2, error="Lần khiếu nại chỉ có thể là 1 hoặc 2.")
    )
    several_places = JsonBoolean(load_default=False)
    paper_file_ref = _text(100)
    #: The day the filing limit counts from: knowing the decision or act (first complaint, Luật Khiếu nại Điều 9),
    #: receiving the first decision (second complaint, Điều 33), the voter list's posting (Luật Bầu cử Điều 33).
    known_on = fields.Date(load_default=None, allow_none=True)
    filing_obstacle = fields.Nested(ObstacleIn, load_default=None, allow_none=True)
    voter_list = JsonBoolean(load_default=False)
    #: About a candidate in an election (Luật Bầu cử 2015, Điều 61: held in the last 10 days before election day).
    about_candidate = JsonBoolean(load_default=False)
    #: A denunciation about Party-congress personnel: concluded before the congress.
    congress_personnel = JsonBoolean(load_default=False)


class RefusalIn(Schema):
    reason_code = fields.String(required=True, validate=_one_of([r.value for r in RefusalReason], "reason_code"))
    notice_no = _text(100)


class VisitIn(ContentIn):
    received_at = fields.AwareDateTime(
        load_default=None, allow_none=True, error_messages={"invalid_awareness": "Phải có múi giờ, ví dụ +07:00."}
    )
    reception = fields.String(required=True, validate=_one_of(RECEPTIONS, "reception"))
    host_name = _text(200)
    headcount = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_PEOPLE, error="Số người từ {min} đến {max}."),
    )
    citizens = fields.List(fields.Nested(CitizenIn), load_default=list)
    handled_by = _text(300)
    notes = _text(2000)
    refusal = fields.Nested(RefusalIn, load_default=None, allow_none=True)


class PetitionIn(ContentIn):
    channel = fields.String(required=True, validate=_one_of(CHANNELS, "channel"))
    received_on = fields.Date(load_default=None, allow_none=True)
    sender_agency = _text(300)
    signers = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=MAX_PEOPLE))
    citizens = fields.List(fields.Nested(CitizenIn), load_default=list)
    signed = JsonBoolean(load_default=True)
    dated = JsonBoolean(load_default=True)
    in_vietnamese = JsonBoolean(load_default=True)
    competent = JsonBoolean(load_default=None, allow_none=True)


class SuspensionOut(Schema):
    from_ = fields.String(data_key="from")
    to = fields.String()


class DeadlineOut(Schema):
    date = fields.String()
    rule = fields.String()
    rule_code = fields.String()
    day_type = fields.String()
    other_day_type_date = fields.String()
    provisional = fields.Boolean(metadata={"description": "the period runs into a year whose days off are unknown"})
    provisional_reason = fields.String()
    counted_from = fields.String()
    extended_by = fields.List(fields.String())
    suspensions = fields.List(fields.Nested(SuspensionOut))


class ObstacleOut(Schema):
    start = fields.String(attribute="from", data_key="from")
    end = fields.String(attribute="to", data_key="to")
    reason = fields.String()
    days = fields.Integer()


class FilingOut(Schema):
    counted_from = fields.String()
    file_by = fields.Nested(DeadlineOut)
    late = fields.Boolean()
    obstacle = fields.Nested(ObstacleOut, allow_none=True)
    basis = fields.String(allow_none=True)


class ElectionHoldOut(Schema):
    election_day = fields.String()
    cutoff_from = fields.String()
    forward_after = fields.String()
    basis = fields.String()


class RefusalOut(Schema):
    reason_code = fields.String()
    notice_no = fields.String(allow_none=True)


class ReceiptOut(Schema):
    code = fields.String(metadata={"description": "mã tra cứu in trên giấy biên nhận, ví dụ 7K3M-9QXD-2HTB-W4RN"})
    paper_id = fields.String(metadata={"description": "GET /api/v1/papers/{paper_id}/file.pdf"})


def _case_answer(case: Case, case_is_new: bool, receipt: Receipt) -> dict[str, Any]:
    """What every registration answers of its case: what the clerk must know at once (a late complaint is not
    accepted, a held one waits for the election), and the receipt to print."""
    return {
        "case_id": case.id,
        "case_is_new": case_is_new,
        "case_status": case.status.value,
        "deadlines": {name: d.to_dict() for name, d in case.deadlines.items()},
        "filing": case.filing.to_dict() if case.filing else None,
        "election_hold": case.election_hold.to_dict() if case.election_hold else None,
        "receipt": {"code": format_code(receipt.code), "paper_id": receipt.paper_id},
    }


class VisitCreated(Schema):
    @pre_dump
    def _from_result(self, result: VisitRegistered, **_kwargs: Any) -> dict[str, Any]:
        visit = result.visit
        return {
            "id": visit.id,
            "repeat": visit.repeat,
            "received_at": visit.received_at.isoformat(),
            "reception": visit.reception,
            "headcount": visit.headcount,
            "is_group": visit.is_group,
            "host_name": visit.host_name,
            "reply_due": visit.reply_due.date.isoformat() if visit.reply_due else None,
            "reply_due_rule": visit.reply_due.to_dict() if visit.reply_due else None,
            "refusal": visit.refusal.to_dict() if visit.refusal else None,
            "identity_stored": visit.identity_stored,
            **_case_answer(result.case, result.case_is_new, result.receipt),
        }

    id = fields.String()
    case_id = fields.String()
    case_is_new = fields.Boolean()
    case_status = fields.String()
    repeat = fields.Boolean()
    received_at = fields.String()
    reception = fields.String()
    headcount = fields.Integer()
    is_group = fields.Boolean()
    host_name = fields.String(allow_none=True)
    reply_due = fields.String(allow_none=True)
    reply_due_rule = fields.Nested(DeadlineOut, allow_none=True)
    refusal = fields.Nested(RefusalOut, allow_none=True)
    identity_stored = fields.Boolean()
    deadlines = fields.Dict(keys=fields.String(), values=fields.Nested(DeadlineOut))
    filing = fields.Nested(FilingOut, allow_none=True)
    election_hold = fields.Nested(ElectionHoldOut, allow_none=True)
    receipt = fields.Nested(ReceiptOut)


class PetitionCreated(Schema):
    @pre_dump
    def _from_result(self, result: PetitionRegistered, **_kwargs: Any) -> dict[str, Any]:
        petition = result.petition
        return {
            "id": petition.id,
            "repeat": petition.repeat,
            "received_on": petition.received_on.isoformat(),
            "signers": petition.signers,
            "eligible": petition.eligible,
            "ineligible_reasons": list(petition.ineligible_reasons),
            "processable": petition.processable,
            "process_by": petition.process_by.date.isoformat(),
            "process_by_rule": petition.process_by.to_dict(),
            "identity_stored": petition.identity_stored,
            **_case_answer(result.case, result.case_is_new, result.receipt),
        }

    id = fields.String()
    case_id = fields.String()
    case_is_new = fields.Boolean()
    case_status = fields.String()
    repeat = fields.Boolean()
    received_on = fields.String()
    signers = fields.Integer()
    eligible = fields.Boolean()
    ineligible_reasons = fields.List(fields.String())
    processable = fields.Boolean()
    process_by = fields.String()
    process_by_rule = fields.Nested(DeadlineOut)
    identity_stored = fields.Boolean()
    deadlines = fields.Dict(keys=fields.String(), values=fields.Nested(DeadlineOut))
    filing = fields.Nested(FilingOut, allow_none=True)
    election_hold = fields.Nested(ElectionHoldOut, allow_none=True)
    receipt = fields.Nested(ReceiptOut)


def _ward_time(moment: datetime) -> str:
    """Times read back in the ward's offset (+07:00), as they were entered."""
    return moment.astimezone(WARD_TZ).isoformat()


def _visit(row: VisitRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "case_id": row.case_id,
        "received_at": _ward_time(row.received_at),
        "received_on": row.received_on.isoformat(),
        "reception": row.reception,
        "host_name": row.host_name,
        "headcount": row.headcount,
        "is_group": row.is_group,
        "repeat": row.repeat,
        "kind": row.kind,
        "field": row.field,
        "subject": row.subject,
        "area": row.area,
        "summary": row.summary,
        "party_related": row.party_related,
        "handled_by": row.handled_by,
        "notes": row.notes,
        "refusal": {"reason_code": row.refusal_code, "notice_no": row.refusal_notice_no} if row.refusal_code else None,
        "paper_file_ref": row.paper_file_ref,
        "identity_stored": row.identity_stored,
        "reply_due": (row.reply_due or {}).get("date"),
    }


def _petition(row: PetitionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "case_id": row.case_id,
        "channel": row.channel,
        "received_on": row.received_on.isoformat(),
        "sender_agency": row.sender_agency,
        "signers": row.signers,
        "kind": row.kind,
        "field": row.field,
        "subject": row.subject,
        "area": row.area,
        "summary": row.summary,
        "party_related": row.party_related,
        "repeat": row.repeat,
        "eligible": row.eligible,
        "ineligible_reasons": row.ineligible_reasons,
        "processable": row.processable,
        "process_by": row.process_by["date"],
        "paper_file_ref": row.paper_file_ref,
        "identity_stored": row.identity_stored,
    }


def _case(shown: CaseShown) -> dict[str, Any]:
    """The case as its reader is shown it; in outline only field, subject and area (the other keys absent)."""
    case = shown.case
    if shown.view is CaseView.OUTLINE:
        return {"id": case.id, "field": case.field, "subject": case.subject, "area": case.area}
    out: dict[str, Any] = {
        "id": case.id,
        "kind": case.kind.value,
        "field": case.field,
        "subject": case.subject,
        "area": case.area,
        "party_related": case.party_related,
        "status": case.status.value,
        "outcome": case.outcome,
        "complaint_round": case.complaint_round,
        "complex": case.complex,
        "competent": case.competent,
        "eligible": case.eligible,
        "processable": case.processable,
        "extensions": case.extensions,
        "received_on": case.received_on.isoformat(),
        "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
        "to_agency": case.to_agency,
        "decision_no": case.decision_no,
        "refusal": case.refusal.to_dict() if case.refusal else None,
        "visit_count": case.visit_count,
        "petition_count": case.petition_count,
        "first_visit_at": _ward_time(case.first_visit_at) if case.first_visit_at else None,
        "merged_into": case.merged_into,
        "opened_at": _ward_time(case.opened_at),
        "overdue": bool(case.overdue_deadlines(shown.today)),
        "deadlines": {name: d.to_dict() for name, d in case.deadlines.items()},
        "running_deadlines": [d.name for d in case.watched_deadlines()],
        "filing": case.filing.to_dict() if case.filing else None,
        "filing_late": case.filing_late,
        "voter_list": case.voter_list,
        "about_candidate": case.about_candidate,
        "election_hold": case.election_hold.to_dict() if case.election_hold else None,
        "congress_personnel": case.congress_personnel,
        "false_name": case.false_name_reason is not None,
        "false_name_reason": case.false_name_reason,
        "complainants": case.complainants,
        "withdrawn_persons": case.withdrawn_persons,
    }
    for name in ("process_by", "reply_due", "resolve_by"):
        deadline = case.deadlines.get(name)
        out[name] = deadline.date.isoformat() if deadline else None
    return out


class RecordOut(Schema):
    id = fields.String()
    case_id = fields.String()
    kind = fields.String()
    field = fields.String()
    subject = fields.String()
    area = fields.String()
    summary = fields.String()
    party_related = fields.Boolean()
    repeat = fields.Boolean()
    paper_file_ref = fields.String(allow_none=True)
    identity_stored = fields.Boolean()
    citizens = fields.List(fields.Nested(CitizenOut))


class VisitOut(RecordOut):
    @pre_dump
    def _from_result(self, shown: RecordShown, **_kwargs: Any) -> dict[str, Any]:
        assert isinstance(shown.record, VisitRow)
        return _visit(shown.record) | {"citizens": shown.citizens}

    received_at = fields.String()
    received_on = fields.String()
    reception = fields.String()
    host_name = fields.String(allow_none=True)
    headcount = fields.Integer()
    is_group = fields.Boolean()
    handled_by = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)
    refusal = fields.Nested(RefusalOut, allow_none=True)
    reply_due = fields.String(allow_none=True)


class PetitionOut(RecordOut):
    @pre_dump
    def _from_result(self, shown: RecordShown, **_kwargs: Any) -> dict[str, Any]:
        assert isinstance(shown.record, PetitionRow)
        return _petition(shown.record) | {"citizens": shown.citizens}

    channel = fields.String()
    received_on = fields.String()
    sender_agency = fields.String(allow_none=True)
    signers = fields.Integer()
    eligible = fields.Boolean()
    ineligible_reasons = fields.List(fields.String())
    processable = fields.Boolean()
    process_by = fields.String()


class HistoryOut(Schema):
    @pre_dump
    def _from_entry(self, entry: HistoryEntry, **_kwargs: Any) -> dict[str, Any]:
        return {
            "at": _ward_time(entry.at),
            "actor": entry.actor,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "from_status": entry.from_status,
            "to_status": entry.to_status,
            "reason": entry.reason,
            "details": entry.details,
        }

    at = fields.String()
    actor = fields.String()
    actor_name = fields.String()
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    reason = fields.String(allow_none=True)
    details = fields.Dict()


class CaseOut(Schema):
    """The police see only id, field, subject and area; the other keys are then absent."""

    @pre_dump
    def _from_result(self, shown: CaseShown, **_kwargs: Any) -> dict[str, Any]:
        if shown.view is CaseView.OUTLINE:
            return _case(shown)
        return _case(shown) | {"officer": shown.officer}

    id = fields.String()
    kind = fields.String()
    field = fields.String()
    subject = fields.String()
    area = fields.String()
    party_related = fields.Boolean()
    status = fields.String()
    outcome = fields.String(allow_none=True)
    complaint_round = fields.Integer()
    complex = fields.Boolean()
    competent = fields.Boolean(allow_none=True)
    eligible = fields.Boolean()
    processable = fields.Boolean()
    extensions = fields.Integer()
    received_on = fields.String()
    accepted_on = fields.String(allow_none=True)
    to_agency = fields.String(allow_none=True)
    decision_no = fields.String(allow_none=True)
    refusal = fields.Nested(RefusalOut, allow_none=True)
    visit_count = fields.Integer()
    petition_count = fields.Integer()
    first_visit_at = fields.String(allow_none=True)
    merged_into = fields.String(allow_none=True)
    opened_at = fields.String()
    overdue = fields.Boolean()
    process_by = fields.String(allow_none=True)
    reply_due = fields.String(allow_none=True)
    resolve_by = fields.String(allow_none=True)
    deadlines = fields.Dict(keys=fields.String(), values=fields.Nested(DeadlineOut))
    filing = fields.Nested(FilingOut, allow_none=True)
    filing_late = fields.Boolean()
    voter_list = fields.Boolean()
    about_candidate = fields.Boolean()
    election_hold = fields.Nested(ElectionHoldOut, allow_none=True)
    congress_personnel = fields.Boolean()
    false_name = fields.Boolean()
    false_name_reason = fields.String(allow_none=True)
    complainants = fields.Integer()
    withdrawn_persons = fields.Integer()
    running_deadlines = fields.List(
        fields.String(), metadata={"description": "the names of the deadlines still running in the case's status"}
    )
    officer = fields.String(
        allow_none=True, metadata={"description": "lists only: who last acted on the case (its latest history entry)"}
    )


class CaseDetailOut(CaseOut):
    @pre_dump
    def _from_result(self, file: CaseFile, **_kwargs: Any) -> dict[str, Any]:
        if file.view is CaseView.OUTLINE:
            return _case(file)
        return _case(file) | {
            "actions": [action.value for action in file.actions],
            "identity_redacted": file.view is CaseView.REDACTED,
            "visits": file.visits,
            "petitions": file.petitions,
            "history": file.history,
        }

    actions = fields.List(
        fields.String(),
        metadata={
            "description": "the actions the caller may take on the case now (its state, the legal bars, the "
            "caller's roles); any other is refused"
        },
    )
    identity_redacted = fields.Boolean()
    visits = fields.List(fields.Nested(VisitOut))
    petitions = fields.List(fields.Nested(PetitionOut))
    history = fields.List(fields.Nested(HistoryOut))


class CasePage(Schema):
    items = fields.List(fields.Nested(CaseOut))
    next_cursor = fields.String(allow_none=True)


class VisitPage(Schema):
    items = fields.List(fields.Nested(VisitOut))
    next_cursor = fields.String(allow_none=True)


class PetitionPage(Schema):
    items = fields.List(fields.Nested(PetitionOut))
    next_cursor = fields.String(allow_none=True)


def _day(name: str, meaning: str) -> fields.Date:
    return fields.Date(
        load_default=None,
        error_messages={"invalid": f"Ngày ({name}) phải có dạng YYYY-MM-DD và là ngày có thật."},
        metadata={"description": f"{meaning}, YYYY-MM-DD"},
    )


#: As many cases as a page lists at once (`PageArgs.limit`'s default): a page naming cases reads them in one request.
MAX_CASE_IDS = 100


class CaseArgs(Schema):
    """The filters of a case list and of its counts."""

    ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        data_key="id",
        load_default=None,
        validate=validate.Length(max=MAX_CASE_IDS, error=f"Tối đa {MAX_CASE_IDS} mã vụ việc."),
        metadata={"description": f"only these cases (repeat `id`, at most {MAX_CASE_IDS}); an unknown id is no case"},
    )
    kind = fields.String(load_default=None, validate=_one_of(KINDS, "kind"))
    field = fields.String(load_default=None, validate=_one_of(FIELDS, "field"))
    area = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=_one_of(STATUSES, "status"))
    overdue = fields.Boolean(load_default=None)
    #: Matters about candidates held in the election cut-off (true) or not (false).
    election_hold = fields.Boolean(load_default=None)
    filing_late = fields.Boolean(load_default=None)
    #: A citizen's name (accents and case do not matter, every word must match), ID number or phone number.
    citizen = fields.String(
        load_default=None, validate=validate.Length(min=1, max=200, error="Độ dài từ 1 đến 200 ký tự.")
    )
    group = fields.Boolean(
        load_default=None, metadata={"description": "brought by a group: at least the group threshold of people"}
    )
    complex = fields.Boolean(load_default=None)
    received_from = _day("received_from", "received on or after")
    received_to = _day("received_to", "received on or before")
    due_from = _day("due_from", "the earliest running deadline on or after")
    due_to = _day("due_to", "the earliest running deadline on or before")

    @post_load
    def _ids_as_tuple(self, args: dict[str, Any], **_: Any) -> dict[str, Any]:
        if args.get("ids") is not None:
            args["ids"] = tuple(args["ids"])
        return args


class CaseListArgs(CaseArgs, PageArgs):
    sort = fields.String(
        load_default="newest",
        validate=_one_of(["newest", "due"], "sort"),
        metadata={"description": "`newest` first, or `due`: soonest earliest running deadline first (open cases)"},
    )


class CaseCountArgs(CaseArgs):
    by = fields.List(
        fields.String(validate=_one_of(["kind", "field", "status", "officer", "due"], "by")),
        load_default=list,
        metadata={"description": "group the count by these (repeat `by`); `due` is overdue, today or later"},
    )


class CaseCountGroup(Schema):
    kind = fields.String()
    field = fields.String()
    status = fields.String()
    officer = fields.String(allow_none=True)
    due = fields.String(allow_none=True)
    count = fields.Integer()


class CaseCounts(Schema):
    total = fields.Integer()
    groups = fields.List(fields.Nested(CaseCountGroup))


class RecordArgs(PageArgs):
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    kind = fields.String(load_default=None, validate=_one_of(KINDS, "kind"))
    field = fields.String(load_default=None, validate=_one_of(FIELDS, "field"))
    area = fields.String(load_default=None)
    case_id = fields.String(load_default=None)


class VisitArgs(RecordArgs):
    reception = fields.String(load_default=None, validate=_one_of(RECEPTIONS, "reception"))


class PetitionArgs(RecordArgs):
    channel = fields.String(load_default=None, validate=_one_of(CHANNELS, "channel"))
    eligible = fields.Boolean(load_default=None)


class ActionIn(Schema):
    action = fields.String(required=True, validate=_one_of(ACTIONS, "action"))
    reason = _text(2000)
    to_agency = _text(300)
    decision_no = _text(100)
    complex = JsonBoolean(load_default=None, allow_none=True)
    reason_code = fields.String(load_default=None, allow_none=True)
    notice_no = _text(100)
    #: `withdraw` by some of a group (Luật Khiếu nại Điều 10, Luật Tố cáo Điều 33): how many withdraw.
    persons = fields.Integer(load_default=None, allow_none=True)


class RegisterOut(Schema):
    from_ = fields.String(data_key="from", attribute="from")
    to = fields.String()
    columns = fields.List(fields.Dict(), metadata={"description": "each column: key and heading (Mẫu 03)"})
    rows = fields.List(fields.Dict(), metadata={"description": "one per visit, keyed by the columns' keys"})


class RegisterArgs(Schema):
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    format = fields.String(load_default="json", validate=_one_of(["json", "csv", "xlsx", "pdf"], "format"))


class DeadlineArgs(Schema):
    rule = fields.String(
        required=True,
        validate=_one_of(sorted(DEFAULT_RULES), "rule"),
        metadata={"description": "mã quy tắc thời hạn, ví dụ visit_reply"},
    )
    from_ = fields.Date(
        required=True,
        data_key="from",
        error_messages={"invalid": "Ngày bắt đầu (from) phải có dạng YYYY-MM-DD và là ngày có thật."},
        metadata={"description": "ngày bắt đầu, YYYY-MM-DD"},
    )


class DeadlineCalculated(Schema):
    rule_code = fields.String()
    from_ = fields.String(data_key="from")
    days = fields.Integer()
    date = fields.String()
    day_type = fields.String()
    basis = fields.String()
    provisional = fields.Boolean()
    provisional_reason = fields.String()
    other_day_type_date = fields.String()


#: Above any crowd a ward receives; keeps a corrected count inside the database's integer.
MAX_PEOPLE = 100_000


def _patch_text(max_length: int, min_length: int = 0, allow_none: bool = False) -> fields.String:
    """A correctable text: absent means unchanged (no default is loaded)."""
    check = validate.Length(min=min_length, max=max_length, error=f"Độ dài từ {min_length} đến {max_length} ký tự.")
    return fields.String(allow_none=allow_none, validate=check)


class CorrectionIn(Schema):
    """Only the fields sent are corrected; `citizens`, when sent, lists the record's citizens anew."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000, error="Lý do từ 1 đến 2000 ký tự."))
    kind = fields.String(validate=_one_of(KINDS, "kind"))
    field = fields.String(validate=_one_of(FIELDS, "field"))
    subject = _patch_text(300, min_length=1)
    area = _patch_text(200, min_length=1)
    summary = _patch_text(5000)
    party_related = JsonBoolean()
    citizens = fields.List(fields.Nested(CitizenIn))


class VisitCorrectionIn(CorrectionIn):
    reception = fields.String(validate=_one_of(RECEPTIONS, "reception"))
    headcount = fields.Integer(validate=validate.Range(max=MAX_PEOPLE, error=f"Tối đa {MAX_PEOPLE} người."))
    host_name = _patch_text(200, allow_none=True)
    handled_by = _patch_text(300, allow_none=True)
    notes = _patch_text(2000, allow_none=True)


class PetitionCorrectionIn(CorrectionIn):
    channel = fields.String(validate=_one_of(CHANNELS, "channel"))
    sender_agency = _patch_text(300, allow_none=True)
    signers = fields.Integer(
        validate=validate.Range(min=0, max=MAX_PEOPLE, error=f"Số người ký từ 0 đến {MAX_PEOPLE}.")
    )


class MergeIn(Schema):
    into = fields.String(required=True, validate=validate.Length(min=1, max=36, error="Mã vụ việc không hợp lệ."))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000, error="Lý do từ 1 đến 2000 ký tự."))


PAPER_KINDS = list(ISSUABLE)


class PaperIn(Schema):
    """`kind` is checked by the service (400 naming it), so a wrong kind is told apart from a malformed body."""

    kind = fields.String(required=True, metadata={"enum": PAPER_KINDS})


class PaperOut(Schema):
    id = fields.String()
    case_id = fields.String()
    kind = fields.String(metadata={"enum": ["receipt", *PAPER_KINDS]})
    number = fields.Integer(allow_none=True, metadata={"description": "per unit, kind and year; none on a receipt"})
    symbol = fields.String(allow_none=True, metadata={"description": "số và ký hiệu, ví dụ 12/TB-UBND"})
    code = fields.String(allow_none=True, metadata={"description": "a receipt's lookup code"})
    issued_at = fields.String()
    issued_by = fields.String()
    sha256 = fields.String(
        allow_none=True, metadata={"description": "of the file copy's PDF; a receipt's once it was first printed"}
    )
    file = fields.String(metadata={"description": "the PDF as issued"})
    has_addressee_copy = fields.Boolean(
        metadata={"description": "a denouncer's own copy exists (?copy=addressee, leader or Party inspection)"}
    )


class PaperList(Schema):
    items = fields.List(fields.Nested(PaperOut))


class PaperFileArgs(Schema):
    copy = fields.String(load_default="file", validate=_one_of(["file", "addressee"], "copy"))


class LookupOut(Schema):
    code = fields.String()
    kind = fields.String(metadata={"enum": KINDS})
    kind_label = fields.String()
    field = fields.String()
    field_label = fields.String()
    status = fields.String()
    status_label = fields.String()
    next_step = fields.String()
    due_date = fields.String(allow_none=True, metadata={"description": "YYYY-MM-DD, the next deadline owed"})
    received_on = fields.String()


# -- coordination (issue 19): a case's planned enforcement, outreach ---------------------------------------------------


def _span_day(name: str, meaning: str) -> fields.Date:
    return fields.Date(
        load_default=None,
        data_key=name,
        error_messages={"invalid": f"Ngày ({name}) phải có dạng YYYY-MM-DD và là ngày có thật."},
        metadata={"description": f"{meaning}, YYYY-MM-DD"},
    )


class EnforcementIn(Schema):
    planned_on = fields.Date(
        required=True,
        error_messages={"invalid": "Ngày (planned_on) phải có dạng YYYY-MM-DD và là ngày có thật."},
        metadata={"description": "the day it is planned for, YYYY-MM-DD: today or later"},
    )
    enforcing_unit = _text(200, required=True, min_length=1)
    measure = _text(500, required=True, min_length=1)
    note = _text(2000)


class EnforcementClearArgs(Schema):
    reason = fields.String(
        load_default=Clearance.DROPPED.value,
        validate=_one_of([c.value for c in Clearance], "reason"),
        metadata={"description": "`dropped` (no longer planned) or `done` (carried out)"},
    )


class DecisionIn(Schema):
    decision = fields.String(required=True, validate=_one_of([v.value for v in Verdict], "decision"))
    decision_no = _text(100, required=True, min_length=1)
    note = _text(2000)


class SpecialPeriodOut(Schema):
    name = fields.String()
    from_ = fields.String(data_key="from", attribute="from")
    to = fields.String()
    level = fields.String()
    inside = fields.Boolean(metadata={"description": "the date falls in it (false: within 7 days of it)"})


class DecisionOut(Schema):
    planned_on = fields.String(metadata={"description": "the date decided on"})
    decision = fields.String(metadata={"enum": [v.value for v in Verdict]})
    decision_no = fields.String()
    note = fields.String(allow_none=True)
    decided_at = fields.String()
    decided_by = fields.String()


class EnforcementOut(Schema):
    case_id = fields.String()
    planned_on = fields.String()
    enforcing_unit = fields.String()
    measure = fields.String()
    note = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": [s.value for s in EnforcementStatus]})
    revision = fields.Integer()
    planned_at = fields.String()
    planned_by = fields.String()
    previous_planned_on = fields.String(allow_none=True)
    cleared_reason = fields.String(allow_none=True)
    cleared_at = fields.String(allow_none=True)
    needs_decision = fields.Boolean(
        metadata={"description": "the date is in a special period or within 7 days of one (plan §3)"}
    )
    awaiting_decision = fields.Boolean(metadata={"description": "needs the decision and none on this date yet"})
    special_period = fields.Nested(SpecialPeriodOut, allow_none=True)
    decision = fields.Nested(DecisionOut, allow_none=True)

    @pre_dump
    def _from_answer(self, answer: EnforcementAnswer, **_: Any) -> dict[str, Any]:
        e, near = answer.enforcement, answer.near
        return {
            "case_id": e.case_id,
            "planned_on": e.planned_on.isoformat(),
            "enforcing_unit": e.enforcing_unit,
            "measure": e.measure,
            "note": e.note,
            "status": e.status.value,
            "revision": e.revision,
            "planned_at": e.planned_at.isoformat(),
            "planned_by": e.planned_by,
            "previous_planned_on": e.previous_planned_on.isoformat() if e.previous_planned_on else None,
            "cleared_reason": e.cleared_reason.value if e.cleared_reason else None,
            "cleared_at": e.cleared_at.isoformat() if e.cleared_at else None,
            "needs_decision": answer.needs_decision,
            "awaiting_decision": answer.awaiting_decision,
            "special_period": None
            if near is None
            else {
                "name": near.period.name,
                "from": near.period.start.isoformat(),
                "to": near.period.end.isoformat(),
                "level": near.period.level,
                "inside": near.inside,
            },
            "decision": e.decision.to_dict() if e.decision else None,
        }


class EnforcementListArgs(PageArgs):
    date_from = _span_day("from", "planned on or after")
    date_to = _span_day("to", "planned on or before")


class EnforcementPage(Schema):
    items = fields.List(fields.Nested(EnforcementOut))
    next_cursor = fields.String(allow_none=True)


TOPICS = [t.value for t in Topic]


class SpeakerIn(Schema):
    staff_id = _text(64, required=True, min_length=1)
    agency = _text(20, required=True, min_length=1)


class OutreachIn(Schema):
    """About a case with a result (`case_id`) or a group at the province or in Hà Nội (`alert_id`, `group_at`)."""

    case_id = _text(36)
    alert_id = _text(64)
    group_at = fields.String(
        load_default=None, allow_none=True, validate=_one_of([g.value for g in GroupPlace], "group_at")
    )
    held_at = fields.AwareDateTime(
        required=True, error_messages={"invalid_awareness": "Phải có múi giờ, ví dụ +07:00."}
    )
    place = _text(300)
    topic = fields.String(required=True, validate=_one_of(TOPICS, "topic"))
    talked_by = fields.List(
        fields.Nested(SpeakerIn),
        required=True,
        validate=validate.Length(min=1, max=50, error="Từ {min} đến {max} cán bộ."),
        metadata={"description": "officers of roster's staff list and their agencies (VP, MTTQ, BXD, …)"},
    )
    persons = fields.Integer(
        required=True, validate=validate.Range(min=1, max=MAX_PEOPLE, error="Số người từ {min} đến {max}.")
    )
    audience = _text(2000, required=True, min_length=1)
    outcome = fields.String(required=True, validate=_one_of([o.value for o in OutreachOutcome], "outcome"))
    notes = _text(4000)


class SpeakerOut(Schema):
    staff_id = fields.String()
    agency = fields.String()


class OutreachOut(Schema):
    id = fields.String()
    case_id = fields.String(allow_none=True)
    alert_id = fields.String(allow_none=True)
    group_at = fields.String(allow_none=True)
    held_at = fields.String()
    held_on = fields.String()
    place = fields.String(allow_none=True)
    topic = fields.String(metadata={"enum": TOPICS})
    topic_label = fields.String()
    talked_by = fields.List(fields.Nested(SpeakerOut))
    persons = fields.Integer()
    audience = fields.String()
    outcome = fields.String(metadata={"enum": [o.value for o in OutreachOutcome]})
    notes = fields.String(allow_none=True)
    recorded_at = fields.String()
    recorded_by = fields.String()

    @pre_dump
    def _from_outreach(self, outreach: Outreach, **_: Any) -> dict[str, Any]:
        d = outreach.details
        return {
            "id": outreach.id,
            "case_id": d.case_id,
            "alert_id": d.alert_id,
            "group_at": d.group_at.value if d.group_at else None,
            "held_at": d.held_at.isoformat(),
            "held_on": outreach.held_on.isoformat(),
            "place": d.place,
            "topic": d.topic.value,
            "topic_label": TOPIC_LABELS[d.topic],
            "talked_by": [{"staff_id": s.staff_id, "agency": s.agency} for s in d.talked_by],
            "persons": d.persons,
            "audience": d.audience,
            "outcome": d.outcome.value,
            "notes": d.notes,
            "recorded_at": outreach.recorded_at.isoformat(),
            "recorded_by": outreach.recorded_by,
        }


class OutreachArgs(PageArgs):
    case_id = fields.String(load_default=None)
    topic = fields.String(load_default=None, validate=_one_of(TOPICS, "topic"))
    date_from = _span_day("from", "held on or after")
    date_to = _span_day("to", "held on or before")


class OutreachPage(Schema):
    items = fields.List(fields.Nested(OutreachOut))
    next_cursor = fields.String(allow_none=True)


# -- response plans (issue 19) ---------------------------------------------------------------------------------------

RESPONSE_REASONS = [r.value for r in Reason]
RESPONSE_OUTCOMES = [o.value for o in Outcome]
#: More links than a plan for one matter has; the bound keeps a request small.
MAX_LINKS = 100


def _said(max_length: int, required: bool = True) -> fields.String:
    """Text the service strips: not only whitespace."""
    check = [validate.Length(min=1, max=max_length, error=f"Độ dài từ 1 đến {max_length} ký tự."), NOT_BLANK]
    if required:
        return fields.String(required=True, validate=check)
    return fields.String(load_default=None, allow_none=True, validate=check)


def _ids(description: str) -> fields.List:
    return fields.List(
        fields.String(validate=[validate.Length(min=1, max=64, error="Mã từ 1 đến 64 ký tự."), NOT_BLANK]),
        load_default=list,
        validate=validate.Length(max=MAX_LINKS, error=f"Tối đa {MAX_LINKS} mã."),
        metadata={"description": description},
    )


class ResponsePlanIn(Schema):
    reason = fields.String(required=True, validate=_one_of(RESPONSE_REASONS, "reason"))
    title = _said(300)
    content = _said(5000, required=False)
    field = fields.String(load_default=None, allow_none=True, validate=_one_of(FIELDS, "field"))
    subject = _said(300, required=False)
    area = _said(200, required=False)
    alert_ids = _ids("ids of alerts in the alerts service, taken as given")
    case_ids = _ids("cases of the caller's unit (422 naming `case_ids` for any other)")


class DirectiveIn(Schema):
    text = _said(5000)


class ResponseTaskIn(Schema):
    title = _said(300)
    assignee_agency = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=32, error="Mã cơ quan từ 1 đến 32 ký tự."), NOT_BLANK],
        metadata={"description": "the agency's code in roster's staff list (VP, CA, UBKT, HĐND, MTTQ, BXD, …)"},
    )
    assignee_staff_id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=64, error="Mã cán bộ tối đa 64 ký tự."),
        metadata={"description": "an officer of that agency, by staff id in roster's staff list"},
    )
    due_on = fields.Date(required=True)
    given_on = fields.Date(load_default=None, allow_none=True, metadata={"description": "the ward's today if absent"})


class TaskReportIn(Schema):
    notes = _said(5000)
    completed = JsonBoolean(load_default=False)


class PlanCloseIn(Schema):
    outcome = fields.String(required=True, validate=_one_of(RESPONSE_OUTCOMES, "outcome"))
    note = _said(5000)


class ResponsePlanArgs(PageArgs):
    status = fields.String(load_default=None, validate=_one_of([s.value for s in PlanStatus], "status"))
    reason = fields.String(load_default=None, validate=_one_of(RESPONSE_REASONS, "reason"))


class DirectiveOut(Schema):
    text = fields.String()
    by = fields.String(attribute="by_name")
    at = fields.DateTime()


class TaskReportOut(Schema):
    id = fields.String()
    notes = fields.String()
    completed = fields.Boolean()
    late = fields.Boolean(metadata={"description": "made after the task's due date"})
    reported_at = fields.DateTime()
    reported_by = fields.String()


class ResponseTaskOut(Schema):
    id = fields.String()
    plan_id = fields.String()
    title = fields.String()
    assignee_agency = fields.String()
    assignee_staff_id = fields.String(allow_none=True)
    given_on = fields.Date()
    due_on = fields.Date()
    assigned_at = fields.DateTime()
    assigned_by = fields.String()
    status = fields.String(metadata={"enum": ["open", "completed"]})
    completed_at = fields.DateTime(allow_none=True)
    late = fields.Boolean(metadata={"description": "reported done after its due date"})
    overdue = fields.Boolean(metadata={"description": "past its due date today and not reported done"})
    overdue_announced_at = fields.DateTime(
        allow_none=True, metadata={"description": "when the leader was alerted (intake.response_task.overdue)"}
    )
    reports = fields.List(fields.Nested(TaskReportOut))


class TaskCounts(Schema):
    total = fields.Integer()
    completed = fields.Integer()
    overdue = fields.Integer(metadata={"description": "reported done late or not done past the due date"})


class ResponsePlanOut(Schema):
    id = fields.String()
    reason = fields.String(metadata={"enum": RESPONSE_REASONS})
    title = fields.String()
    content = fields.String(allow_none=True)
    field = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    area = fields.String(allow_none=True)
    alert_ids = fields.List(fields.String())
    case_ids = fields.List(fields.String())
    status = fields.String(metadata={"enum": [s.value for s in PlanStatus]})
    opened_at = fields.DateTime()
    opened_by = fields.String()
    directives = fields.List(fields.Nested(DirectiveOut))
    tasks = fields.List(fields.Nested(ResponseTaskOut))
    task_counts = fields.Nested(TaskCounts)
    outcome = fields.String(allow_none=True, metadata={"enum": [*RESPONSE_OUTCOMES, None]})
    closing_note = fields.String(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    closed_by = fields.String(allow_none=True)


class ResponsePlanPage(Schema):
    items = fields.List(fields.Nested(ResponsePlanOut))
    next_cursor = fields.String(allow_none=True)
