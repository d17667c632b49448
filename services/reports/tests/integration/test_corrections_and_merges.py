"""Intake's corrections and merges, consumed: the forms count again as if the records had arrived as they now stand
(the hand-checked domain counts over the corrected records are the reference), on SQLite and PostgreSQL."""

import dataclasses
from collections.abc import Callable
from datetime import date, datetime

import pytest

from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.service import Runtime
from tiepdan.reports.adapters.orm import VisitDay
from tiepdan.reports.app import SERVICE
from tiepdan.reports.domain.cases import CaseChange, CaseDeadline
from tiepdan.reports.domain.handling import PetitionFact, tally_handling
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.reception import VisitFact, tally_visits

WARD = "bach-quang"
RULE = CutOffRule()
PERIODS = [RULE.window("quarter", 2026, 1), RULE.window("quarter", 2026, 2), RULE.window("year", 2026)]
Q1 = PERIODS[0]


def reception(runtime: Runtime) -> list[dict]:
    with runtime.uow() as uow:
        return [
            {u: f.to_dict() for u, f in uow.figures.reception_figures(None, period, 5).items()} for period in PERIODS
        ]


def handling(runtime: Runtime) -> list[dict]:
    with runtime.uow() as uow:
        return [uow.figures.handling_figures(None, period) for period in PERIODS]


def expected_reception(facts: list[VisitFact]) -> list[dict]:
    return [{u: f.to_dict() for u, f in tally_visits(facts, period).items() if f.total_visits} for period in PERIODS]


def merged_event(make_envelope, merged: str, into: str, at: str, visit_ids=(), petition_ids=()) -> Envelope:
    data = {
        "case_id": merged,
        "into": into,
        "merged_at": at,
        "visit_ids": list(visit_ids),
        "petition_ids": list(petition_ids),
        "kind": "complaint",
        "field": "land",
        "area": "Tổ dân phố 5",
        "subject": "Dự án khu dân cư số 3",
    }
    return make_envelope("intake.case.merged", data, WARD, at)


def corrected_visit(make_envelope, fact: VisitFact, at: str, **changes) -> Envelope:
    data = {
        "visit_id": fact.visit_id,
        "case_id": fact.case_id,
        "received_at": fact.received_at.isoformat(),
        "reception": changes.get("reception", fact.reception),
        "headcount": changes.get("headcount", fact.headcount),
        "is_group": changes.get("headcount", fact.headcount) >= 5,
        "kind": "complaint",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
        "party_related": False,
        "case_first_visit_at": fact.case_first_visit_at.isoformat(),
        "changed": sorted(changes),
        "corrected_at": at,
    }
    return make_envelope("intake.visit.corrected", data, fact.unit, at)


@pytest.fixture
def runtime(make_runtime: Callable[..., Runtime], db_url: str, dataset_events, project) -> Runtime:
    runtime = make_runtime(SERVICE, db_url)
    assert set(project(runtime, dataset_events)) == {Outcome.DONE}
    return runtime


@pytest.mark.postgres
def test_merging_two_cases_counts_them_as_one_in_01_tcd(
    runtime: Runtime, visit_facts: list[VisitFact], project, make_envelope
):
    before = reception(runtime)
    assert before == expected_reception(visit_facts)
    assert before[0][WARD]["total"] == {"visits": 8, "persons": 35, "cases": 6}

    # case B (first seen 19/01/2026) was opened for case A's matter (first seen 20/11/2025)
    assert project(
        runtime, [merged_event(make_envelope, "case-b", "case-a", "2026-04-02T09:00:00+07:00", ["v-b1", "v-b2"])]
    ) == [Outcome.DONE]
    a_first = next(f for f in visit_facts if f.visit_id == "v-a1").case_first_visit_at
    merged = [
        dataclasses.replace(f, case_id="case-a", case_first_visit_at=a_first) if f.case_id == "case-b" else f
        for f in visit_facts
    ]
    after = reception(runtime)
    assert after == expected_reception(merged)
    # Q1: B's regular visit joins A's in the regular column (one case, no longer a new one); its group stays a
    # group but is no longer a first-time group
    assert after[0][WARD]["total"] == {"visits": 8, "persons": 35, "cases": 5}
    assert after[0][WARD]["regular"]["cases_first"] == before[0][WARD]["regular"]["cases_first"] - 1
    assert after[0][WARD]["regular"]["groups_first"] == 0

    # redelivered under a new id: counted again from the same visits, nothing changes
    again = merged_event(make_envelope, "case-b", "case-a", "2026-04-02T09:00:00+07:00", ["v-b1", "v-b2"])
    assert project(runtime, [again]) == [Outcome.DONE]
    assert reception(runtime) == after


@pytest.mark.postgres
def test_a_corrected_visit_moves_between_columns_and_group_sizes(
    runtime: Runtime, visit_facts: list[VisitFact], project, make_envelope
):
    a3 = next(f for f in visit_facts if f.visit_id == "v-a3")
    event = corrected_visit(make_envelope, a3, "2026-04-02T09:00:00+07:00", reception="regular", headcount=2)
    assert project(runtime, [event]) == [Outcome.DONE]
    corrected = [
        dataclasses.replace(f, reception="regular", headcount=2) if f.visit_id == "v-a3" else f for f in visit_facts
    ]
    after = reception(runtime)
    assert after == expected_reception(corrected)
    assert after[0][WARD]["head"]["sessions"] == 1  # 19/01 no longer had a head's session
    with runtime.uow() as uow:
        assert uow.session.query(VisitDay).filter(VisitDay.visits == 0).count() == 0


