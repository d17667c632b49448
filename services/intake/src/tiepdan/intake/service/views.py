"""Reads: case files, lists and the register, shaped by what the reader's roles may see.

A denouncer's identity is decrypted only for the roles allowed to read it, and each such read is written to the
access audit in the same transaction as nothing else: the audit commits even though the read changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.intake.adapters.orm import CaseRow, PetitionRow, VisitRow
from tiepdan.intake.adapters.repository import case_from_row
from tiepdan.intake.domain.access import (
    REDACTED,
    CaseView,
    actions_allowed,
    case_view,
    denouncers_found,
    is_confidential,
    may_read_identity,
    may_search_citizens,
    sees_outlines_only,
    shown_in_lists,
)
from tiepdan.intake.domain.cases import Actor, Case
from tiepdan.intake.domain.errors import CaseMergedError, ForbiddenError, InvalidFieldsError, NotFoundError
from tiepdan.intake.domain.listing import DUE, NEWEST, CaseFilters, CaseQuery, CitizenMatch, RecordFilters
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.register import RegisterVisit, register_rows
from tiepdan.intake.domain.search import CitizenQuery
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork, IntakeWork
from tiepdan.kit.calendar import WorkingCalendar

WARD_TZ = ZoneInfo(WorkingCalendar().timezone)


class Reader:
    """One reader's view of the records; remembers which denouncer identities it showed, for the audit."""

    def __init__(self, uow: IntakeUnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    def view_of(self, kind: str, party_related: bool) -> CaseView:
        return case_view(self.actor.roles, kind, party_related)

    def people(
        self, rows: Sequence[VisitRow | PetitionRow], cases: dict[str, CaseRow], purpose: str
    ) -> dict[str, list[dict[str, Any]]]:
        """Citizens per record: in full where allowed (denouncers audited), otherwise redacted."""
        full: list[VisitRow | PetitionRow] = []
        redacted: list[VisitRow | PetitionRow] = []
        for row in rows:
            case = cases[row.case_id]
            confidential = is_confidential(row.kind) or is_confidential(case.kind)
            kind = Kind.DENUNCIATION.value if confidential else row.kind
            (full if may_read_identity(self.actor.roles, kind, case.party_related) else redacted).append(row)
        visit_ids = [r.id for r in full if isinstance(r, VisitRow)]
        petition_ids = [r.id for r in full if isinstance(r, PetitionRow)]
        shown = self.uow.records.citizens_of(visit_ids, petition_ids)
        out: dict[str, list[dict[str, Any]]] = {r.id: [_citizen(c) for c in shown.get(r.id, [])] for r in full}
        for row in full:
            case = cases[row.case_id]
            if shown.get(row.id) and (is_confidential(row.kind) or is_confidential(case.kind)):
                self.uow.records.audit_identity_read(row.unit, self.actor, row.case_id, row.id, purpose)
        flags = self.uow.records.representative_flags(
            [r.id for r in redacted if isinstance(r, VisitRow)], [r.id for r in redacted if isinstance(r, PetitionRow)]
        )
        for row in redacted:
            out[row.id] = [_redacted(rep) for rep in flags.get(row.id, [])]
        return out


def _citizen(citizen: Citizen) -> dict[str, Any]:
    return {
        "full_name": citizen.full_name,
        "id_number": citizen.id_number,
        "id_type": citizen.id_type,
        "phone": citizen.phone,
        "address": citizen.address,
        "representative": citizen.representative,
    }


def _redacted(representative: bool) -> dict[str, Any]:
    return {
        "full_name": REDACTED,
        "id_number": REDACTED,
        "id_type": None,
        "phone": REDACTED,
        "address": REDACTED,
        "representative": representative,
    }


def _ward_time(moment: datetime) -> str:
    """Times read back in the ward's offset (+07:00), as they were entered."""
    return moment.astimezone(WARD_TZ).isoformat()


def _case_summary(case: Case, today: date) -> dict[str, Any]:
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
        "overdue": bool(case.overdue_deadlines(today)),
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


def _shown_to(summary: dict[str, Any], view: CaseView) -> dict[str, Any]:
    """Why a denunciation was found to use a false name may name people: hidden where identities are."""
    if view is CaseView.REDACTED and summary.get("false_name_reason"):
        summary["false_name_reason"] = REDACTED
    return summary


def _outline(case: CaseRow | Case) -> dict[str, Any]:
    """What the police may know of a case: field, subject and area."""
    return {"id": case.id, "field": case.field, "subject": case.subject, "area": case.area}


def _visit(row: VisitRow, citizens: list[dict[str, Any]]) -> dict[str, Any]:
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
        "citizens": citizens,
    }


