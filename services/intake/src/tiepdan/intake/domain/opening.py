"""The legal facts recorded when a matter first arrives, and the rules they set on its case.

Filing limits (domain/filing.py), voter-list complaints, the election cut-off and congress personnel
(domain/civic.py); each rule names its basis where it is defined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tiepdan.intake.domain.cases import Case
from tiepdan.intake.domain.civic import CivicEvent, congress_deadline, election_hold
from tiepdan.intake.domain.deadlines import DeadlinePolicy
from tiepdan.intake.domain.errors import FieldErrors
from tiepdan.intake.domain.filing import Obstacle, assess_filing, filing_problems, filing_rule
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import WorkingCalendar


@dataclass(frozen=True)
class MatterFacts:
    """`known_on`: the day the filing limit counts from — a first complaint: the day the complainant knew of the
    decision or act; a second one: the day the first decision was received; a voter-list complaint: the day the
    list was posted."""

    known_on: date | None = None
    obstacle: Obstacle | None = None
    voter_list: bool = False
    about_candidate: bool = False
    congress_personnel: bool = False
    persons: int = 1


def facts_problems(facts: MatterFacts, kind: Kind, party_related: bool, received_on: date) -> dict[str, list[str]]:
    found = FieldErrors()
    found.extend(filing_problems(facts.known_on, received_on, facts.obstacle, "known_on"))
    if facts.voter_list and kind is not Kind.COMPLAINT:
        found.add("voter_list", "Khiếu nại về danh sách cử tri phải có loại khiếu nại (kind = complaint).")
    if facts.about_candidate and kind not in (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.MIXED):
        found.add("about_candidate", "Chỉ khiếu nại, tố cáo mới được đánh dấu là về người ứng cử.")
    if facts.congress_personnel and (kind is not Kind.DENUNCIATION or not party_related):
        found.add(
            "congress_personnel",
            "Tố cáo nhân sự đại hội phải là tố cáo (kind = denunciation) liên quan đảng viên (party_related).",
        )
    return found.errors


def apply_opening_rules(
    case: Case,
    facts: MatterFacts,
    received_on: date,
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
    events: Iterable[CivicEvent],
) -> None:
    """Set on a new case its filing limit, its voter-list deadline, its election hold and its congress deadline."""
    case.voter_list = facts.voter_list
    case.about_candidate = facts.about_candidate
    case.congress_personnel = facts.congress_personnel
    case.complainants = max(facts.persons, 1)
    rule = filing_rule(case.kind, case.complaint_round, facts.voter_list, policy)
    if rule is not None and facts.known_on is not None:
        case.filing = assess_filing(rule, facts.known_on, received_on, facts.obstacle, policy, calendar)
    if facts.voter_list:
        # the list's maker answers within 5 days of receipt, instead of the ordinary acceptance period
        case.deadlines.pop("process_by", None)
        case.deadlines["voter_list_answer_by"] = policy.deadline(
            "voter_list_answer_by", "voter_list_resolution", received_on, calendar
        )
    events = list(events)
    case.election_hold = election_hold(case.kind, facts.about_candidate, received_on, events, calendar)
    conclude_by = congress_deadline(case.kind, facts.congress_personnel, received_on, events, calendar)
    if conclude_by is not None:
        case.deadlines["conclude_by"] = conclude_by


def join_facts(case: Case, facts: MatterFacts) -> None:
    """A later arrival on the case: a bigger group counts its people; the opening's rules stay as they were."""
    case.complainants = max(case.complainants, facts.persons)
