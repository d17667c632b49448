"""Each visit's link to its case's previous visit in the same form column, however visits arrive."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tiepdan.kit.service import Runtime
from tiepdan.reports.adapters.orm import VisitFact
from tiepdan.reports.adapters.visits import record_visit, record_visits
from tiepdan.reports.app import SERVICE


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
                record_visit(uow.session, burst[0])
            else:
                record_visits(uow.session, burst)
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
        assert record_visits(uow.session, visits[:6]) == 6
        assert record_visits(uow.session, visits) == 4
        uow.commit()
