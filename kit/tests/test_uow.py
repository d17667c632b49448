"""The unit of work: its commit, the writes it holds for the commit, and the unit guard on every write path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from psycopg.pq import TransactionStatus
from sample.service import SAMPLE, Note, visit_event
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from tiepdan.kit import idempotency
from tiepdan.kit.db import UnitScope, idempotency_table, outbox_table, utcnow
from tiepdan.kit.errors import Problem
from tiepdan.kit.statement import WriteStatement, _numbered, ensure_transaction
from tiepdan.kit.uow import HeldWrites, UnitOfWork


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
        uow.defer_writes()
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
        uow.defer_writes()
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
        clashes.append(idempotency.is_key_clash(caught.value))
    assert clashes == [True, False]


def _note_of(unit: str, note_id: str = "n") -> dict[str, Any]:
    return {"id": note_id, "unit": unit, "text": "Ghi chú", "headcount": 1}


def _raw_note(unit: str) -> HeldWrites:
    """A repository's held write of a note, as the one-statement path writes it on PostgreSQL."""

    def write(statement: WriteStatement | None) -> None:
        assert statement is not None
        statement.add(
            "note",
            "INSERT INTO notes (id, unit, text, headcount) VALUES (%(note_id)s, %(note_unit)s, 'x', 1) RETURNING unit",
            {"note_id": f"raw-{unit}", "note_unit": unit},
        )

    return write


def test_a_scope_writes_only_its_own_units_rows_through_every_path(make_runtime: Any, db_url: str) -> None:
    runtime = make_runtime(SAMPLE, db_url)
    scope = UnitScope(units=frozenset({"bach-quang"}), write_unit="bach-quang")
    with runtime.engine.begin() as connection:
        connection.execute(insert(Note), [_note_of("tran-phu", "theirs")])
    paths: dict[str, Callable[[UnitOfWork], None]] = {
        "orm": lambda uow: uow.session.add(Note(**_note_of("tran-phu"))),
        "core insert": lambda uow: uow.session.execute(insert(Note).values(**_note_of("tran-phu"))),
        "core insert, parameters": lambda uow: uow.session.execute(insert(Note), [_note_of("tran-phu")]),
        "core update": lambda uow: uow.session.execute(update(Note).values(unit="tran-phu")),
    }
    if runtime.engine.dialect.name == "postgresql":
        paths["one statement"] = lambda uow: uow.write_at_commit(_raw_note("tran-phu"))
    for path, write in paths.items():
        with runtime.uow(scope) as uow:
            uow.session.add(Note(**_note_of("bach-quang", "ours")))
            with pytest.raises(Problem) as refused:  # noqa: PT012 - the refusal comes at the write or at the commit
                write(uow)
                uow.commit()
            assert refused.value.status == 403, path
    with runtime.uow(scope) as uow:  # another unit's rows are out of reach of an update or a delete too
        uow.session.execute(update(Note.__table__).values(text="đổi"))
        uow.session.execute(delete(Note.__table__))
        uow.commit()
    with runtime.engine.connect() as connection:
        assert connection.execute(select(Note.id, Note.unit, Note.text)).all() == [("theirs", "tran-phu", "Ghi chú")]


def test_the_one_statement_path_writes_the_scopes_own_rows(make_runtime: Any, pg_url: str) -> None:
    runtime = make_runtime(SAMPLE, pg_url)
    with runtime.uow(UnitScope(units=frozenset({"bach-quang"}), write_unit="bach-quang")) as uow:
        uow.defer_writes()
        uow.write_at_commit(_raw_note("bach-quang"))
        uow.emit("intake.visit.registered", visit_event("v1", 1), aggregate_id="c1")
        uow.commit()
    with runtime.engine.connect() as connection:
        assert connection.execute(select(Note.id)).scalars().all() == ["raw-bach-quang"]
        assert connection.execute(select(outbox_table.c.type)).scalars().all() == ["intake.visit.registered"]


@pytest.mark.parametrize("fails", [False, True])
def test_a_deferring_unit_gives_its_connection_back_in_transaction_mode(
    make_runtime: Any, pg_url: str, fails: bool
) -> None:
    """Its reads and its one-statement commit run on one connection outside a transaction block; the pool gets it
    back as the pool hands connections out, whether the commit held or failed."""
    runtime = make_runtime(SAMPLE, pg_url)
    with runtime.uow(UnitScope(units=frozenset({"bach-quang"}), write_unit="bach-quang")) as uow:
        uow.defer_writes()
        driver = uow.connection().connection.driver_connection
        assert driver.autocommit
        uow.write_at_commit(_raw_note("phuong-1" if fails else "bach-quang"))
        if fails:
            with pytest.raises(Problem):
                uow.commit()
        else:
            uow.commit()
    assert not driver.autocommit
    assert driver.pgconn.transaction_status == TransactionStatus.IDLE
    with runtime.engine.connect() as connection:
        kept = connection.execute(select(Note.id)).scalars().all()
    assert kept == ([] if fails else ["raw-bach-quang"])


def test_a_statement_text_gets_one_number_per_parameter_name() -> None:
    numbered = _numbered("WITH a AS (SELECT %(x)s::int AS v) SELECT %(y)s, %(x)s, 'unit: ' || %(z)s FROM a")
    assert numbered == ("WITH a AS (SELECT $1::int AS v) SELECT $2, $1, 'unit: ' || $3 FROM a", ("x", "y", "z"))
