"""Registering visits and petitions: each is one unit of work (case, record, history and outbox events, one commit)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.intake.adapters import metrics
from tiepdan.intake.adapters.repository import IntakeRepository
from tiepdan.intake.domain import events
from tiepdan.intake.domain.access import is_confidential
from tiepdan.intake.domain.cases import (
    Action,
    ActionRequest,
    Actor,
    Case,
    HistoryEntry,
    Status,
    apply_action,
    opening_deadlines,
)
from tiepdan.intake.domain.civic import civic_events
from tiepdan.intake.domain.errors import FieldErrors, InvalidFieldsError
from tiepdan.intake.domain.opening import MatterFacts, apply_opening_rules, facts_problems, join_facts
from tiepdan.intake.domain.people import (
    as_representatives,
    citizen_problems,
    headcount_problems,
    is_group,
    signers_problems,
    visitors_problems,
)
from tiepdan.intake.domain.petitions import assess, sender_problems
from tiepdan.intake.domain.records import Petition, Visit
from tiepdan.intake.domain.refusal import Refusal, make_refusal
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.intake.service.commands import Content, PetitionInput, VisitInput
from tiepdan.intake.service.config import IntakeConfig
from tiepdan.intake.service.papers import make_receipt, receipt_answer
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.statement import WriteStatement
from tiepdan.kit.uow import UnitOfWork

log = logging.getLogger(__name__)

#: Clocks of the clerk's PC and the server differ a little; beyond this a time "in the future" is a typo.
CLOCK_SKEW = timedelta(minutes=5)
#: Which duty receives which reception (roster.roster.published duty codes).
HOST_DUTIES = {
    "regular": ("reception",),
    "periodic": ("leader_reception",),
    "unscheduled": ("leader_reception",),
    "delegated": ("leader_reception",),
}


@dataclass(frozen=True)
class Linked:
    case: Case
    is_new: bool
    repeat: bool
    status_before: str | None


def local_date(moment: datetime, calendar: WorkingCalendar) -> date:
    """The ward's day boundaries are Asia/Ho_Chi_Minh (docs/contract.md, "Conventions")."""
    return moment.astimezone(ZoneInfo(calendar.timezone)).date()


def _content_problems(content: Content, identity_stored: bool) -> FieldErrors:
    found = FieldErrors()
    if content.complaint_round not in (1, 2):
        found.add("complaint_round", "Lần khiếu nại chỉ có thể là 1 hoặc 2.")
    if not identity_stored and not (content.paper_file_ref or "").strip():
        found.add(
            "paper_file_ref",
            "Đơn vị không lưu danh tính người tố cáo trên hệ thống: phải ghi số hồ sơ giấy (paper_file_ref).",
        )
    return found


def _facts(content: Content, persons: int) -> MatterFacts:
    return MatterFacts(
        known_on=content.known_on,
        obstacle=content.filing_obstacle,
        voter_list=content.voter_list,
        about_candidate=content.about_candidate,
        congress_personnel=content.congress_personnel,
        persons=persons,
    )


def _facts_problems(content: Content, received_on: date, persons: int) -> dict[str, list[str]]:
    return facts_problems(_facts(content, persons), Kind(content.kind), content.party_related, received_on)


def _held_for_election(uow: UnitOfWork, linked: Linked, now: datetime) -> None:
    """A new matter about a candidate in the election cut-off: the leader is told (alerts) and reports count it."""
    case, hold = linked.case, linked.case.election_hold
    if linked.is_new and hold is not None:
        uow.emit(events.CASE_HELD, events.case_held(case, hold, now), unit=case.unit, aggregate_id=case.id)


def _legal_answer(case: Case) -> dict[str, Any]:
    """What the clerk must know at once: a late complaint is not accepted, a held one waits for the election."""
    return {
        "filing": case.filing.to_dict() if case.filing else None,
        "election_hold": case.election_hold.to_dict() if case.election_hold else None,
    }


def _identity_stored(kind: str, config: IntakeConfig) -> bool:
    return config.store_denouncer_identity or not is_confidential(kind)


