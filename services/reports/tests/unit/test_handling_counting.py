"""Biểu 02/XLD over the fixed petitions and case histories of conftest.py, counted by hand."""

from datetime import date

from tiepdan.reports.domain.cases import CaseChange, CaseDeadline
from tiepdan.reports.domain.handling import (
    PetitionFact,
    content_group,
    handled_on,
    kind_row,
    outcome_group,
    status_group,
    tally_handling,
)
from tiepdan.reports.domain.periods import CutOffRule

Q1 = CutOffRule().window("quarter", 2026, 1)
Q2 = CutOffRule().window("quarter", 2026, 2)


def _q1(petitions: tuple[PetitionFact, ...], changes: list[CaseChange], deadlines: tuple[CaseDeadline, ...]) -> dict:
    return tally_handling(petitions, changes, deadlines, Q1)["bach-quang"]


def test_petitions_to_handle_in_q1(
    petition_facts: tuple[PetitionFact, ...], case_changes: list[CaseChange], case_deadlines: tuple[CaseDeadline, ...]
) -> None:
    figures = _q1(petition_facts, case_changes, case_deadlines)
    # p1 was handled before Q1 (5/12); p2 came 10/12 and was accepted 20/12: carried over.
    # received in Q1: p3 p4 p5 p6 p7 p8; p6 (feedback, 10/03) still awaits a decision on 14/03.
    # p7 joins case k3, already accepted: handled the day it came.
    assert figures["petitions"] == {"carried_over": 1, "received": 6, "total": 7, "handled": 6, "not_handled": 1}
    assert figures["eligible"] == {"petitions": 6, "cases": 5}


def test_content_status_and_outcome_in_q1(
    petition_facts: tuple[PetitionFact, ...], case_changes: list[CaseChange], case_deadlines: tuple[CaseDeadline, ...]
) -> None:
    figures = _q1(petition_facts, case_changes, case_deadlines)
    content = figures["by_content"]
    # complaints: k3 land, k5 housing (land–housing), k7 justice (judicial)
    assert content["complaint"] == {
        "policy": 0,
        "land_housing": 2,
        "administrative_other": 0,
        "judicial": 1,
        "party": 0,
        "other": 0,
        "total": 3,
    }
    assert content["denunciation"]["administrative_other"] == 1
    assert content["denunciation"]["total"] == 1
    assert content["recommendation"]["policy"] == 1
    assert content["mixed"]["total"] == 0
    assert content["total"] == {
        "policy": 1,
        "land_housing": 2,
        "administrative_other": 1,
        "judicial": 1,
        "party": 0,
        "other": 0,
        "total": 5,
    }
    # k2 and k3 resolved by 14/03 (first time); k4 guided, k5 accepted, k7 transferred
    assert figures["by_status"] == {
        "resolved_first": 2,
        "resolved_second": 0,
        "resolved_by_court": 0,
        "not_resolved": 3,
        "total": 5,
    }
    assert figures["outcome"] == {
        "competent": {
            "complaint_first": 1,
            "complaint_second": 1,
            "denunciation": 1,
            "recommendation": 0,
            "total": 3,
        },
        "not_competent": {"guided": 1, "transferred": 1, "urged": 0, "total": 2},
        "total": 5,
    }


def test_deadlines_met_and_missed_in_q1(
    petition_facts: tuple[PetitionFact, ...], case_changes: list[CaseChange], case_deadlines: tuple[CaseDeadline, ...]
) -> None:
    # met: k4 reply (guided 10/01 ≤ 20/01), k5 process (03/02 ≤ 11/02);
    # missed: k3 resolve (resolved 01/03 > 20/02), k6 process (13/03, nothing by 14/03); pending: k5 resolve (14/03)
    figures = _q1(petition_facts, case_changes, case_deadlines)
    assert figures["deadlines"] == {"met": 2, "missed": 2, "pending": 1, "total": 5}


def test_q2_carries_over_what_q1_left(
    petition_facts: tuple[PetitionFact, ...], case_changes: list[CaseChange], case_deadlines: tuple[CaseDeadline, ...]
) -> None:
    figures = tally_handling(petition_facts, case_changes, case_deadlines, Q2)["bach-quang"]
    assert figures["petitions"] == {"carried_over": 1, "received": 1, "total": 2, "handled": 1, "not_handled": 1}
    assert figures["eligible"] == {"petitions": 1, "cases": 1}
    assert figures["by_content"]["complaint"]["land_housing"] == 1
    assert figures["outcome"]["competent"]["complaint_first"] == 1


def test_every_total_is_the_sum_of_its_parts(
    petition_facts: tuple[PetitionFact, ...], case_changes: list[CaseChange], case_deadlines: tuple[CaseDeadline, ...]
) -> None:
    for period in (Q1, Q2, CutOffRule().window("year", 2026)):
        figures = tally_handling(petition_facts, case_changes, case_deadlines, period)["bach-quang"]
        petitions = figures["petitions"]
        assert petitions["total"] == petitions["carried_over"] + petitions["received"]
        assert petitions["total"] == petitions["handled"] + petitions["not_handled"]
        for row in figures["by_content"].values():
            assert row["total"] == sum(value for name, value in row.items() if name != "total")
        rows = [figures["by_content"][kind] for kind in ("complaint", "denunciation", "recommendation", "mixed")]
        assert figures["by_content"]["total"]["total"] == sum(row["total"] for row in rows)
        assert figures["by_content"]["total"]["total"] == figures["eligible"]["cases"]
        assert figures["by_status"]["total"] == figures["eligible"]["cases"]
        outcome = figures["outcome"]
        assert outcome["total"] == outcome["competent"]["total"] + outcome["not_competent"]["total"]


def test_a_petition_on_a_case_never_decided_stays_unhandled(case_changes: list[CaseChange]) -> None:
    petition = PetitionFact("bach-quang", "p6", "k6", date(2026, 3, 10), False, "feedback", "environment")
    assert handled_on(petition, [c for c in case_changes if c.case_id == "k6"]) is None


def test_a_duplicate_on_a_case_in_progress_is_handled_on_arrival(case_changes: list[CaseChange]) -> None:
    petition = PetitionFact("bach-quang", "p7", "k3", date(2026, 3, 12), True, "complaint", "land")
    assert handled_on(petition, [c for c in case_changes if c.case_id == "k3"]) == date(2026, 3, 12)


def test_classification_is_tolerant_of_unknown_values() -> None:
    assert content_group("astrology") == "other"
    assert kind_row("petition") == "mixed"
    assert kind_row("feedback") == "recommendation"
    assert status_group(None) == "not_resolved"
    assert outcome_group(None) is None


def test_court_outcome_and_urging(case_changes: list[CaseChange]) -> None:
    resolved = next(c for c in case_changes if c.case_id == "k3" and c.status == "resolved")
    by_court = CaseChange(**{**resolved.__dict__, "outcome": "court"})
    assert status_group(by_court) == "resolved_by_court"
    urged = CaseChange(**{**resolved.__dict__, "status": "accepted", "competent": False, "action": "urge"})
    assert outcome_group(urged) == ("not_competent", "urged")
    filed = CaseChange(**{**resolved.__dict__, "status": "filed", "competent": None, "action": "file"})
    assert outcome_group(filed) is None
