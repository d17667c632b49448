"""The projections, fed through the real consumer path, count exactly what the hand-checked domain counts."""

import dataclasses
import random
import uuid
from collections.abc import Callable

import pytest

from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.service import Runtime
from tiepdan.reports.app import SERVICE
from tiepdan.reports.domain.handling import PetitionFact, tally_handling
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.reception import VisitFact, tally_visits

RULE = CutOffRule()
PERIODS = [RULE.window("quarter", 2026, 1), RULE.window("quarter", 2026, 2), RULE.window("year", 2026)]


def _figures(runtime: Runtime) -> dict:
    with runtime.uow() as uow:
        return {
            period.to_dict()["to"]: {
                "01": {u: f.to_dict() for u, f in uow.figures.reception_figures(None, period, 5).items()},
                "02": uow.figures.handling_figures(None, period),
                "days": uow.figures.day_counts(None, period.start, period.end, 5),
            }
            for period in PERIODS
        }


@pytest.mark.postgres
def test_sql_figures_equal_the_hand_counted_rules_on_both_databases(
    make_runtime: Callable[..., Runtime],
    db_url: str,
    dataset_events: list[Envelope],
    visit_facts: list[VisitFact],
    petition_facts: tuple[PetitionFact, ...],
    case_changes: list,
    case_deadlines: tuple,
    project: Callable,
) -> None:
    runtime = make_runtime(SERVICE, db_url)
    assert set(project(runtime, dataset_events)) == {Outcome.DONE}
    figures = _figures(runtime)
    for period in PERIODS:
        got = figures[period.to_dict()["to"]]
        expected = {u: f.to_dict() for u, f in tally_visits(visit_facts, period).items()}
        assert got["01"] == {u: f for u, f in expected.items() if f["total"]["visits"]}
        assert got["02"] == tally_handling(petition_facts, case_changes, case_deadlines, period)
    q1 = figures["2026-03-14"]["01"]["bach-quang"]
    assert q1["total"] == {"visits": 8, "persons": 35, "cases": 6}
    assert q1["head"]["sessions"] == 2
    assert figures["2026-03-14"]["02"]["bach-quang"]["petitions"]["handled"] == 6


def test_redelivery_and_republication_change_nothing(
    projected: Runtime, dataset_events: list[Envelope], project: Callable
) -> None:
    before = _figures(projected)
    # the broker redelivers: same message ids, skipped by the inbox
    assert set(project(projected, dataset_events)) == {Outcome.DUPLICATE}
    # the publisher sends the same facts again under new message ids: the projections' own keys hold
    republished = [dataclasses.replace(event, id=str(uuid.uuid4())) for event in dataset_events]
    assert set(project(projected, republished)) == {Outcome.DONE}
    assert _figures(projected) == before


@pytest.mark.postgres
@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_out_of_order_arrival_gives_the_same_figures(
    projected: Runtime,
    dataset_events: list[Envelope],
    make_runtime: Callable[..., Runtime],
    db_url: str,
    project: Callable,
    order: str,
) -> None:
    """Late visits slot into their case's chain in each column, on both databases."""
    arrival = (
        list(reversed(dataset_events))
        if order == "reversed"
        else random.Random(6).sample(dataset_events, k=len(dataset_events))
    )
    # on SQLite, db_url and the in-order `projected` runtime would share tmp_path's file
    late_runtime = make_runtime(SERVICE, db_url.replace("test.db", "late.db"))
    assert set(project(late_runtime, arrival)) == {Outcome.DONE}
    assert _figures(late_runtime) == _figures(projected)


def test_a_visit_in_another_unit_stays_in_its_own_row(projected: Runtime) -> None:
    with projected.uow() as uow:
        only_tran_phu = uow.figures.reception_figures(frozenset({"tran-phu"}), PERIODS[0], 5)
    assert list(only_tran_phu) == ["tran-phu"]
    assert only_tran_phu["tran-phu"].total_visits == 1


@pytest.mark.nonconforming_events
def test_a_malformed_event_is_dead_lettered_not_half_applied(reports_runtime: Runtime, dataset_events) -> None:
    bad = dataclasses.replace(dataset_events[0], data={**dataset_events[0].data, "reception": "online"})
    outcomes = [reports_runtime.processor().process(bad.to_json().encode(), attempt=5).outcome]
    assert outcomes == [Outcome.DEAD]
    with reports_runtime.uow() as uow:
        assert uow.figures.reception_figures(None, PERIODS[2], 5) == {}
