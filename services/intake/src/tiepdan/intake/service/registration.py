"""Registering visits and petitions: each is one unit of work (case, record, history, receipt and outbox events).

Convention of intake's service layer: the caller opens the unit of work and commits it, since a request's answer
(`Idempotency-Key`) commits with the work; service functions do the work inside it and return what happened."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tiepdan.intake.adapters import metrics
from tiepdan.intake.config import IntakeConfig
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
    Citizen,
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
from tiepdan.intake.service.papers import ReceiptFor, make_receipt
from tiepdan.intake.service.unit_of_work import IntakeWork
from tiepdan.kit.calendar import WorkingCalendar

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
    status_before: str | None

    @property
    def repeat(self) -> bool:
        return not self.is_new


@dataclass(frozen=True)
class Arrival:
    """A visit or petition about to be linked to its case."""

    unit: str
    content: Content
    digests: list[str]
    opened_at: datetime
    received_on: date
    facts: MatterFacts
    from_visit: bool


@dataclass(frozen=True)
class Receipt:
    code: str
    paper_id: str


@dataclass(frozen=True)
class VisitRegistered:
    visit: Visit
    case: Case
    case_is_new: bool
    receipt: Receipt


@dataclass(frozen=True)
class PetitionRegistered:
    petition: Petition
    case: Case
    case_is_new: bool
    receipt: Receipt


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


def _held_for_election(uow: IntakeWork, linked: Linked, now: datetime) -> None:
    """A new matter about a candidate in the election cut-off: the leader is told (alerts) and reports count it."""
    case, hold = linked.case, linked.case.election_hold
    if linked.is_new and hold is not None:
        uow.emit(events.CASE_HELD, events.case_held(case, hold, now), unit=case.unit, aggregate_id=case.id)


def _identity_stored(kind: str, config: IntakeConfig) -> bool:
    return config.store_denouncer_identity or not is_confidential(kind)


def _link_case(uow: IntakeWork, config: IntakeConfig, calendar: WorkingCalendar, arrival: Arrival) -> Linked:
    """An explicit case_id wins; otherwise the same person on the same field and subject; otherwise a new case."""
    content = arrival.content
    if content.case_id:
        case = uow.cases.get(content.case_id, for_update=True)
        while case is not None and case.merged_into is not None:  # a merged case's records go where it went
            case = uow.cases.get(case.merged_into, for_update=True)
        if case is None:
            raise InvalidFieldsError({"case_id": [f"Không tìm thấy vụ việc '{content.case_id}'."]})
        return _joined(case, arrival.facts)
    probe = Case(
        id="",
        unit=arrival.unit,
        kind=Kind(content.kind),
        field=content.field,
        subject=content.subject,
        area=content.area,
        party_related=content.party_related,
        opened_at=arrival.opened_at,
        received_on=arrival.received_on,
    )
    linked_id = uow.cases.linked_case_id(arrival.unit, content.field, probe.subject_key, arrival.digests)
    linked = uow.cases.get(linked_id, for_update=True) if linked_id is not None else None
    if linked is not None:
        return _joined(linked, arrival.facts)
    probe.id = str(uuid.uuid4())
    probe.complaint_round = content.complaint_round
    probe.several_places = content.several_places
    probe.deadlines = opening_deadlines(
        probe.kind, arrival.received_on, arrival.from_visit, content.several_places, config.policy, calendar
    )
    apply_opening_rules(probe, arrival.facts, arrival.received_on, config.policy, calendar, civic_events(calendar.raw))
    return Linked(probe, is_new=True, status_before=None)


def _joined(case: Case, facts: MatterFacts) -> Linked:
    join_facts(case, facts)
    return Linked(case, is_new=False, status_before=case.status.value)


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


def _visit_problems(
    cmd: VisitInput, config: IntakeConfig, calendar: WorkingCalendar, received_at: datetime
) -> Refusal | None:
    """Every field problem of the visit at once (422); the refusal it records, if any."""
    content, now = cmd.content, config.clock()
    problems = _content_problems(content, _identity_stored(content.kind, config))
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
    return refusal


def _host(
    uow: IntakeWork, cmd: VisitInput, unit: str, received_at: datetime, timezone: str
) -> tuple[str | None, str | None]:
    """Who received the citizens: as entered, else the officer on that reception's duty at the time."""
    if cmd.host_name:
        return cmd.host_name, None
    duty = uow.roster.on_duty(unit, received_at, timezone, HOST_DUTIES[cmd.reception])
    return (duty.staff_name, duty.staff_id) if duty is not None else (None, None)


