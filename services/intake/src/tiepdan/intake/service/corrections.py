"""Correcting a visit or a petition and merging two cases: one unit of work each, audited in the case history, with
the events that let reports count again (`intake.visit.corrected`, `intake.petition.corrected`, `intake.case.merged`).

403 before 422 before 409, as for case actions: who may touch the record, what the body needs, what the state allows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tiepdan.intake.adapters.orm import PetitionRow, VisitRow
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain import events
from tiepdan.intake.domain.access import is_confidential, may_correct, may_read_identity
from tiepdan.intake.domain.cases import Actor, Case, opening_deadlines
from tiepdan.intake.domain.corrections import (
    PETITION_FIELDS,
    VISIT_FIELDS,
    Act,
    Correction,
    CorrectionMade,
    case_follows,
    changed_citizen_paths,
    changed_values,
    correct_case,
    correction_entry,
    correction_problems,
    merge,
    merge_mismatch,
    merge_problems,
    merge_refused_because,
    reassess,
)
from tiepdan.intake.domain.errors import FieldErrors, ForbiddenError, NotFoundError, TransitionRefusedError
from tiepdan.intake.domain.people import (
    Citizen,
    citizen_problems,
    headcount_problems,
    is_group,
    signers_problems,
    visitors_problems,
)
from tiepdan.intake.domain.petitions import sender_problems
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.intake.service.commands import MergeInput
from tiepdan.intake.service.registration import local_date
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork
from tiepdan.intake.service.views import CaseFile, case_detail
from tiepdan.kit.calendar import WorkingCalendar

log = logging.getLogger(__name__)

#: Visit fields the register's day summary counts: correcting one sends the day's summary again.
REGISTER_COUNTED = frozenset({"headcount", "reception"})


def _confidential_kind(record_kind: str, case: Case) -> str:
    """A record is as confidential as the more confidential of itself and its case."""
    return Kind.DENUNCIATION.value if is_confidential(record_kind) or is_confidential(case.kind) else record_kind


def _values(row: VisitRow | PetitionRow) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def correct_visit(
    uow: IntakeUnitOfWork, config: IntakeConfig, actor: Actor, visit_id: str, correction: Correction, today: date
) -> CaseFile:
    """Returns the visit's case file as the actor now sees it."""
    case_id = _correct(uow, config, actor, _Target(VisitRow, visit_id), correction)
    return case_detail(uow, actor, case_id, today)  # in this unit of work: it commits with the request's answer


def correct_petition(
    uow: IntakeUnitOfWork, config: IntakeConfig, actor: Actor, petition_id: str, correction: Correction, today: date
) -> CaseFile:
    """Returns the petition's case file as the actor now sees it."""
    case_id = _correct(uow, config, actor, _Target(PetitionRow, petition_id), correction)
    return case_detail(uow, actor, case_id, today)


@dataclass(frozen=True)
class _Target:
    model: type[VisitRow] | type[PetitionRow]
    record_id: str


@dataclass
class _Corrected:
    """A record under correction and what the correction changes."""

    row: VisitRow | PetitionRow
    case: Case
    changes: dict[str, dict[str, Any]]
    identity_readable: bool
    citizens_now: list[Citizen] | None = None  # decrypted only when the correction needs them
    new_citizens: list[Citizen] | None = None
    citizen_paths: list[str] = field(default_factory=list)

    @property
    def is_visit(self) -> bool:
        return isinstance(self.row, VisitRow)

    @property
    def kind_after(self) -> str | None:
        after: str | None = self.changes.get("kind", {}).get("after")
        return after


def _correct(uow: IntakeUnitOfWork, config: IntakeConfig, actor: Actor, target: _Target, correction: Correction) -> str:
    """The correction checked as at registration, applied to the record and its case, and announced."""
    found = _load(uow, actor, target, correction)
    now = config.clock()
    calendar = uow.roster.calendar(found.case.unit)
    _check(uow, config, found, correction, local_date(now, calendar))
    row, case, changes = found.row, found.case, found.changes
    status_before = case.status.value
    case_changes = correct_case(case, changes, config.policy, calendar) if case_follows(case) else {}
    if not found.identity_readable and may_read_identity(
        actor.roles, _confidential_kind(found.kind_after or row.kind, case), case.party_related
    ):
        raise ForbiddenError("Chỉ người được xem danh tính người tố cáo mới được đổi loại hồ sơ tố cáo.")
    for name, change in changes.items():
        setattr(row, name, change["after"])
    if isinstance(row, VisitRow):
        row.is_group = is_group(row.headcount, config.group_threshold)
    elif "kind" in changes or found.new_citizens is not None:
        _reassess_petition(row, case, found, config, calendar)
    if found.new_citizens is not None:
        uow.records.replace_citizens(row, found.new_citizens)
    record = "visit" if found.is_visit else "petition"
    reason = correction.reason or ""
    made = CorrectionMade(record, row.id, reason, changes, found.citizen_paths, case_changes)
    correction_entry(case, actor, now, made)
    uow.cases.save(case)
    _announce(uow, found, now)
    if case_changes:
        # `corrected`: its deadlines replace the case's (a new kind owes other ones), not only add to them
        data = events.case_data(case, status_before, now) | {"corrected": sorted(case_changes)}
        uow.emit(events.CASE_CHANGED, data, unit=case.unit, aggregate_id=case.id)
    fields = {"case_id": case.id, f"{record}_id": row.id, "fields": sorted(changes)}
    uow.on_committed(lambda: log.info("record corrected", extra=fields))
    return case.id