def _petition(row: PetitionRow, citizens: list[dict[str, Any]]) -> dict[str, Any]:
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
        "citizens": citizens,
    }


def case_detail(uow: IntakeUnitOfWork, actor: Actor, case_id: str, today: date) -> dict[str, Any]:
    row = uow.cases.row(case_id)
    if row is None:
        raise NotFoundError(case_id)
    reader = Reader(uow, actor)
    view = reader.view_of(row.kind, row.party_related)
    if view is CaseView.NONE:
        raise ForbiddenError("Hồ sơ tố cáo liên quan đến đảng viên chỉ Ủy ban Kiểm tra và lãnh đạo được xem.")
    if row.merged_into is not None:
        raise CaseMergedError(case_id, row.merged_into)
    if view is CaseView.OUTLINE:
        return _outline(row)
    case = case_from_row(row)
    visits = uow.records.visits_of_case(case_id)
    petitions = uow.records.petitions_of_case(case_id)
    people = reader.people([*visits, *petitions], {row.id: row}, "case_detail")
    out = _shown_to(_case_summary(case, today), view)
    out["actions"] = [action.value for action in actions_allowed(actor.roles, case, today)]
    out["identity_redacted"] = view is CaseView.REDACTED
    out["visits"] = [_visit(v, people[v.id]) for v in visits]
    out["petitions"] = [_petition(p, people[p.id]) for p in petitions]
    out["history"] = [
        {
            "at": _ward_time(e.at),
            "actor": e.actor,
            "actor_name": e.actor_name,
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "reason": e.reason,
            "details": e.details,
        }
        for e in uow.cases.history(case_id)
    ]
    return out


def _case_query(actor: Actor, filters: CaseFilters, today: date) -> CaseQuery:
    """The cases the filters ask for among those the reader is shown. Searching by a citizen reads identity: only
    the roles that may search do, and they find only the denouncers they may read. 403 before 422."""
    citizen = None
    if filters.citizen is not None:
        if not may_search_citizens(actor.roles):
            raise ForbiddenError("Tìm theo công dân chỉ dành cho cán bộ tiếp công dân, lãnh đạo và Ủy ban Kiểm tra.")
        query = CitizenQuery.parse(filters.citizen)
        problems = query.problems()
        if problems:
            raise InvalidFieldsError({"citizen": problems})
        citizen = CitizenMatch(query, denouncers_found(actor.roles))
    ranges = filters.range_problems()
    if ranges:
        raise InvalidFieldsError(ranges)
    return CaseQuery(filters, today, shown_in_lists(actor.roles), citizen)


def list_cases(
    uow: IntakeWork,
    actor: Actor,
    filters: CaseFilters,
    page: dict[str, Any],
    today: date,
    order: str = NEWEST,
) -> dict[str, Any]:
    query = _case_query(actor, filters, today)
    roles = actor.roles
    if sees_outlines_only(roles):
        cases, cursor = uow.queries.case_page(query, page)
        return {"items": [_outline(c) for c in cases], "next_cursor": cursor}
    cases, cursor = uow.queries.case_page(query, page, by_due=order == DUE)
    if filters.citizen is not None:  # finding a denunciation by a person tells who denounced: audited as a read
        for case in cases:
            if is_confidential(case.kind):
                uow.records.audit_identity_read(case.unit, actor, case.id, case.id, "citizen_search")
    officers = uow.queries.officers_of([c.id for c in cases])
    items = []
    for case in cases:
        item = _shown_to(_case_summary(case, today), case_view(roles, case.kind, case.party_related))
        item["officer"] = officers.get(case.id)
        items.append(item)
    return {"items": items, "next_cursor": cursor}


