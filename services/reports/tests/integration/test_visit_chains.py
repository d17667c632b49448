"""Each visit's link to its case's previous visit in the same form column and the day counts, however visits
arrive; the form's figures from them equal the domain's rules for any period."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import case, func, select

from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.reports.adapters.orm import VisitDay, VisitFact
from tiepdan.reports.app import SERVICE
from tiepdan.reports.domain import reception as domain
from tiepdan.reports.domain.periods import CutOffRule, Period
from tiepdan.reports.handlers.intake import project_visits


def _visits(rng: random.Random, count: int) -> list[dict]:
    start = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    visits = []
    for n in range(count):
        at = start + timedelta(hours=rng.randrange(24 * 40))  # several visits share a day, some an instant
        visits.append(
            {
                "visit_id": f"v{n:03d}",
                "unit": "bach-quang",
                "case_id": f"c{rng.randrange(6)}",
                "received_at": at,
                "received_on": (at + timedelta(hours=7)).date(),
                "reception": "regular",
                "report_column": rng.choice(["officer", "leader"]),
                "headcount": 1,
                "case_first_on": start.date(),
                "is_case_first_visit": False,
                "kind": "complaint",
                "field": "land",
                "area": "Tổ 5",
            }
        )
    return visits


def _expected_links(visits: list[dict]) -> dict[str, object]:
    links: dict[str, object] = {}
    chains: dict[tuple[str, str], list[dict]] = {}
    for visit in visits:
        chains.setdefault((visit["case_id"], visit["report_column"]), []).append(visit)
    for chain in chains.values():
        chain.sort(key=lambda v: (v["received_at"], v["visit_id"]))
        for before, visit in zip([None, *chain], chain, strict=False):
            links[visit["visit_id"]] = before["received_on"] if before else None
    return links


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bursts_in_any_order_link_each_visit_to_its_predecessor(make_runtime: object, db_url: str, seed: int) -> None:
    rng = random.Random(seed)
    visits = _visits(rng, 120)
    arrival = rng.sample(visits, k=len(visits))
    runtime: Runtime = make_runtime(SERVICE, db_url)  # type: ignore[operator]
    position = 0
    while position < len(arrival):
        size = rng.choice([1, 2, 5, 17, 40])
        burst = arrival[position : position + size]
        if rng.random() < 0.3:  # redelivered facts inside a burst and across bursts
            burst = burst + rng.sample(arrival[: position + size], k=min(3, position + size))
        with runtime.uow() as uow:
            if len(burst) == 1:
                uow.visits.record(burst[:1])
            else:
                uow.visits.record(burst)
            uow.commit()
        position += size
    with runtime.uow() as uow:
        rows = uow.session.execute(select(VisitFact.visit_id, VisitFact.prev_column_visit_on))
        stored = {visit_id: previous_day for visit_id, previous_day in rows}
    assert stored == _expected_links(visits)


def test_a_burst_counts_only_new_visits(make_runtime: object, db_url: str) -> None:
    visits = _visits(random.Random(9), 10)
    runtime: Runtime = make_runtime(SERVICE, db_url)  # type: ignore[operator]
    with runtime.uow() as uow:
        assert uow.visits.record(visits[:6]) == 6
        assert uow.visits.record(visits) == 4
        uow.commit()


def _random_visit_facts(rng: random.Random, count: int) -> list[domain.VisitFact]:
    """Visits over a year and a half in few cases, so periods start inside many cases' histories."""
    start = datetime(2025, 11, 1, 1, 0, tzinfo=UTC)
    drawn = [
        (f"v{n:03d}", f"c{rng.randrange(15)}", start + timedelta(hours=rng.randrange(24 * 540))) for n in range(count)
    ]
    first_of_case: dict[str, datetime] = {}
    for _, case_id, at in drawn:
        first_of_case[case_id] = min(at, first_of_case.get(case_id, at))
    return [
        domain.VisitFact(
            unit="bach-quang" if int(case_id[1:]) % 3 else "tran-phu",  # a case belongs to one ward
            visit_id=visit_id,
            case_id=case_id,
            received_at=at,
            reception=rng.choice(["regular", "regular", "periodic", "unscheduled", "delegated"]),
            headcount=rng.choice([1, 1, 2, 4, 5, 6, 12]),
            case_first_visit_at=first_of_case[case_id],
        )
        for visit_id, case_id, at in drawn
    ]


