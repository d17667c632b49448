"""The unit of work's commit hooks: what must happen only once the work is durable."""

from __future__ import annotations

from typing import Any

import pytest
from psycopg.pq import TransactionStatus
from sample.service import SAMPLE, Note, visit_event
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from tiepdan.kit import idempotency
from tiepdan.kit.db import UnitScope, idempotency_table, outbox_table, utcnow
from tiepdan.kit.statement import WriteStatement, ensure_transaction
from tiepdan.kit.uow import HeldWrites


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

    def insert_note(note_id: str) -> HeldWrites:
        def write(statement: WriteStatement | None) -> None:
            order.append(note_id)
            if statement is None:
                uow.session.execute(insert(Note).values(id=note_id, unit="bach-quang", text="Ghi chú", headcount=1))
            else:
                statement.add(
                    f"note_{note_id}",
                    "INSERT INTO notes (id, unit, text, headcount) VALUES (%(id_" + note_id + ")s, 'bach-quang',"
                    " 'Ghi chú', 1)",
                    {f"id_{note_id}": note_id},
                )

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


def test_a_single_statement_unit_reads_outside_a_transaction_and_its_writes_are_atomic(
    make_runtime: Any, db_url: str
) -> None:
    """The writes, the events and a failing part are one statement, an ORM write joins them in a transaction block:
    nothing of it is kept."""
    runtime = make_runtime(SAMPLE, db_url)
    scope = UnitScope(units=None, write_unit="bach-quang")

    def clashing_notes(statement: WriteStatement | None) -> None:
        for number in (1, 2):  # the same id twice: the second insert fails
            if statement is None:
                uow.session.execute(insert(Note).values(id="n", unit="bach-quang", text="Ghi chú", headcount=1))
            else:
                statement.add(
                    f"note_{number}", "INSERT INTO notes (id, unit, text, headcount) VALUES ('n', 'bach-quang', '', 1)"
                )

    with runtime.uow(scope) as uow:
        uow.single_statement_writes()
        assert uow.session.execute(select(Note.id)).all() == []
        uow.write_at_commit(clashing_notes)
        uow.session.add(Note(id="orm", unit="bach-quang", text="Ghi chú", headcount=1))
        uow.emit("intake.visit.registered", visit_event("v1", 1), aggregate_id="c1")
        with pytest.raises(IntegrityError):
            uow.commit()
    with runtime.engine.connect() as connection:
        assert connection.execute(select(Note.id)).all() == []
        assert connection.execute(select(outbox_table.c.id)).all() == []


def test_a_locking_read_opens_the_transaction_its_commit_ends(make_runtime: Any, pg_url: str) -> None:
    runtime = make_runtime(SAMPLE, pg_url)
    scope = UnitScope(units=None, write_unit="bach-quang")
    with runtime.uow(scope) as uow:
        uow.single_statement_writes()
        driver = uow.session.connection().connection.driver_connection
        uow.session.execute(select(Note.id))
        assert driver.pgconn.transaction_status == TransactionStatus.IDLE  # the read left no block open
        ensure_transaction(uow.session)
        uow.session.execute(select(Note.id).with_for_update())
        assert driver.pgconn.transaction_status == TransactionStatus.INTRANS
        uow.write_at_commit(
            lambda statement: (
                statement.add(
                    "note", "INSERT INTO notes (id, unit, text, headcount) VALUES ('n', 'bach-quang', 'x', 1)"
                )
                if statement
                else None
            )
        )
        uow.commit()
        assert driver.pgconn.transaction_status == TransactionStatus.IDLE


def test_only_the_idempotency_keys_own_clash_counts_as_a_concurrent_retry(make_runtime: Any, db_url: str) -> None:
    runtime = make_runtime(SAMPLE, db_url)
    answer = {"scope": "s", "key": "k", "request_hash": "h", "status": 201, "created_at": utcnow()}
    note = {"id": "n", "unit": "bach-quang", "text": "Ghi chú", "headcount": 1}
    clashes = []
    for table, row in ((idempotency_table, answer), (Note.__table__, note)):
        with runtime.engine.begin() as connection:
            connection.execute(insert(table).values(row))
        with pytest.raises(IntegrityError) as caught, runtime.engine.begin() as connection:
            connection.execute(insert(table).values(row))
        clashes.append(idempotency._is_key_clash(caught.value))
    assert clashes == [True, False]