def _link_case(
    repo: IntakeRepository,
    content: Content,
    unit: str,
    digests: list[str],
    opened_at: datetime,
    received_on: date,
    from_visit: bool,
    config: IntakeConfig,
    calendar: WorkingCalendar,
    facts: MatterFacts,
) -> Linked:
    """An explicit case_id wins; otherwise the same person on the same field and subject; otherwise a new case."""
    if content.case_id:
        case = repo.get_case(content.case_id, for_update=True)
        while case is not None and case.merged_into is not None:  # a merged case's records go where it went
            case = repo.get_case(case.merged_into, for_update=True)
        if case is None:
            raise InvalidFieldsError({"case_id": [f"Không tìm thấy vụ việc '{content.case_id}'."]})
        join_facts(case, facts)
        return Linked(case, False, True, case.status.value)
    probe = Case(
        id="",
        unit=unit,
        kind=Kind(content.kind),
        field=content.field,
        subject=content.subject,
        area=content.area,
        party_related=content.party_related,
        opened_at=opened_at,
        received_on=received_on,
    )
    linked_id = repo.linked_case_id(unit, content.field, probe.subject_key, digests)
    if linked_id is not None:
        case = repo.get_case(linked_id, for_update=True)
        if case is not None:
            join_facts(case, facts)
            return Linked(case, False, True, case.status.value)
    probe.id = str(uuid.uuid4())
    probe.complaint_round = content.complaint_round
    probe.several_places = content.several_places
    probe.deadlines = opening_deadlines(
        probe.kind, received_on, from_visit, content.several_places, config.policy, calendar
    )
    apply_opening_rules(probe, facts, received_on, config.policy, calendar, civic_events(calendar.raw))
    return Linked(probe, True, False, None)


def _record_arrival(linked: Linked, actor: Actor, at: datetime, what: str, record_id: str) -> None:
    case = linked.case
    action = f"open_by_{what}" if linked.is_new else f"repeat_{what}"
    case.history.append(
        HistoryEntry(
            at=at,
            actor=actor.sub,
            actor_name=actor.name,
            action=action,
            from_status=linked.status_before,
            to_status=case.status.value,
            details={f"{what}_id": record_id},
        )
    )


def _visit_registered(visit: Visit) -> None:
    visits, persons, group_visits = metrics.visit_counters(visit.kind, visit.reception)
    visits.inc()
    persons.inc(visit.headcount)
    if visit.is_group:
        group_visits.inc()
    log.info(
        "visit registered",
        extra={"visit_id": visit.id, "case_id": visit.case_id, "kind": visit.kind, "headcount": visit.headcount},
    )


def _petition_received(petition: Petition) -> None:
    metrics.PETITIONS.labels(petition.kind, petition.channel).inc()
    log.info(
        "petition received", extra={"petition_id": petition.id, "case_id": petition.case_id, "kind": petition.kind}
    )