def _area(visit: domain.VisitFact) -> str:
    return f"Tổ {int(visit.case_id[1:]) % 4}"


def _event(visit: domain.VisitFact) -> Envelope:
    data = {
        "visit_id": visit.visit_id,
        "case_id": visit.case_id,
        "received_at": visit.received_at.isoformat(),
        "reception": visit.reception,
        "headcount": visit.headcount,
        "case_first_visit_at": visit.case_first_visit_at.isoformat(),
        "kind": "complaint",
        "field": "land" if visit.headcount < 5 else "housing",
        "area": _area(visit),
    }
    return Envelope("intake.visit.registered", data, visit.unit, "intake", "corr")


@pytest.mark.parametrize("seed", [4, 5])
def test_form_figures_from_day_counts_equal_the_rules_for_any_period(
    make_runtime: object, db_url: str, seed: int
) -> None:
    rng = random.Random(seed)
    visits = _random_visit_facts(rng, 200)
    runtime: Runtime = make_runtime(SERVICE, db_url)  # type: ignore[operator]
    arrival = rng.sample(visits, k=len(visits))
    for first in range(0, len(arrival), 30):
        with runtime.uow() as uow:
            project_visits(uow, [_event(visit) for visit in arrival[first : first + 30]])
            uow.commit()
    rule = CutOffRule()
    periods = [rule.window("quarter", 2026, quarter) for quarter in (1, 2, 3, 4)] + [rule.window("year", 2026)]
    periods += [Period(date(2026, 1, 1) + timedelta(days=d), date(2026, 3, 1) + timedelta(days=d)) for d in (0, 45)]
    with runtime.uow() as uow:
        for period in periods:
            got = {u: f.to_dict() for u, f in uow.figures.reception_figures(None, period, 5).items()}
            expected = {u: f.to_dict() for u, f in domain.tally_visits(visits, period).items()}
            assert got == {u: f for u, f in expected.items() if f["total"]["visits"]}, period
        day_counts = {
            (unit, day, column, headcount): (visits_, first, column_first)
            for unit, day, column, headcount, visits_, first, column_first in uow.session.execute(
                select(
                    VisitDay.unit,
                    VisitDay.received_on,
                    VisitDay.report_column,
                    VisitDay.headcount,
                    VisitDay.visits,
                    VisitDay.case_first_visits,
                    VisitDay.column_first,
                )
            )
        }
        recounted = {
            tuple(key): (int(visits_), int(first), int(column_first))
            for *key, visits_, first, column_first in uow.session.execute(
                select(
                    VisitFact.unit,
                    VisitFact.received_on,
                    VisitFact.report_column,
                    VisitFact.headcount,
                    func.count(),
                    func.sum(case((VisitFact.is_case_first_visit, 1), else_=0)),
                    func.sum(case((VisitFact.prev_column_visit_on.is_(None), 1), else_=0)),
                ).group_by(VisitFact.unit, VisitFact.received_on, VisitFact.report_column, VisitFact.headcount)
            )
        }
    assert day_counts == recounted
    year = periods[4]
    with runtime.uow() as uow:
        by_day = uow.figures.day_series(None, year.start, year.end, 5)
        by_field = uow.figures.topic_visits(None, year.start, year.end, "field")
        by_area = uow.figures.topic_visits(frozenset({"tran-phu"}), year.start, year.end, "area")
    in_year = [visit for visit in visits if year.start <= visit.received_on <= year.end]
    assert {day: (p.visits, p.persons, p.groups) for day, p in by_day.items()} == {
        day: (
            sum(1 for v in in_year if v.received_on == day),
            sum(v.headcount for v in in_year if v.received_on == day),
            sum(1 for v in in_year if v.received_on == day and v.headcount >= 5),
        )
        for day in {v.received_on for v in in_year}
    }
    assert by_field == {
        "land": sum(1 for v in in_year if v.headcount < 5),
        "housing": sum(1 for v in in_year if v.headcount >= 5),
    }
    tran_phu_areas = [_area(v) for v in in_year if v.unit == "tran-phu"]
    assert by_area == {area: tran_phu_areas.count(area) for area in set(tran_phu_areas)}