def register_visit(uow: IntakeWork, config: IntakeConfig, actor: Actor, unit: str, cmd: VisitInput) -> VisitRegistered:
    now = config.clock()
    uow.defer_writes()
    calendar = uow.roster.calendar(unit)
    content = cmd.content
    ward_tz = ZoneInfo(calendar.timezone)
    received_at = (cmd.received_at or now).astimezone(ward_tz)
    refusal = _visit_problems(cmd, config, calendar, received_at)

    identity_stored = _identity_stored(content.kind, config)
    citizens = as_representatives(cmd.headcount, [c.normalised() for c in cmd.citizens], config.group_threshold)
    received_on = local_date(received_at, calendar)
    arrival = Arrival(
        unit=unit,
        content=content,
        digests=_digests(citizens, config) if identity_stored else [],
        opened_at=now,
        received_on=received_on,
        facts=_facts(content, cmd.headcount),
        from_visit=True,
    )
    linked = _link_case(uow, config, calendar, arrival)
    case = linked.case
    visit_id = str(uuid.uuid4())
    case.visit_count += 1
    case.first_visit_at = min(filter(None, [case.first_visit_at, received_at]))
    _record_arrival(linked, actor, now, "visit", visit_id)
    opened_data = events.case_data(case, None, now) if linked.is_new else None
    if refusal is not None and linked.is_new:
        request = ActionRequest(Action.REFUSE.value, reason_code=refusal.reason_code.value, notice_no=refusal.notice_no)
        apply_action(case, request, actor, now.astimezone(ward_tz), config.policy, calendar)
    host_name, host_staff_id = _host(uow, cmd, unit, received_at, calendar.timezone)
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
    registered = events.visit_registered(
        visit,
        # a new case has no earlier status: like every case, it starts as received
        linked.status_before or Status.RECEIVED.value,
        case.first_visit_at.astimezone(ward_tz),
        case.visit_count,
        linked.is_new,
    )
    uow.emit(events.VISIT_REGISTERED, registered, unit=unit, aggregate_id=case.id)
    uow.records.add_visit(case, visit, received_on)
    receipt = make_receipt(
        uow,
        config,
        actor,
        case,
        ReceiptFor(
            record_id=visit.id,
            received_on=received_on,
            due_on=visit.reply_due.date if visit.reply_due else None,
            citizen=visit.citizens[0] if visit.citizens else None,
            handed_by=visit.host_name or actor.name,
            from_visit=True,
        ),
    )
    if received_on < local_date(now, calendar):
        uow.register.reopen_day(unit, received_on)
    uow.on_committed(lambda: _visit_registered(visit))
    return VisitRegistered(visit, case, linked.is_new, Receipt(receipt["code"], receipt["id"]))


def _digests(citizens: list[Citizen], config: IntakeConfig) -> list[str]:
    return [config.vault.digest(c.id_number) for c in citizens if c.id_number]


def _petition_problems(cmd: PetitionInput, config: IntakeConfig, today: date, received_on: date) -> None:
    content = cmd.content
    problems = _content_problems(content, _identity_stored(content.kind, config))
    if received_on > today:
        problems.add("received_on", "Ngày nhận đơn không được ở tương lai.")
    if cmd.signers is not None:
        problems.extend(signers_problems(cmd.signers, cmd.citizens))
    problems.extend(sender_problems(cmd.channel, cmd.sender_agency))
    problems.extend(citizen_problems(cmd.citizens, today))
    signers = cmd.signers if cmd.signers is not None else len(cmd.citizens)
    problems.extend(_facts_problems(content, received_on, max(signers, 1)))
    problems.raise_if_any()


def receive_petition(
    uow: IntakeWork, config: IntakeConfig, actor: Actor, unit: str, cmd: PetitionInput
) -> PetitionRegistered:
    now = config.clock()
    uow.defer_writes()
    calendar = uow.roster.calendar(unit)
    content = cmd.content
    today = local_date(now, calendar)
    received_on = cmd.received_on or today
    _petition_problems(cmd, config, today, received_on)

    identity_stored = _identity_stored(content.kind, config)
    citizens = [c.normalised() for c in cmd.citizens]
    kind = Kind(content.kind)
    assessment = assess(kind, citizens, cmd.signed, cmd.dated, cmd.in_vietnamese)
    signers = cmd.signers if cmd.signers is not None else len(citizens)
    arrival = Arrival(
        unit=unit,
        content=content,
        digests=_digests(citizens, config) if identity_stored else [],
        opened_at=now,
        received_on=received_on,
        facts=_facts(content, max(signers, 1)),
        from_visit=False,
    )
    linked = _link_case(uow, config, calendar, arrival)
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
        signers=signers,
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
    uow.records.add_petition(case, petition)
    receipt = make_receipt(
        uow,
        config,
        actor,
        case,
        ReceiptFor(
            record_id=petition.id,
            received_on=received_on,
            due_on=petition.process_by.date,
            citizen=petition.citizens[0] if petition.citizens else None,
            handed_by=actor.name,
            from_visit=False,
        ),
    )
    if received_on < today:
        uow.register.reopen_day(unit, received_on)
    uow.on_committed(lambda: _petition_received(petition))
    return PetitionRegistered(petition, case, linked.is_new, Receipt(receipt["code"], receipt["id"]))
