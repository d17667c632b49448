"""The same guarantees on PostgreSQL: dedup and the one-active-alert index, windowed hotspots, delivery leases, the
order of roster's calendar copies."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from alerts_harness import ORDINARY, consume, envelope, published, visit, visit_data
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from tiepdan.alerts.adapters.orm import AlertRow, CalendarRow, DeliveryRow
from tiepdan.alerts.adapters.repository import DeliveryRepository
from tiepdan.alerts.domain.observations import sighting_from_visit
from tiepdan.alerts.service.detecting import take_sighting
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.testing import TEST_UNIT

pytestmark = pytest.mark.postgres


def test_dedup_and_hotspot_on_postgres(pg_runtime):
    first = envelope("intake.visit.registered", visit_data(headcount=6))
    assert consume(pg_runtime, first) is Outcome.DONE
    assert consume(pg_runtime, envelope("intake.visit.registered", dict(first.data))) is Outcome.DONE
    for days in (5, 2):
        visit(pg_runtime, received_at=ORDINARY + timedelta(days=days))
    with pg_runtime.sessions() as session:
        rows = {r.kind: r for r in session.scalars(select(AlertRow))}
    assert set(rows) == {"crowd", "hotspot"}
    assert (rows["crowd"].headcount, rows["hotspot"].headcount, rows["hotspot"].counted_visits) == (6, 8, 3)


def test_the_database_refuses_a_second_active_alert_for_one_key(pg_runtime):
    visit(pg_runtime, headcount=6)
    with pg_runtime.sessions() as session:
        original = session.scalars(select(AlertRow)).one()
        twin = AlertRow(**{c.key: getattr(original, c.key) for c in AlertRow.__table__.columns})
        twin.id = "another-id"
        session.add(twin)
        with pytest.raises(IntegrityError):
            session.flush()


def test_a_leased_delivery_is_not_claimed_twice(pg_runtime, clock):
    visit(pg_runtime, headcount=6)
    with pg_runtime.sessions() as first, pg_runtime.sessions() as second:
        claimed = DeliveryRepository(first).claim_due(clock(), timedelta(seconds=60), limit=1)
        assert len(claimed) == 1
        others = DeliveryRepository(second).claim_due(clock(), timedelta(seconds=60), limit=10)
        assert claimed[0][1].id not in {d.id for _, d in others}
        first.commit()
        second.commit()
    with pg_runtime.sessions() as session:
        leased = session.scalars(select(DeliveryRow).where(DeliveryRow.next_attempt_at.is_not(None))).all()
    assert len(leased) == 2


def test_two_consumers_on_one_hotspot_lose_no_update(pg_runtime):
    for hours in (0, 1, 2):
        visit(pg_runtime, received_at=ORDINARY + timedelta(hours=hours))
    bodies = [
        envelope("intake.visit.registered", visit_data(received_at=ORDINARY + timedelta(hours=3, minutes=n)))
        .to_json()
        .encode()
        for n in range(40)
    ]

    def consume_half(half: list[bytes]) -> None:
        processor = pg_runtime.processor()
        for body in half:
            attempt = 1
            while processor.process(body, attempt).outcome is Outcome.RETRY:  # a lost race is retried, as the bus does
                attempt += 1

    workers = [threading.Thread(target=consume_half, args=(bodies[i::2],)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    with pg_runtime.sessions() as session:
        hotspot = session.scalars(select(AlertRow).where(AlertRow.kind == "hotspot")).one()
    assert (hotspot.counted_visits, hotspot.headcount) == (43, 43)


def test_a_window_completed_by_two_concurrent_visits_still_raises_a_hotspot(pg_runtime, clock):
    visit(pg_runtime, received_at=ORDINARY)
    second, third = (sighting_from_visit(visit_data(received_at=ORDINARY + timedelta(hours=n))) for n in (1, 2))
    occurred = ORDINARY
    with pg_runtime.uow() as first_uow:
        take_sighting(first_uow, TEST_UNIT, second, occurred_at=occurred, now=clock())

        def concurrently() -> None:
            with pg_runtime.uow() as uow:
                take_sighting(uow, TEST_UNIT, third, occurred_at=occurred, now=clock())  # waits for the topic's lock
                uow.commit()

        other = threading.Thread(target=concurrently)
        other.start()
        other.join(timeout=1.0)
        assert other.is_alive(), "the second consumer waits for the first on this topic"
        first_uow.commit()
    other.join(timeout=10)
    with pg_runtime.sessions() as session:
        hotspot = session.scalars(select(AlertRow).where(AlertRow.kind == "hotspot")).one()
    assert hotspot.counted_visits == 3


def test_an_older_calendar_arriving_after_a_newer_one_does_not_replace_it(pg_runtime):
    session_week = {"from": "2026-06-08", "to": "2026-06-12", "level": "heightened", "name": "Kỳ họp HĐND"}
    newer = {
        "timezone": "Asia/Ho_Chi_Minh",
        "days_off": [],
        "make_up_working_days": [],
        "special_periods": [session_week],
    }
    older = {**newer, "special_periods": []}
    consume(pg_runtime, envelope("roster.calendar.changed", newer, occurred_at=ORDINARY - timedelta(hours=1)))
    consume(pg_runtime, envelope("roster.calendar.changed", older, occurred_at=ORDINARY - timedelta(hours=2)))
    with pg_runtime.sessions() as session:
        kept = session.scalars(select(CalendarRow).where(CalendarRow.unit == TEST_UNIT)).one()
    assert (kept.document, kept.updated_at) == (newer, ORDINARY - timedelta(hours=1))
    visit(pg_runtime, headcount=6, received_at=ORDINARY)
    with pg_runtime.sessions() as session:
        crowd = session.scalars(select(AlertRow).where(AlertRow.kind == "crowd")).one()
    assert (crowd.severity, crowd.special_period) == ("critical", "Kỳ họp HĐND")


@pytest.mark.parametrize("database", ["runtime", "pg_runtime"])  # SQLite too: embedded mode
def test_a_batch_of_visits_ends_as_one_by_one_does_in_a_few_statements(database, request):
    """A run of visits in a consumer's batch asks the database once for the run (locks, replay guard, active
    alerts, neighbours) and flushes once; alerts and the events about them are those of one-by-one processing."""
    service = request.getfixturevalue(database)

    def visits(subject):
        hours = (0, 1, 2, 3, 0, 200)  # a replay of the first visit under a new message id; one outside the window
        data = [visit_data(headcount=5, subject=subject, received_at=ORDINARY + timedelta(hours=h)) for h in hours]
        data[4] = dict(data[0])
        return [envelope("intake.visit.registered", d).to_json().encode("utf-8") for d in data]

    processor = service.processor()
    for body in visits("Một hồ sơ mỗi lần"):
        assert processor.process(body).outcome is Outcome.DONE
    statements = count_statements(service)
    batch = visits("Cả lô một lần")
    assert {r.outcome for r in processor.process_batch([(body, 1) for body in batch])} == {Outcome.DONE}
    assert statements[0] <= 3 * len(batch)  # one by one: 9 each
    with service.sessions() as session:
        rows = session.scalars(select(AlertRow).order_by(AlertRow.id)).all()
    alerts, told = {}, {}
    for row in rows:
        alerts.setdefault(row.subject, []).append((row.kind, row.severity, row.headcount, row.counted_visits))
    for told_event in published(service):
        alert = told_event["data"]
        told.setdefault(alert["subject"], []).append((told_event["type"], alert["kind"], alert["headcount"]))
    assert sorted(alerts["Cả lô một lần"]) == sorted(alerts["Một hồ sơ mỗi lần"])  # the test clock stands still:
    assert sorted(kind for kind, *_ in alerts["Cả lô một lần"]) == ["crowd", "hotspot"]  # ids of one instant
    assert told["Cả lô một lần"] == told["Một hồ sơ mỗi lần"]


def count_statements(runtime):
    counted = [0]

    def count(*_args):
        counted[0] += 1

    event.listen(runtime.engine, "before_cursor_execute", count)
    return counted