def _load(uow: IntakeUnitOfWork, actor: Actor, target: _Target, correction: Correction) -> _Corrected:
    """The record and its case (locked), if the actor may correct them; the citizens as stored when needed."""
    row = uow.records.row(target.model, target.record_id)
    if row is None:
        raise NotFoundError(target.record_id, "lượt tiếp" if target.model is VisitRow else "đơn")
    case = uow.cases.get(row.case_id, for_update=True)
    if case is None:
        raise NotFoundError(row.case_id)
    kind_before = _confidential_kind(row.kind, case)
    if not may_correct(actor.roles, kind_before, case.party_related):
        raise ForbiddenError(f"Vai trò {', '.join(sorted(actor.roles))} không được sửa hồ sơ này.")
    identity_readable = may_read_identity(actor.roles, kind_before, case.party_related)
    if correction.citizens is not None and not identity_readable:
        raise ForbiddenError("Chỉ người được xem danh tính người tố cáo mới được sửa danh tính.")
    fields = VISIT_FIELDS if isinstance(row, VisitRow) else PETITION_FIELDS
    changes = changed_values({name: getattr(row, name) for name in fields}, correction.values)
    found = _Corrected(row, case, changes, identity_readable)
    if row.identity_stored and (correction.citizens is not None or (not found.is_visit and "kind" in changes)):
        visits, petitions = ([row.id], []) if found.is_visit else ([], [row.id])
        found.citizens_now = uow.records.citizens_of(visits, petitions).get(row.id, [])
    return found


def _check(uow: IntakeUnitOfWork, config: IntakeConfig, found: _Corrected, correction: Correction, today: date) -> None:
    """Every field problem of the correction at once (422)."""
    row, changes = found.row, found.changes
    problems = FieldErrors()
    if correction.citizens is not None:
        if not row.identity_stored:
            problems.add("citizens", "Hồ sơ này không lưu danh tính trên hệ thống (chỉ có hồ sơ giấy).")
        problems.extend(citizen_problems(correction.citizens, today))
        found.new_citizens = [c.normalised() for c in correction.citizens]
        found.citizen_paths = changed_citizen_paths(found.citizens_now or [], found.new_citizens)
    problems.extend(correction_problems(correction, changes, found.citizen_paths).errors)
    if "headcount" in changes or "signers" in changes or found.new_citizens is not None:
        problems.extend(_count_problems(uow, row, changes, found.new_citizens, found.citizens_now, config))
    if isinstance(row, PetitionRow) and changes.keys() & {"channel", "sender_agency"}:
        after = {name: changes.get(name, {}).get("after", getattr(row, name)) for name in ("channel", "sender_agency")}
        problems.extend(sender_problems(after["channel"], after["sender_agency"]))
    if found.kind_after == Kind.DENUNCIATION.value and not config.store_denouncer_identity and row.identity_stored:
        problems.add(
            "kind",
            "Đơn vị không lưu danh tính người tố cáo: hồ sơ đã lưu danh tính không đổi thành tố cáo được; "
            "tiếp nhận lại theo hồ sơ giấy.",
        )
    problems.raise_if_any()


def _announce(uow: IntakeUnitOfWork, found: _Corrected, now: datetime) -> None:
    """The corrected record's event (and its register day summarised again when a counted field changed)."""
    row, case, changes = found.row, found.case, found.changes
    if not changes:
        return
    values = _values(row)
    if isinstance(row, VisitRow):
        data = events.visit_corrected(values, case.first_visit_at or row.received_at, sorted(changes), now)
        uow.emit(events.VISIT_CORRECTED, data, unit=row.unit, aggregate_id=case.id)
        if changes.keys() & REGISTER_COUNTED:
            uow.register.reopen_day(row.unit, row.received_on)
    else:
        data = events.petition_corrected(values, sorted(changes), now)
        uow.emit(events.PETITION_CORRECTED, data, unit=row.unit, aggregate_id=case.id)


