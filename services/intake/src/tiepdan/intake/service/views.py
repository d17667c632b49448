"""Reads: case files, lists and the register, shaped by what the reader's roles may see.

A denouncer's identity is decrypted only for the roles allowed to read it, and each such read is written to the
access audit in the same transaction as nothing else: the audit commits even though the read changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

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
from tiepdan.intake.domain.cases import Action, Actor, Case, HistoryEntry
from tiepdan.intake.domain.errors import CaseMergedError, ForbiddenError, InvalidFieldsError, NotFoundError
from tiepdan.intake.domain.listing import DUE, NEWEST, CaseFilters, CaseQuery, CitizenMatch, RecordFilters
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.register import RegisterVisit, register_rows
from tiepdan.intake.domain.search import CitizenQuery
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork, IntakeWork


class Reader:
    """One reader's view of the records; remembers which denouncer identities it showed, for the audit."""

    def __init__(self, uow: IntakeUnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    def view_of(self, kind: str, party_related: bool) -> CaseView:
        return case_view(self.actor.roles, kind, party_related)

    def people(
        self, rows: Sequence[VisitRow | PetitionRow], cases: dict[str, CaseRow], purpose: str
    ) -> dict[str, list[Citizen]]:
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
        out: dict[str, list[Citizen]] = {r.id: shown.get(r.id, []) for r in full}
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


def _redacted(representative: bool) -> Citizen:
    return Citizen(REDACTED, REDACTED, None, REDACTED, REDACTED, representative)


@dataclass(frozen=True)
class RecordShown:
    """A visit or a petition with its people as the reader is shown them: in full, or redacted."""

    record: VisitRow | PetitionRow
    citizens: list[Citizen]


@dataclass(frozen=True)
class CaseShown:
    """A case as the reader is shown it: in outline (field, subject and area: the police), or in full, identities
    perhaps redacted (view); in a list, with the officer it is with."""

    case: Case
    view: CaseView
    today: date
    officer: str | None = None


@dataclass(frozen=True)
class CaseFile(CaseShown):
    """A case file: the case, what the reader may do with it today, its records and its history."""

    actions: list[Action] = field(default_factory=list)
    visits: list[RecordShown] = field(default_factory=list)
    petitions: list[RecordShown] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)


def _shown(case: Case, view: CaseView) -> Case:
    """Why a denunciation was found to use a false name may name people: hidden where identities are."""
    if view is CaseView.REDACTED and case.false_name_reason:
        return replace(case, false_name_reason=REDACTED)
    return case


def case_detail(uow: IntakeUnitOfWork, actor: Actor, case_id: str, today: date) -> CaseFile:
    row = uow.cases.row(case_id)
    if row is None:
        raise NotFoundError(case_id)
    reader = Reader(uow, actor)
    view = reader.view_of(row.kind, row.party_related)
    if view is CaseView.NONE:
        raise ForbiddenError("Hồ sơ tố cáo liên quan đến đảng viên chỉ Ủy ban Kiểm tra và lãnh đạo được xem.")
    if row.merged_into is not None:
        raise CaseMergedError(case_id, row.merged_into)
    case = case_from_row(row)
    if view is CaseView.OUTLINE:
        return CaseFile(case, view, today)
    visits = uow.records.visits_of_case(case_id)
    petitions = uow.records.petitions_of_case(case_id)
    people = reader.people([*visits, *petitions], {row.id: row}, "case_detail")
    return CaseFile(
        _shown(case, view),
        view,
        today,
        actions=actions_allowed(actor.roles, case, today),
        visits=[RecordShown(v, people[v.id]) for v in visits],
        petitions=[RecordShown(p, people[p.id]) for p in petitions],
        history=uow.cases.history(case_id),
    )


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
        return {"items": [CaseShown(c, CaseView.OUTLINE, today) for c in cases], "next_cursor": cursor}
    cases, cursor = uow.queries.case_page(query, page, by_due=order == DUE)
    if filters.citizen is not None:  # finding a denunciation by a person tells who denounced: audited as a read
        for case in cases:
            if is_confidential(case.kind):
                uow.records.audit_identity_read(case.unit, actor, case.id, case.id, "citizen_search")
    officers = uow.queries.officers_of([c.id for c in cases])
    items = []
    for case in cases:
        view = case_view(roles, case.kind, case.party_related)
        items.append(CaseShown(_shown(case, view), view, today, officers.get(case.id)))
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
    return {"items": [RecordShown(r, people[r.id]) for r in rows], "next_cursor": cursor}


def list_petitions(uow: IntakeUnitOfWork, actor: Actor, filters: RecordFilters, page: dict[str, Any]) -> dict[str, Any]:
    rows, cursor = uow.queries.petition_page(filters, shown_in_lists(actor.roles), page)
    people = Reader(uow, actor).people(rows, uow.cases.by_ids(r.case_id for r in rows), "petition_list")
    return {"items": [RecordShown(r, people[r.id]) for r in rows], "next_cursor": cursor}


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
                citizens=people[visit.id],
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
