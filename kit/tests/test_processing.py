"""The inbox processor (the same path in embedded and AMQP mode) and keyset pagination, on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sample.service import SAMPLE, Applied, apply_visit, visit_event
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tiepdan.kit.db import UTCDateTime, create_db_engine, make_session_factory
from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.pagination import paginate
from tiepdan.kit.uow import UnitOfWork


def envelope(subject: str, visit_id: str = "v1") -> bytes:
    data = visit_event(visit_id, 1) | {"subject": subject}
    return Envelope("intake.visit.registered", data, "bach-quang", "intake", "corr").to_json().encode()


def test_redelivery_is_applied_once(make_runtime: Any, db_url: str) -> None:
    processor = make_runtime(SAMPLE, db_url).processor()
    body = envelope("Dự án")
    assert processor.process(body).outcome is Outcome.DONE
    assert processor.process(body, attempt=2).outcome is Outcome.DUPLICATE
    with processor.sessions() as session:
        assert session.scalars(select(Applied.visit_id)).all() == ["v1"]


def test_a_failing_handler_is_retried_then_dead(make_runtime: Any, db_url: str) -> None:
    processor = make_runtime(SAMPLE, db_url, delivery_limit=3).processor()
    body = envelope("poison")
    assert [processor.process(body, attempt).outcome for attempt in (1, 2, 3)] == [
        Outcome.RETRY,
        Outcome.RETRY,
        Outcome.DEAD,
    ]


def test_a_handler_refusing_poison_dead_letters_it_at_once(make_runtime: Any, db_url: str) -> None:
    processor = make_runtime(SAMPLE, db_url).processor()
    result = processor.process(envelope("nonsense"))
    assert result.outcome is Outcome.DEAD
    assert "subject makes no sense" in result.reason
    with processor.sessions() as session:
        assert session.scalars(select(Applied.visit_id)).all() == [], "a refused message must leave no effect"


class _Base(DeclarativeBase):
    pass


class Stamp(_Base):
    __tablename__ = "stamps"
    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


def test_pagination_walks_a_timestamp_key_once_each(db_url: str) -> None:
    engine = create_db_engine(db_url)
    _Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    start = datetime(2026, 1, 19, 1, 30, tzinfo=UTC)
    with sessions() as session, session.begin():
        session.add_all(Stamp(id=f"s{i:02d}", at=start + timedelta(minutes=i // 2)) for i in range(25))
    seen: list[str] = []
    cursor = None
    with sessions() as session:
        while True:
            page = paginate(
                session, select(Stamp), [Stamp.at, Stamp.id], {"limit": 7, "cursor": cursor}, descending=True
            )
            seen += [s.id for s in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
    engine.dispose()
    assert seen == [f"s{i:02d}" for i in reversed(range(25))]


def test_a_batch_commits_together_and_isolates_a_bad_message(make_runtime: Any, db_url: str) -> None:
    processor = make_runtime(SAMPLE, db_url, delivery_limit=2).processor()
    first, refused, second = envelope("Dự án", "v1"), envelope("nonsense", "v2"), envelope("Dự án", "v3")
    results = processor.process_batch([(first, 1), (b"{", 1), (first, 1), (second, 1)])
    assert [r.outcome for r in results] == [Outcome.DONE, Outcome.DEAD, Outcome.DUPLICATE, Outcome.DONE]
    results = processor.process_batch([(second, 2), (refused, 1), (envelope("Đất", "v4"), 1)])
    assert [r.outcome for r in results] == [Outcome.DUPLICATE, Outcome.DEAD, Outcome.DONE]
    with processor.sessions() as session:
        assert session.scalars(select(Applied.visit_id).order_by(Applied.seq)).all() == ["v1", "v3", "v4"]


def test_a_batch_handler_takes_each_run_of_one_type_and_a_lone_message_the_single_handler(
    make_runtime: Any, db_url: str
) -> None:
    runs: list[list[str]] = []

    def apply_visits(uow: UnitOfWork, events: Any) -> None:
        runs.append([event.data["visit_id"] for event in events])
        for event in events:
            apply_visit(uow, event)

    days = {"days_off": [], "make_up_working_days": [], "special_periods": []}
    note = Envelope("roster.calendar.changed", days, "bach-quang", "roster", "corr").to_json().encode()
    spec = replace(
        SAMPLE,
        handlers={**SAMPLE.handlers, "roster.calendar.changed": lambda uow, event: None},
        batch_handlers={"intake.visit.registered": apply_visits},
    )
    processor = make_runtime(spec, db_url).processor()
    v1, v2, v3, v4 = (envelope("Dự án", f"v{n}") for n in range(1, 5))
    outcomes = [r.outcome for r in processor.process_batch([(v1, 1), (v2, 1), (v1, 1), (note, 1), (v3, 1), (v4, 1)])]
    assert outcomes == [Outcome.DONE, Outcome.DONE, Outcome.DUPLICATE, Outcome.DONE, Outcome.DONE, Outcome.DONE]
    assert runs == [["v1", "v2"], ["v3", "v4"]], "a run ends where another type comes between, in order"
    processor.process_batch([(envelope("Đất", "v5"), 1), (note, 1)])
    assert runs == [["v1", "v2"], ["v3", "v4"]], "a run of one goes to the single handler"
    with processor.sessions() as session:
        assert session.scalars(select(Applied.visit_id).order_by(Applied.seq)).all() == ["v1", "v2", "v3", "v4", "v5"]


def test_a_batch_handler_needs_its_single_handler() -> None:
    with pytest.raises(ValueError, match=r"without a handler for roster\.calendar\.changed"):
        replace(SAMPLE, batch_handlers={"roster.calendar.changed": lambda uow, events: None})


def test_published_outbox_rows_are_purged_after_a_week(make_runtime: Any, db_url: str) -> None:
    from sqlalchemy import func, update

    from tiepdan.kit.db import UnitScope, outbox_table

    runtime = make_runtime(SAMPLE, db_url)
    for visit in ("old", "recent", "pending"):
        with runtime.uow(UnitScope(None, "bach-quang")) as uow:
            uow.emit("intake.visit.registered", visit_event(visit, 1))
            uow.commit()
    long_ago, now = datetime.now(UTC) - timedelta(days=8), datetime.now(UTC)
    with runtime.sessions() as session, session.begin():
        seqs = session.scalars(select(outbox_table.c.seq).order_by(outbox_table.c.seq)).all()
        session.execute(update(outbox_table).where(outbox_table.c.seq == seqs[0]).values(published_at=long_ago))
        session.execute(update(outbox_table).where(outbox_table.c.seq == seqs[1]).values(published_at=now))
    assert runtime.relay.purge_published() == 1
    with runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(outbox_table)) == 2