def _count_problems(
    uow: IntakeUnitOfWork,
    row: VisitRow | PetitionRow,
    changes: dict[str, dict[str, Any]],
    new_citizens: list[Citizen] | None,
    citizens_now: list[Citizen] | None,
    config: IntakeConfig,
) -> dict[str, list[str]]:
    """The headcount and representatives of a visit, the signers of a petition, as at registration."""
    listed = new_citizens if new_citizens is not None else citizens_now
    if listed is None:  # not decrypted: only how many there are matters here
        listed = [Citizen("")] * len(uow.records.representative_flags([row.id], [row.id]).get(row.id, []))
    if isinstance(row, PetitionRow):
        return signers_problems(changes.get("signers", {}).get("after", row.signers), listed)
    if new_citizens is not None:
        found = visitors_problems(changes.get("kind", {}).get("after", row.kind), new_citizens)
        if found:
            return found
    headcount = changes.get("headcount", {}).get("after", row.headcount)
    if not row.identity_stored:  # no representatives on record: only the count itself is checked
        return headcount_problems(headcount, [], group_threshold=headcount + 1)
    return headcount_problems(headcount, listed, config.group_threshold)


def _reassess_petition(
    row: PetitionRow, case: Case, found: _Corrected, config: IntakeConfig, calendar: WorkingCalendar
) -> None:
    """A new kind or new signers change what the petition needs (TT 05/2021 Art 6–7) and its processing deadline."""
    changes, citizens_now, new_citizens = found.changes, found.citizens_now, found.new_citizens
    if "kind" in changes:
        deadlines = opening_deadlines(
            Kind(row.kind), row.received_on, False, case.several_places, config.policy, calendar
        )
        row.process_by = deadlines["process_by"].to_dict()
    if citizens_now is None:  # identity not stored: eligibility stays as assessed from the paper file
        return
    kind_before = changes.get("kind", {}).get("before", row.kind)
    assessment = reassess(
        Kind(row.kind), new_citizens or citizens_now, Kind(kind_before), citizens_now, row.ineligible_reasons
    )
    row.eligible, row.processable = assessment.eligible, assessment.processable
    row.ineligible_reasons = list(assessment.reasons)
    if case_follows(case):
        case.eligible, case.processable = assessment.eligible, assessment.processable


def merge_cases(
    uow: IntakeUnitOfWork,
    config: IntakeConfig,
    actor: Actor,
    case_id: str,
    request: MergeInput,
    today: date,
) -> CaseFile:
    """`case_id` joins `into`, whose case file is returned: 404 for a case the caller's units do not hold, 409 when
    either has ended."""
    into, reason = request.into, request.reason
    # both rows locked in one order, so two merges of the same pair never deadlock
    for locked in sorted({case_id, into or case_id}):
        uow.cases.row(locked, for_update=True)
    source = uow.cases.get(case_id)
    if source is None:
        raise NotFoundError(case_id)
    _may_merge(actor, source)
    merge_problems(case_id, into, reason).raise_if_any()
    target = uow.cases.get(into or "")
    if target is None:
        raise NotFoundError(into)
    _may_merge(actor, target)
    if source.merged_into == target.id:  # done already: a retry gets the same answer (and its key's stored one)
        return case_detail(uow, actor, target.id, today)
    refusal = merge_refused_because(source, target)
    if refusal:
        raise TransitionRefusedError(refusal)
    merge_mismatch(source, target).raise_if_any()
    now = config.clock()
    history = uow.cases.history(source.id)
    moved = uow.records.move_to(source.id, target.id)
    merge(source, target, Act(actor, now, (reason or "").strip()), moved, history)
    uow.cases.save(source)
    uow.cases.save(target)
    uow.emit(
        events.CASE_MERGED, events.case_merged(source, target, moved, now), unit=target.unit, aggregate_id=target.id
    )
    uow.on_committed(lambda: log.info("cases merged", extra={"case_id": source.id, "into": target.id}))
    return case_detail(uow, actor, target.id, today)  # in this unit of work: it commits with the request's answer


def _may_merge(actor: Actor, case: Case) -> None:
    if not may_correct(actor.roles, case.kind, case.party_related):
        raise ForbiddenError(f"Vai trò {', '.join(sorted(actor.roles))} không được gộp vụ việc này.")
