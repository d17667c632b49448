"""The unit of work's commit hooks: what must happen only once the work is durable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sample.service import SAMPLE, Note, visit_event
from sqlalchemy import insert, select

from tiepdan.kit.db import UnitScope, outbox_table


def test_on_committed_runs_after_the_commit_and_never_after_a_rollback(make_runtime: Any, db_url: str) -> None:
    runtime = make_runtime(SAMPLE, db_url)
    ran: list[str] = []
    with runtime.uow(UnitScope(units=None, write_unit="bach-quang")) as uow:
        uow.on_committed(lambda: ran.append("rolled back"))
        uow.rollback()
        uow.on_committed(lambda: ran.append("committed"))
        assert ran == []
        uow.commit()
        assert ran == ["committed"]
    with runtime.uow(UnitScope(units=None, write_unit="bach-quang")) as uow:
        uow.on_committed(lambda: ran.append("left without commit"))
    assert ran == ["committed"]


def test_writes_held_for_the_commit_land_with_it_before_the_events_and_a_rollback_drops_them(
    make_runtime: Any, db_url: str
) -> None:
    runtime = make_runtime(SAMPLE, db_url)
    scope = UnitScope(units=None, write_unit="bach-quang")
    order: list[str] = []

    def insert_note(note_id: str) -> Callable[[], None]:
        def write() -> None:
            order.append(note_id)
            uow.session.execute(insert(Note).values(id=note_id, unit="bach-quang", text="Ghi chú", headcount=1))

        return write

    with runtime.uow(scope) as uow:
        uow.write_at_commit(insert_note("dropped"))
        uow.rollback()
        uow.write_at_commit(insert_note("first"))
        uow.write_at_commit(insert_note("second"))
        uow.emit("intake.visit.registered", visit_event("v1", 1), aggregate_id="c1")
        assert order == []  # nothing is sent before the commit
        uow.commit()
    assert order == ["first", "second"]
    with runtime.engine.connect() as connection:
        notes = connection.execute(select(Note.id).order_by(Note.id)).scalars().all()
        events = connection.execute(select(outbox_table.c.type)).scalars().all()
    assert notes == ["first", "second"]
    assert events == ["intake.visit.registered"]
