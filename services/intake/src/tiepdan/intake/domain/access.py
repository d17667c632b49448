"""Who may see and do what with intake records (docs/contract.md "Roles"), including denouncer confidentiality.

Denouncer identity is a state secret, level "Mật" (Luật Tố cáo Art 9, Art 56; QĐ 774/QĐ-TTg).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from tiepdan.intake.domain.cases import Action, Case, refused_because
from tiepdan.intake.domain.listing import DenouncersFound, Shown
from tiepdan.intake.domain.outreach import Topic
from tiepdan.intake.domain.vocabulary import Kind

CLERK, LEADER, POLICE, PARTY_INSPECTION = "clerk", "leader", "police", "party_inspection"

#: Who may call each group of endpoints at all (docs/contract.md "Roles"); finer rules per record below.
INTAKE_ROLES = (CLERK, LEADER)  # register visits and petitions, list them, print the register
CASE_READ_ROLES = (CLERK, LEADER, PARTY_INSPECTION, POLICE)
CASE_ACT_ROLES = (CLERK, LEADER, PARTY_INSPECTION)
#: The ward's staff (every role but operations and the province): e.g. the deadline calculator.
STAFF_ROLES = (CLERK, LEADER, PARTY_INSPECTION, POLICE, "scheduler", "admin")
#: Decisions that belong to whoever resolves (the Chairman, or the Party inspection committee on Party matters).
DECIDER_ACTIONS = frozenset({Action.RESOLVE, Action.EXTEND, Action.SUSPEND, Action.RESUME})

REDACTED = "[đã ẩn]"


class CaseView(StrEnum):
    FULL = "full"  # content and identity
    REDACTED = "redacted"  # content, identity hidden
    OUTLINE = "outline"  # field, subject and area only (police)
    NONE = "none"


def is_confidential(kind: Kind | str) -> bool:
    return Kind(kind) is Kind.DENUNCIATION


def is_party_restricted(kind: Kind | str, party_related: bool) -> bool:
    """Denunciations about Party members / congress personnel belong to the Party inspection committee."""
    return party_related and is_confidential(kind)


def case_view(roles: Iterable[str], kind: Kind | str, party_related: bool) -> CaseView:
    held = frozenset(roles)
    if LEADER in held:
        return CaseView.FULL
    if PARTY_INSPECTION in held and party_related:
        return CaseView.FULL
    if is_party_restricted(kind, party_related):
        return CaseView.NONE
    if CLERK in held:
        return CaseView.FULL if not is_confidential(kind) else CaseView.REDACTED
    if POLICE in held:
        return CaseView.OUTLINE
    return CaseView.NONE


def may_read_identity(roles: Iterable[str], kind: Kind | str, party_related: bool) -> bool:
    """Non-confidential records show identity to anyone with the full view; denouncers only to leader and, on
    Party matters, Party inspection."""
    return case_view(roles, kind, party_related) is CaseView.FULL


def may_search_citizens(roles: Iterable[str]) -> bool:
    """Finding cases by a citizen's name, ID or phone reads identity: the police, who see outlines only, may not."""
    return bool(frozenset(roles) & {CLERK, LEADER, PARTY_INSPECTION})


def shown_in_lists(roles: Iterable[str]) -> Shown:
    """What a list leaves out for these roles: the records whose case_view is NONE for them."""
    held = frozenset(roles)
    if LEADER in held or {PARTY_INSPECTION, CLERK} <= held:
        return Shown.EVERY
    if PARTY_INSPECTION in held:
        return Shown.PARTY_MATTERS
    return Shown.NOT_PARTY_DENUNCIATIONS


def denouncers_found(roles: Iterable[str]) -> DenouncersFound:
    """may_read_identity for a citizen search: a denouncer is found only by whoever may read who they are."""
    held = frozenset(roles)
    if LEADER in held:
        return DenouncersFound.EVERY
    if PARTY_INSPECTION in held:
        return DenouncersFound.ON_PARTY_MATTERS
    return DenouncersFound.NONE


def sees_outlines_only(roles: Iterable[str]) -> bool:
    """The police alone see a case's field, subject and area, nothing else (case_view OUTLINE)."""
    held = frozenset(roles)
    return POLICE in held and not held & {CLERK, LEADER, PARTY_INSPECTION}


def may_correct(roles: Iterable[str], kind: Kind | str, party_related: bool) -> bool:
    """Correcting a record or merging cases is clerical work: allowed as any action that is not a decision."""
    return may_act(roles, Action.ACCEPT, kind, party_related)


def may_act(roles: Iterable[str], action: Action, kind: Kind | str, party_related: bool) -> bool:
    held = frozenset(roles)
    if LEADER in held:
        return True
    if PARTY_INSPECTION in held and party_related:
        return True
    if is_party_restricted(kind, party_related):
        return False
    return CLERK in held and action not in DECIDER_ACTIONS


def actions_allowed(roles: Iterable[str], case: Case, today: date) -> list[Action]:
    """What this person may do to the case today: the actions its state and the legal bars allow
    (cases.refused_because) that the person's roles may take (may_act); the API refuses any other."""
    held = frozenset(roles)
    return [
        action
        for action in Action
        if may_act(held, action, case.kind, case.party_related) and refused_because(action, case, today) is None
    ]


# -- coordination (issue 19): enforcement holds and outreach -----------------------------------------------------------

FRONT, PARTY_BUILDING = "front", "party_building"  # Ủy ban MTTQ phường; Ban Xây dựng Đảng ủy phường
#: A case's planned enforcement: the ward office prepares it, the Chairman decides on it in special periods (plan §3).
ENFORCEMENT_ROLES = (CLERK, LEADER)
ENFORCEMENT_DECIDERS = (LEADER,)
OUTREACH_ROLES = (CLERK, LEADER, FRONT, PARTY_BUILDING)
#: MTTQ and Ban Xây dựng Đảng talk to citizens on the matters of their mass work; the ward office and the Chairman
#: on any (the plan's tuyên truyền, vận động).
MASS_WORK_TOPICS = frozenset({Topic.RELIGION, Topic.POLICY, Topic.MERITORIOUS_PEOPLE})


def outreach_topics(roles: Iterable[str]) -> frozenset[Topic]:
    """The outreach topics these roles may record and read."""
    held = frozenset(roles)
    if held & {CLERK, LEADER}:
        return frozenset(Topic)
    if held & {FRONT, PARTY_BUILDING}:
        return MASS_WORK_TOPICS
    return frozenset()


def may_record_outreach(roles: Iterable[str], topic: Topic | str) -> bool:
    return Topic(topic) in outreach_topics(roles)


def may_plan_enforcement(roles: Iterable[str], kind: Kind | str, party_related: bool) -> bool:
    """On a case the caller may see in full or redacted (a Party matter only the leader among these roles)."""
    held = frozenset(roles)
    return bool(held & set(ENFORCEMENT_ROLES)) and case_view(held, kind, party_related) is not CaseView.NONE


def may_refer_to_case(roles: Iterable[str], kind: Kind | str, party_related: bool) -> bool:
    """An outreach record may name a case; a Party denunciation's existence is told to the leader alone here."""
    return LEADER in frozenset(roles) or not is_party_restricted(kind, party_related)