@pytest.mark.postgres
def test_a_corrected_petition_and_a_merge_change_02_xld(
    runtime: Runtime, petition_facts, case_changes, case_deadlines, project, make_envelope
):
    assert handling(runtime) == [tally_handling(petition_facts, case_changes, case_deadlines, p) for p in PERIODS]
    p6 = next(p for p in petition_facts if p.petition_id == "p6")
    data = {
        "petition_id": "p6",
        "case_id": "k6",
        "channel": "post",
        "received_on": p6.received_on.isoformat(),
        "signers": 1,
        "headcount": 1,
        "kind": "recommendation",
        "field": "land",
        "area": "Tổ dân phố 2",
        "eligible": True,
        "processable": True,
        "party_related": False,
        "changed": ["eligible", "field", "kind"],
        "corrected_at": "2026-03-11T09:00:00+07:00",
    }
    events = [
        make_envelope("intake.petition.corrected", data, WARD, "2026-03-11T09:00:00+07:00"),
        merged_event(make_envelope, "k6", "k8", "2026-03-21T09:00:00+07:00", petition_ids=["p6"]),
    ]
    assert project(runtime, events) == [Outcome.DONE, Outcome.DONE]
    petitions = [
        PetitionFact(p.unit, "p6", "k8", p.received_on, True, "recommendation", "land") if p.petition_id == "p6" else p
        for p in petition_facts
    ]
    deadlines = [d for d in case_deadlines if d.case_id != "k6"]  # a merged case's deadlines are not watched
    after = handling(runtime)
    assert after == [tally_handling(petitions, case_changes, deadlines, p) for p in PERIODS]
    assert after != [tally_handling(petition_facts, case_changes, case_deadlines, p) for p in PERIODS]


def test_a_correction_arriving_before_its_visit_records_the_visit_as_corrected(
    reports_runtime: Runtime, visit_rows, dataset_events, make_envelope
) -> None:
    row = visit_rows[0]
    registered = dataset_events[0]
    assert registered.data["visit_id"] == row.visit_id
    fact = row.fact()
    correction = corrected_visit(make_envelope, fact, "2026-04-02T09:00:00+07:00", headcount=3)
    processor = reports_runtime.processor()
    assert processor.process(correction.to_json().encode()).outcome is Outcome.DONE
    assert processor.process(registered.to_json().encode()).outcome is Outcome.DONE
    with reports_runtime.uow() as uow:
        year = uow.figures.reception_figures(None, RULE.window("year", 2025), 5)
    assert year[WARD].total_persons == 3
    assert datetime.fromisoformat(row.received_at).year == 2025


@pytest.mark.postgres
def test_a_visit_of_the_merged_case_arriving_after_the_merge_counts_on_the_surviving_case(
    make_runtime: Callable[..., Runtime], db_url: str, dataset_events, visit_facts, project, make_envelope
):
    runtime = make_runtime(SERVICE, db_url)
    late = [event for event in dataset_events if event.data.get("visit_id") == "v-b2"]
    on_time = [event for event in dataset_events if event not in late]
    merge = merged_event(make_envelope, "case-b", "case-a", "2026-04-02T09:00:00+07:00", ["v-b1", "v-b2"])
    assert set(project(runtime, [*on_time, merge, *late])) == {Outcome.DONE}
    a_first = next(f for f in visit_facts if f.visit_id == "v-a1").case_first_visit_at
    merged = [
        dataclasses.replace(f, case_id="case-a", case_first_visit_at=a_first) if f.case_id == "case-b" else f
        for f in visit_facts
    ]
    assert reception(runtime) == expected_reception(merged)


@pytest.mark.postgres
def test_a_reclassified_case_owes_only_its_new_deadlines(
    runtime: Runtime, petition_facts, case_changes, case_deadlines, project, make_envelope
):
    def case_event(event_type, at, kind, deadlines, **extra):
        data = {
            "case_id": "k9",
            "kind": kind,
            "field": "official_conduct",
            "area": "Tổ dân phố 2",
            "subject": "Cán bộ",
            "status": "received",
            "previous_status": None if event_type == "intake.case.opened" else "received",
            "deadlines": {name: {"date": due, "rule": name, "day_type": "working"} for name, due in deadlines.items()},
            **extra,
        }
        return make_envelope(event_type, data, WARD, at)

    opened_at, corrected_at = "2026-03-02T09:00:00+07:00", "2026-03-03T09:00:00+07:00"
    events = [
        case_event(
            "intake.case.opened", opened_at, "denunciation", {"process_by": "2026-03-12", "transfer_by": "2026-03-06"}
        ),
        case_event(
            "intake.case.changed", corrected_at, "recommendation", {"process_by": "2026-03-13"}, corrected=["kind"]
        ),
    ]
    assert project(runtime, events) == [Outcome.DONE, Outcome.DONE]
    changes = [
        *case_changes,
        CaseChange("k9", datetime.fromisoformat(opened_at), "received", "denunciation", "official_conduct"),
        CaseChange("k9", datetime.fromisoformat(corrected_at), "received", "recommendation", "official_conduct"),
    ]
    deadlines = [*case_deadlines, CaseDeadline(WARD, "k9", "process_by", date(2026, 3, 13))]
    assert handling(runtime) == [tally_handling(petition_facts, changes, deadlines, p) for p in PERIODS]
