"""The data of the events intake publishes (docs/contract.md "Events"): counts, places, times — never a person."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tiepdan.intake.domain.cases import Case
from tiepdan.intake.domain.civic import ElectionHold
from tiepdan.intake.domain.deadlines import Deadline
from tiepdan.intake.domain.records import Petition, Visit

VISIT_REGISTERED = "intake.visit.registered"
PETITION_RECEIVED = "intake.petition.received"
CASE_OPENED = "intake.case.opened"
CASE_CHANGED = "intake.case.changed"
DEADLINE_DUE = "intake.case.deadline_due"
CASE_OVERDUE = "intake.case.overdue"
REGISTER_CLOSED = "intake.register.closed"
#: A matter about a candidate held in the election cut-off (Luật Bầu cử 2015, Điều 61): alerts tell the leader.
CASE_HELD = "intake.case.held"
VISIT_CORRECTED = "intake.visit.corrected"
PETITION_CORRECTED = "intake.petition.corrected"
CASE_MERGED = "intake.case.merged"
PAPER_ISSUED = "intake.paper.issued"


def visit_registered(
    visit: Visit, status_before: str, first_visit_at: datetime, visit_count: int, case_is_new: bool
) -> dict[str, Any]:
    """`case_status` is the case's status before this visit: alerts tell "came back after resolution" by it."""
    return {
        "visit_id": visit.id,
        "case_id": visit.case_id,
        "case_is_new": case_is_new,
        "received_at": visit.received_at.isoformat(),
        "reception": visit.reception,
        "headcount": visit.headcount,
        "is_group": visit.is_group,
        "repeat": visit.repeat,
        "kind": visit.kind,
        "field": visit.field,
        "subject": visit.subject,
        "area": visit.area,
        "party_related": visit.party_related,
        "case_first_visit_at": first_visit_at.isoformat(),
        "case_visit_count": visit_count,
        "case_status": status_before,
        "refused": visit.refusal is not None,
        "reply_due": visit.reply_due.date.isoformat() if visit.reply_due else None,
        "reply_due_provisional": bool(visit.reply_due and visit.reply_due.provisional),
    }


def petition_received(petition: Petition, case_is_new: bool) -> dict[str, Any]:
    return {
        "petition_id": petition.id,
        "case_id": petition.case_id,
        "case_is_new": case_is_new,
        "channel": petition.channel,
        "received_on": petition.received_on.isoformat(),
        "signers": petition.signers,
        "headcount": petition.signers,
        "kind": petition.kind,
        "field": petition.field,
        "subject": petition.subject,
        "area": petition.area,
        "eligible": petition.eligible,
        "processable": petition.processable,
        "party_related": petition.party_related,
        "repeat": petition.repeat,
        "process_by": petition.process_by.date.isoformat(),
        "process_by_provisional": petition.process_by.provisional,
    }


def case_data(case: Case, previous_status: str | None, changed_at: datetime) -> dict[str, Any]:
    """For `intake.case.opened|changed`, with what reports need for 02/XLD."""
    return {
        "case_id": case.id,
        "changed_at": changed_at.isoformat(),
        "kind": case.kind.value,
        "field": case.field,
        "area": case.area,
        "subject": case.subject,
        "party_related": case.party_related,
        "status": case.status.value,
        "previous_status": previous_status,
        "action": case.last_action,
        "outcome": case.outcome,
        "eligible": case.eligible,
        "processable": case.processable,
        "competent": case.competent,
        "complaint_round": case.complaint_round,
        "complex": case.complex,
        "extensions": case.extensions,
        "visit_count": case.visit_count,
        "petition_count": case.petition_count,
        "received_on": case.received_on.isoformat(),
        "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
        "deadlines": {name: deadline.to_dict() for name, deadline in case.deadlines.items()},
        #: the deadlines running after this change, as intake watches them: reports count overdue by these
        "watched": sorted(deadline.name for deadline in case.watched_deadlines()),
        **legal_flags(case),
    }


def legal_flags(case: Case) -> dict[str, Any]:
    """The legal rules' marks on a case that reports count (filing limit, election hold, false name, withdrawals)."""
    return {
        "filing_late": case.filing_late,
        "voter_list": case.voter_list,
        "about_candidate": case.about_candidate,
        "election_hold": case.election_hold is not None,
        "forward_after": case.election_hold.forward_after.isoformat() if case.election_hold else None,
        "congress_personnel": case.congress_personnel,
        "false_name": case.false_name_reason is not None,
        "complainants": case.complainants,
        "withdrawn_persons": case.withdrawn_persons,
    }


def case_held(case: Case, hold: ElectionHold, at: datetime) -> dict[str, Any]:
    """`intake.case.held`: no person, only the matter, the election day and the day it may be forwarded."""
    return {
        "case_id": case.id,
        "held_at": at.isoformat(),
        "reason": "election_cutoff",
        "kind": case.kind.value,
        "field": case.field,
        "area": case.area,
        "subject": case.subject,
        "party_related": case.party_related,
        "received_on": case.received_on.isoformat(),
        **hold.to_dict(),
    }


def deadline_notice(case: Case, deadline: Deadline) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "deadline": deadline.name,
        "date": deadline.date.isoformat(),
        "rule": deadline.rule,
        "day_type": deadline.day_type.value,
        "provisional": deadline.provisional,
        "provisional_reason": deadline.provisional_reason,
        "status": case.status.value,
        "kind": case.kind.value,
        "field": case.field,
        "area": case.area,
        "subject": case.subject,
        "party_related": case.party_related,
    }


def visit_corrected(
    visit: Mapping[str, Any], case_first_visit_at: datetime, changed: list[str], corrected_at: datetime
) -> dict[str, Any]:
    """The visit as it now stands (what reports count it by) and the names of the fields that changed."""
    return {
        "visit_id": visit["id"],
        "case_id": visit["case_id"],
        "received_at": visit["received_at"].isoformat(),
        "reception": visit["reception"],
        "headcount": visit["headcount"],
        "is_group": visit["is_group"],
        "kind": visit["kind"],
        "field": visit["field"],
        "subject": visit["subject"],
        "area": visit["area"],
        "party_related": visit["party_related"],
        "case_first_visit_at": case_first_visit_at.isoformat(),
        "changed": changed,
        "corrected_at": corrected_at.isoformat(),
    }


def petition_corrected(petition: Mapping[str, Any], changed: list[str], corrected_at: datetime) -> dict[str, Any]:
    return {
        "petition_id": petition["id"],
        "case_id": petition["case_id"],
        "channel": petition["channel"],
        "received_on": petition["received_on"].isoformat(),
        "signers": petition["signers"],
        "headcount": petition["signers"],
        "kind": petition["kind"],
        "field": petition["field"],
        "subject": petition["subject"],
        "area": petition["area"],
        "eligible": petition["eligible"],
        "processable": petition["processable"],
        "party_related": petition["party_related"],
        "changed": changed,
        "corrected_at": corrected_at.isoformat(),
    }


def case_merged(source: Case, target: Case, moved: Mapping[str, list[str]], merged_at: datetime) -> dict[str, Any]:
    """`case_id` joined `into`: the visits and petitions listed now belong to `into`."""
    return {
        "case_id": source.id,
        "into": target.id,
        "merged_at": merged_at.isoformat(),
        "visit_ids": list(moved["visit_ids"]),
        "petition_ids": list(moved["petition_ids"]),
        "kind": target.kind.value,
        "field": target.field,
        "area": target.area,
        "subject": target.subject,
        "into_first_visit_at": target.first_visit_at.isoformat() if target.first_visit_at else None,
    }