def count_cases(uow: IntakeWork, actor: Actor, filters: CaseFilters, by: Sequence[str], today: date) -> dict[str, Any]:
    """How many cases the filters match, in all and grouped by `by` (COUNT_DIMENSIONS), without reading them."""
    if sees_outlines_only(actor.roles):
        raise ForbiddenError("Công an chỉ xem vụ việc ở dạng tóm tắt, không thống kê theo vụ việc.")
    dimensions = list(dict.fromkeys(by))
    groups = uow.queries.case_counts(_case_query(actor, filters, today), dimensions)
    return {"total": sum(group["count"] for group in groups), "groups": groups if dimensions else []}


def list_visits(uow: IntakeUnitOfWork, actor: Actor, filters: RecordFilters, page: dict[str, Any]) -> dict[str, Any]:
    rows, cursor = uow.queries.visit_page(filters, shown_in_lists(actor.roles), page)
    people = Reader(uow, actor).people(rows, uow.cases.by_ids(r.case_id for r in rows), "visit_list")
    return {"items": [_visit(r, people[r.id]) for r in rows], "next_cursor": cursor}


def list_petitions(uow: IntakeUnitOfWork, actor: Actor, filters: RecordFilters, page: dict[str, Any]) -> dict[str, Any]:
    rows, cursor = uow.queries.petition_page(filters, shown_in_lists(actor.roles), page)
    people = Reader(uow, actor).people(rows, uow.cases.by_ids(r.case_id for r in rows), "petition_list")
    return {"items": [_petition(r, people[r.id]) for r in rows], "next_cursor": cursor}


def register(
    uow: IntakeUnitOfWork, actor: Actor, date_from: date, date_to: date, group_threshold: int
) -> list[dict[str, Any]]:
    """Every visit of the period, one row each; what the reader may not see is masked, never left out."""
    if date_to < date_from:
        raise InvalidFieldsError({"to": ["Ngày kết thúc (to) phải từ ngày bắt đầu (from) trở đi."]})
    visits = uow.records.visits_between(date_from, date_to)
    cases = uow.cases.by_ids(v.case_id for v in visits)
    reader = Reader(uow, actor)
    people = reader.people(visits, cases, "register")
    entries = []
    for visit in visits:
        case_row = cases[visit.case_id]
        case = case_from_row(case_row)
        hidden = reader.view_of(case_row.kind, case_row.party_related) is CaseView.NONE
        resolve_by = case.deadlines.get("resolve_by")
        entries.append(
            RegisterVisit(
                received_at=visit.received_at,
                received_on=visit.received_on,
                citizens=[_as_citizen(c) for c in people[visit.id]],
                headcount=visit.headcount,
                kind=visit.kind,
                subject=REDACTED if hidden else visit.subject,
                summary="" if hidden else visit.summary,
                handled_by=visit.handled_by,
                case_status=case.status.value,
                case_outcome=case.outcome,
                case_to_agency=case.to_agency,
                case_decision_no=case.decision_no,
                resolve_by=resolve_by.date if resolve_by else None,
                repeat=visit.repeat,
                refusal_code=visit.refusal_code,
                notes=visit.notes,
                group_threshold=group_threshold,
                register_no=visit.register_no,
            )
        )
    rows = register_rows(entries)
    for row, visit in zip(rows, visits, strict=True):
        row["visit_id"] = visit.id
        row["case_id"] = visit.case_id
    return rows


def _as_citizen(data: dict[str, Any]) -> Citizen:
    return Citizen(
        full_name=data["full_name"],
        id_number=data["id_number"],
        id_type=data["id_type"],
        phone=data["phone"],
        address=data["address"],
        representative=data["representative"],
    )