def register_visit(uow: UnitOfWork, config: IntakeConfig, actor: Actor, unit: str, cmd: VisitInput) -> dict[str, Any]:
    now = config.clock()
    uow.single_statement_writes()
    repo = IntakeRepository(uow.session, config.vault)
    calendar = repo.roster.calendar(unit)
    content = cmd.content
    ward_tz = ZoneInfo(calendar.timezone)
    received_at = (cmd.received_at or now).astimezone(ward_tz)
    identity_stored = _identity_stored(content.kind, config)
    problems = _content_problems(content, identity_stored)
    if received_at > now + CLOCK_SKEW:
        problems.add("received_at", "Thời điểm tiếp không được ở tương lai.")
    problems.extend(visitors_problems(content.kind, cmd.citizens))
    problems.extend(citizen_problems(cmd.citizens, local_date(now, calendar)))
    problems.extend(headcount_problems(cmd.headcount, cmd.citizens, config.group_threshold))
    problems.extend(_facts_problems(content, local_date(received_at, calendar), cmd.headcount))
    refusal: Refusal | None = None
    if cmd.refused or cmd.refusal_reason_code:
        try:
            refusal = make_refusal(cmd.refusal_reason_code, cmd.refusal_notice_no, "refusal.")
        except InvalidFieldsError as exc:
            problems.extend(exc.errors)
    problems.raise_if_any()

    citizens = as_representatives(cmd.headcount, [c.normalised() for c in cmd.citizens], config.group_threshold)
    digests = [config.vault.digest(c.id_number) for c in citizens if c.id_number] if identity_stored else []
    received_on = local_date(received_at, calendar)
    facts = _facts(content, cmd.headcount)
    linked = _link_case(repo, content, unit, digests, now, received_on, True, config, calendar, facts)
    case = linked.case
    visit_id = str(uuid.uuid4())
    case.visit_count += 1
    case.first_visit_at = min(filter(None, [case.first_visit_at, received_at]))
    _record_arrival(linked, actor, now, "visit", visit_id)
    opened_data = events.case_data(case, None, now) if linked.is_new else None
    if refusal is not None and linked.is_new:
        apply_action(
            case,
            ActionRequest(Action.REFUSE.value, reason_code=refusal.reason_code.value, notice_no=refusal.notice_no),
            actor,
            now.astimezone(ward_tz),
            config.policy,
            calendar,
        )
    host_name, host_staff_id = cmd.host_name, None
    if not host_name:
        duty = repo.roster.on_duty(unit, received_at, calendar.timezone, HOST_DUTIES[cmd.reception])
        if duty is not None:
            host_name, host_staff_id = duty.staff_name, duty.staff_id
    visit = Visit(
        id=visit_id,
        unit=unit,
        case_id=case.id,
        received_at=received_at,
        reception=cmd.reception,
        headcount=cmd.headcount,
        kind=content.kind,
        field=content.field,
        subject=content.subject,
        area=content.area,
        summary=content.summary,
        party_related=content.party_related,
        is_group=is_group(cmd.headcount, config.group_threshold),
        repeat=linked.repeat,
        reply_due=None if refusal else config.policy.deadline("reply_due", "visit_reply", received_on, calendar),
        host_name=host_name,
        host_staff_id=host_staff_id,
        citizens=citizens if identity_stored else [],
        handled_by=cmd.handled_by,
        notes=cmd.notes,
        refusal=refusal,
        paper_file_ref=content.paper_file_ref,
        identity_stored=identity_stored,
        created_by=actor.sub,
    )
    if opened_data is not None:
        uow.emit(events.CASE_OPENED, opened_data, unit=unit, aggregate_id=case.id)
        if refusal is not None:
            uow.emit(events.CASE_CHANGED, events.case_data(case, "received", now), unit=unit, aggregate_id=case.id)
    _held_for_election(uow, linked, now)
    uow.emit(
        events.VISIT_REGISTERED,
        events.visit_registered(
            visit,
            # a new case has no earlier status: like every case, it starts as received
            linked.status_before or Status.RECEIVED.value,
            case.first_visit_at.astimezone(ward_tz),
            case.visit_count,
            linked.is_new,
        ),
        unit=unit,
        aggregate_id=case.id,
    )
    back_dated = received_on < local_date(now, calendar)
    receipt = make_receipt(
        uow,
        config,
        actor,
        case,
        visit.id,
        received_on,
        visit.reply_due.date if visit.reply_due else None,
        visit.citizens[0] if visit.citizens else None,
        visit.host_name or actor.name,
        from_visit=True,
    )

    def save(statement: WriteStatement | None) -> None:
        repo.save_visit(case, visit, received_on, statement)
        repo.save_paper(receipt, statement)
        if back_dated:
            repo.reopen_register_day(unit, received_on, statement)

    uow.write_at_commit(save)  # with the events (and the answer): one statement on PostgreSQL
    uow.on_committed(lambda: _visit_registered(visit))
    uow.commit()
    return {
        "id": visit.id,
        "case_id": case.id,
        "case_is_new": linked.is_new,
        "case_status": case.status.value,
        "repeat": visit.repeat,
        "received_at": received_at.isoformat(),
        "reception": visit.reception,
        "headcount": visit.headcount,
        "is_group": visit.is_group,
        "host_name": visit.host_name,
        "reply_due": visit.reply_due.date.isoformat() if visit.reply_due else None,
        "reply_due_rule": visit.reply_due.to_dict() if visit.reply_due else None,
        "refusal": refusal.to_dict() if refusal else None,
        "identity_stored": identity_stored,
        "deadlines": {name: d.to_dict() for name, d in case.deadlines.items()},
        **_legal_answer(case),
        "receipt": receipt_answer(receipt),
    }


