"""Biểu 02/XLD (petition handling): petitions to handle, handled, eligible, content, status and outcome.

Basis: TT 06/2025/TT-TTCP with the form of TT 01/2024; petition processing per TT 05/2021/TT-TTCP.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tiepdan.reports.domain.cases import CaseChange, CaseDeadline, DeadlineState, first_decision_on, state_as_of
from tiepdan.reports.domain.periods import Period

#: the form's content groups: administrative (policy / land–housing / other), judicial, Party, other
FIELD_CONTENT: dict[str, str] = {
    "social_policy": "policy",
    "land": "land_housing",
    "compensation": "land_housing",
    "housing": "land_housing",
    "environment": "administrative_other",
    "official_conduct": "administrative_other",
    "religion": "administrative_other",
    "election": "administrative_other",
    "justice": "judicial",
    "party": "party",
    "other": "other",
}
CONTENT_GROUPS = ("policy", "land_housing", "administrative_other", "judicial", "party", "other")
#: recommendations and feedback share one row of the form
KIND_ROWS: dict[str, str] = {
    "complaint": "complaint",
    "denunciation": "denunciation",
    "recommendation": "recommendation",
    "feedback": "recommendation",
    "mixed": "mixed",
}
KIND_ROW_ORDER = ("complaint", "denunciation", "recommendation", "mixed")
STATUS_GROUPS = ("resolved_first", "resolved_second", "resolved_by_court", "not_resolved")
COMPETENT_GROUPS = ("complaint_first", "complaint_second", "denunciation", "recommendation")
NOT_COMPETENT_GROUPS = ("guided", "transferred", "urged")
_NOT_COMPETENT_BY_STATUS = {"guided": "guided", "transferred": "transferred"}
_NOT_COMPETENT_BY_ACTION = {"guide": "guided", "transfer": "transferred", "urge": "urged"}
_COURT_OUTCOMES = frozenset({"court", "court_judgment", "by_court"})


@dataclass(frozen=True)
class PetitionFact:
    unit: str
    petition_id: str
    case_id: str
    received_on: date
    eligible: bool
    kind: str
    field: str


def handled_on(petition: PetitionFact, changes: Sequence[CaseChange]) -> date | None:
    """A petition is handled by the first decision on its case after it came in; one joining a case already
    decided (a duplicate the case absorbs) is handled the day it arrives."""
    standing = state_as_of(changes, petition.received_on)
    if standing is not None and standing.is_decision:
        return petition.received_on
    decided: date | None = first_decision_on(changes, petition.received_on)
    return decided


def content_group(field: str) -> str:
    return FIELD_CONTENT.get(field, "other")


def kind_row(kind: str) -> str:
    return KIND_ROWS.get(kind, "mixed")


def status_group(case: CaseChange | None) -> str:
    if case is None:
        return "not_resolved"
    if case.outcome in _COURT_OUTCOMES:
        return "resolved_by_court"
    if case.status == "resolved":
        return "resolved_second" if case.complaint_round >= 2 else "resolved_first"
    return "not_resolved"


def outcome_group(case: CaseChange | None) -> tuple[str, str] | None:
    """("competent", group) or ("not_competent", group); None while the case awaits a decision or was filed."""
    if case is None:
        return None
    if case.status in _NOT_COMPETENT_BY_STATUS:
        return "not_competent", _NOT_COMPETENT_BY_STATUS[case.status]
    if case.competent is False and case.action in _NOT_COMPETENT_BY_ACTION:
        return "not_competent", _NOT_COMPETENT_BY_ACTION[case.action]
    if case.competent is False or case.status in ("received", "filed"):
        return None
    row = kind_row(case.kind)
    if row == "complaint":
        return "competent", "complaint_second" if case.complaint_round >= 2 else "complaint_first"
    return "competent", "denunciation" if row == "denunciation" else "recommendation"


def _counter(names: Iterable[str]) -> dict[str, int]:
    return dict.fromkeys(names, 0)


def _with_total(counts: dict[str, int]) -> dict[str, int]:
    return {**counts, "total": sum(counts.values())}


@dataclass
class _PetitionCounts:
    carried: int = 0
    received: int = 0
    handled: int = 0
    eligible_petitions: int = 0
    #: each eligible case handled in the period, with its first petition handled
    eligible_cases: dict[str, PetitionFact] = field(default_factory=dict)


def _count_petitions(
    petitions: Iterable[PetitionFact], changes_by_case: Mapping[str, Sequence[CaseChange]], period: Period
) -> _PetitionCounts:
    counts = _PetitionCounts()
    for petition in petitions:
        if petition.received_on > period.end:
            continue
        done_on = handled_on(petition, changes_by_case.get(petition.case_id, ()))
        if petition.received_on >= period.start:
            counts.received += 1
        elif done_on is None or done_on >= period.start:
            counts.carried += 1
        else:
            continue
        if done_on is None or done_on > period.end:
            continue
        counts.handled += 1
        if petition.eligible:
            counts.eligible_petitions += 1
            counts.eligible_cases.setdefault(petition.case_id, petition)
    return counts


def _count_deadlines(
    deadlines: Iterable[CaseDeadline], changes_by_case: Mapping[str, Sequence[CaseChange]], period: Period
) -> dict[str, int]:
    states = _counter(state.value for state in DeadlineState)
    for deadline in deadlines:
        if period.contains(deadline.due):
            state = deadline.state_as_of(changes_by_case.get(deadline.case_id, ()), period.end)
            if state is not None:
                states[state] += 1
    return states


def tally_unit(
    petitions: Iterable[PetitionFact],
    changes_by_case: Mapping[str, Sequence[CaseChange]],
    deadlines: Iterable[CaseDeadline],
    period: Period,
) -> dict[str, Any]:
    """02/XLD of one unit; every "total" is the sum of its parts.

    `petitions` may include earlier ones: those still unhandled when the period starts are carried over.
    """
    counted = _count_petitions(petitions, changes_by_case, period)
    carried, received, handled = counted.carried, counted.received, counted.handled
    eligible_petitions, eligible_cases = counted.eligible_petitions, counted.eligible_cases

    content = {row: _counter(CONTENT_GROUPS) for row in KIND_ROW_ORDER}
    by_status = _counter(STATUS_GROUPS)
    outcomes = {"competent": _counter(COMPETENT_GROUPS), "not_competent": _counter(NOT_COMPETENT_GROUPS)}
    for case_id, petition in eligible_cases.items():
        case = state_as_of(changes_by_case.get(case_id, ()), period.end)
        kind = case.kind if case is not None else petition.kind
        field_ = case.field if case is not None else petition.field
        content[kind_row(kind)][content_group(field_)] += 1
        by_status[status_group(case)] += 1
        outcome = outcome_group(case)
        if outcome is not None:
            outcomes[outcome[0]][outcome[1]] += 1

    deadline_states = _count_deadlines(deadlines, changes_by_case, period)

    content_totals = {name: sum(content[row][name] for row in KIND_ROW_ORDER) for name in CONTENT_GROUPS}
    competent, not_competent = _with_total(outcomes["competent"]), _with_total(outcomes["not_competent"])
    return {
        "petitions": {
            "carried_over": carried,
            "received": received,
            "total": carried + received,
            "handled": handled,
            "not_handled": carried + received - handled,
        },
        "eligible": {"petitions": eligible_petitions, "cases": len(eligible_cases)},
        "by_content": {
            **{row: _with_total(groups) for row, groups in content.items()},
            "total": _with_total(content_totals),
        },
        "by_status": _with_total(by_status),
        "outcome": {
            "competent": competent,
            "not_competent": not_competent,
            "total": competent["total"] + not_competent["total"],
        },
        "deadlines": _with_total(deadline_states),
    }


def tally_handling(
    petitions: Iterable[PetitionFact],
    changes: Iterable[CaseChange],
    deadlines: Iterable[CaseDeadline],
    period: Period,
) -> dict[str, dict[str, Any]]:
    """02/XLD per unit over plain records."""
    changes_by_case: dict[str, list[CaseChange]] = defaultdict(list)
    for change in changes:
        changes_by_case[change.case_id].append(change)
    petitions_by_unit: dict[str, list[PetitionFact]] = defaultdict(list)
    for petition in petitions:
        petitions_by_unit[petition.unit].append(petition)
    deadlines_by_unit: dict[str, list[CaseDeadline]] = defaultdict(list)
    for deadline in deadlines:
        deadlines_by_unit[deadline.unit].append(deadline)
    units = sorted(set(petitions_by_unit) | set(deadlines_by_unit))
    return {
        unit: tally_unit(petitions_by_unit[unit], changes_by_case, deadlines_by_unit[unit], period) for unit in units
    }