def receive_petition(
    uow: UnitOfWork, config: IntakeConfig, actor: Actor, unit: str, cmd: PetitionInput
) -> dict[str, Any]:
    now = config.clock()
    uow.single_statement_writes()
    repo = IntakeRepository(uow.session, config.vault)
    calendar = repo.roster.calendar(unit)
    content = cmd.content
    today = local_date(now, calendar)
    received_on = cmd.received_on or today
    identity_stored = _identity_stored(content.kind, config)
    problems = _content_problems(content, identity_stored)
    if received_on > today:
        problems.add("received_on", "Ngày nhận đơn không được ở tương lai.")
    if cmd.signers is not None:
        problems.extend(signers_problems(cmd.signers, cmd.citizens))
    problems.extend(sender_problems(cmd.channel, cmd.sender_agency))
    problems.extend(citizen_problems(cmd.citizens, today))
    signers = cmd.signers if cmd.signers is not None else len(cmd.citizens)
    problems.extend(_facts_problems(content, received_on, max(signers, 1)))
    problems.raise_if_any()

    citizens = [c.normalised() for c in cmd.citizens]
    kind = Kind(content.kind)
    assessment = assess(kind, citizens, cmd.signed, cmd.dated, cmd.in_vietnamese)
    digests = [config.vault.digest(c.id_number) for c in citizens if c.id_number] if identity_stored else []
    facts = _facts(content, max(signers, 1))
    linked = _link_case(repo, content, unit, digests, now, received_on, False, config, calendar, facts)
    case = linked.case
    petition_id = str(uuid.uuid4())
    if linked.is_new:
        case.eligible = assessment.eligible
        case.processable = assessment.processable
        case.competent = cmd.competent
    case.petition_count += 1
    _record_arrival(linked, actor, now, "petition", petition_id)
    process_by = opening_deadlines(kind, received_on, False, content.several_places, config.policy, calendar)
    petition = Petition(
        id=petition_id,
        unit=unit,
        case_id=case.id,
        channel=cmd.channel,
        received_on=received_on,
        signers=cmd.signers if cmd.signers is not None else len(citizens),
        kind=content.kind,
        field=content.field,
        subject=content.subject,
        area=content.area,
        summary=content.summary,
        party_related=content.party_related,
        repeat=linked.repeat,
        eligible=assessment.eligible,
        processable=assessment.processable,
        process_by=process_by["process_by"],
        ineligible_reasons=assessment.reasons,
        sender_agency=cmd.sender_agency,
        citizens=citizens if identity_stored else [],
        paper_file_ref=content.paper_file_ref,
        identity_stored=identity_stored,
        created_by=actor.sub,
    )
    if linked.is_new:
        uow.emit(events.CASE_OPENED, events.case_data(case, None, now), unit=unit, aggregate_id=case.id)
    _held_for_election(uow, linked, now)
    received = events.petition_received(petition, linked.is_new)
    uow.emit(events.PETITION_RECEIVED, received, unit=unit, aggregate_id=case.id)
    receipt = make_receipt(
        uow,
        config,
        actor,
        case,
        petition.id,
        received_on,
        petition.process_by.date,
        petition.citizens[0] if petition.citizens else None,
        actor.name,
        from_visit=False,
    )

    def save(statement: WriteStatement | None) -> None:
        repo.save_petition(case, petition, statement)
        repo.save_paper(receipt, statement)
        if received_on < today:
            repo.reopen_register_day(unit, received_on, statement)

    uow.write_at_commit(save)  # with the events (and the answer): one statement on PostgreSQL
    uow.on_committed(lambda: _petition_received(petition))
    uow.commit()
    return {
        "id": petition.id,
        "case_id": case.id,
        "case_is_new": linked.is_new,
        "case_status": case.status.value,
        "repeat": petition.repeat,
        "received_on": received_on.isoformat(),
        "signers": petition.signers,
        "eligible": petition.eligible,
        "ineligible_reasons": list(petition.ineligible_reasons),
        "processable": petition.processable,
        "process_by": petition.process_by.date.isoformat(),
        "process_by_rule": petition.process_by.to_dict(),
        "identity_stored": identity_stored,
        "deadlines": {name: d.to_dict() for name, d in case.deadlines.items()},
        **_legal_answer(case),
        "receipt": receipt_answer(receipt),
    }
