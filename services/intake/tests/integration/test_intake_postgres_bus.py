"""The intake service on real PostgreSQL and RabbitMQ: the same flow as on SQLite, the append-only history
enforced by the database, events on the wire in the contract's shape, roster events consumed."""

import json
import uuid

import pika
import pytest
from intake_testkit import CLERK, LEADER, petition_body, visit_body
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tiepdan.intake.adapters.orm import CalendarRow
from tiepdan.intake.adapters.repository import LINKED_CASES_PG
from tiepdan.kit.amqp import Names
from tiepdan.kit.calendar import default_calendar_data
from tiepdan.kit.db import driver_sql
from tiepdan.kit.events import Envelope
from tiepdan.kit.testing import wait_until
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker

pytestmark = pytest.mark.postgres


def test_full_flow_on_postgresql(pg_runtime):
    client = create_service_app(pg_runtime).test_client()
    visit = client.post("/api/v1/visits", json=visit_body(headcount=7), headers=CLERK).get_json()
    again = client.post("/api/v1/visits", json=visit_body(subject="du an khu dan cu so 3"), headers=CLERK).get_json()
    assert again["case_id"] == visit["case_id"]
    petition = client.post("/api/v1/petitions", json=petition_body(kind="denunciation"), headers=CLERK)
    assert petition.status_code == 201
    accepted = client.post(f"/api/v1/cases/{visit['case_id']}/actions", json={"action": "accept"}, headers=LEADER)
    assert accepted.get_json()["status"] == "accepted"
    assert (
        client.post(f"/api/v1/cases/{visit['case_id']}/actions", json={"action": "accept"}, headers=LEADER).status_code
        == 409
    )
    register = client.get("/api/v1/register?from=2026-01-19&to=2026-01-19", headers=CLERK).get_json()
    assert [r["visit_id"] for r in register["rows"]] == [visit["id"], again["id"]]
    assert client.get("/api/v1/cases?overdue=false", headers=CLERK).get_json()["items"]
    with pg_runtime.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
        conn.execute(text("UPDATE case_history SET reason = 'sửa lén'"))


@pytest.mark.rabbitmq
def test_events_on_the_wire_and_roster_events_consumed(pg_runtime, amqp_url, amqp_prefix):
    names = Names(amqp_prefix)
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(names.events, exchange_type="topic", durable=True)
    probe = f"{amqp_prefix}probe.{uuid.uuid4().hex[:6]}"
    channel.queue_declare(probe, exclusive=True)
    channel.queue_bind(probe, names.events, routing_key="intake.#")
    worker = Worker([pg_runtime], amqp_url, amqp_prefix)
    worker.start()
    try:
        client = create_service_app(pg_runtime).test_client()
        client.post("/api/v1/visits", json=visit_body(), headers=CLERK)
        received = []

        def got_visit():
            method, properties, body = channel.basic_get(probe, auto_ack=True)
            if method is not None:
                received.append((method.routing_key, properties, json.loads(body)))
            return any(key == "intake.visit.registered" for key, _, _ in received)

        wait_until(got_visit, timeout=20, what="intake.visit.registered on RabbitMQ")
        _key, properties, body = next(r for r in received if r[0] == "intake.visit.registered")
        assert properties.message_id == body["id"]
        assert properties.delivery_mode == 2
        assert body["unit"] == "bach-quang"
        assert body["source"] == "intake"
        assert body["data"]["headcount"] == 1
        assert "Trần Văn Bình" not in json.dumps(body, ensure_ascii=False)

        calendar = default_calendar_data()
        envelope = Envelope(
            type="roster.calendar.changed", data=calendar, unit="bach-quang", source="roster", correlation_id="c"
        )
        channel.basic_publish(
            names.events,
            "roster.calendar.changed",
            envelope.to_json().encode(),
            pika.BasicProperties(
                message_id=envelope.id, type=envelope.type, content_type="application/json", delivery_mode=2
            ),
        )

        def calendar_stored():
            with pg_runtime.sessions() as session:
                return session.get(CalendarRow, "bach-quang") is not None

        wait_until(calendar_stored, timeout=20, what="roster.calendar.changed consumed")
    finally:
        worker.stop()
        connection.close()


def test_an_error_inside_the_write_pipeline_surfaces_as_a_database_error(pg_runtime):
    from datetime import UTC, datetime

    from tiepdan.intake.adapters.repository import INSERT_HISTORY
    from tiepdan.kit.db import UNSCOPED, pipelined

    entry = {
        "unit": "bach-quang",
        "case_id": "no-such-case",
        "at": datetime(2026, 1, 19, tzinfo=UTC),
        "actor": "x",
        "actor_name": "x",
        "action": "open_by_visit",
        "from_status": None,
        "to_status": "received",
        "reason": None,
        "details": {},
    }
    with pg_runtime.uow(UNSCOPED) as uow:
        connection = uow.session.connection()
        with pytest.raises(DBAPIError, match="foreign key"), pipelined(connection):
            connection.execute(INSERT_HISTORY, [entry])


def test_concurrent_registrations_with_keys_all_succeed(pg_runtime):
    """More request threads than pooled connections: each registration's pipeline ends before its connection
    goes back to the pool (a connection handed over mid-pipeline failed the next request's checkout with a 503)."""
    import threading

    app = create_service_app(pg_runtime)
    statuses: list[int] = []

    def register(worker: int) -> None:
        client = app.test_client()
        for n in range(25):
            body = visit_body(
                subject=f"Dự án {worker}-{n}",
                citizens=[{"full_name": "Lê Văn An", "id_number": f"0010850{worker:02d}{n:03d}"}],
            )
            headers = {**CLERK, "Idempotency-Key": f"k-{worker}-{n}"}
            statuses.append(client.post("/api/v1/visits", json=body, headers=headers).status_code)

    threads = [threading.Thread(target=register, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 200
    with pg_runtime.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM visits")).scalar_one() == 200


def test_concurrent_repeat_visits_all_count_on_the_one_case(pg_runtime):
    """A visit's reads run outside a transaction block, but linking to a case locks it first (FOR UPDATE in a
    block of its own): repeat visits arriving together never lose one another's count or history."""
    import threading

    app = create_service_app(pg_runtime)
    person = [{"full_name": "Lê Văn An", "id_number": "001085012345"}]
    first = app.test_client().post("/api/v1/visits", json=visit_body(citizens=person), headers=CLERK)
    assert first.status_code == 201
    statuses: list[int] = []
    case_ids: set[str] = set()

    def repeat(worker: int) -> None:
        client = app.test_client()
        for n in range(5):
            headers = {**CLERK, "Idempotency-Key": f"r-{worker}-{n}"}
            answer = client.post("/api/v1/visits", json=visit_body(citizens=person), headers=headers)
            statuses.append(answer.status_code)
            case_ids.add(answer.get_json().get("case_id"))

    threads = [threading.Thread(target=repeat, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 40
    assert case_ids == {first.get_json()["case_id"]}
    with pg_runtime.engine.connect() as conn:
        count = conn.execute(text("SELECT visit_count FROM cases WHERE id = :id"), {"id": first.get_json()["case_id"]})
        assert count.scalar_one() == 41
        assert conn.execute(text("SELECT count(*) FROM case_history")).scalar_one() == 41


def test_linking_uses_the_link_index_even_without_statistics(pg_runtime):
    """A plan made while the tables were empty and no ANALYZE has run since (autovacuum off, or not yet) must not
    scan the unit's cases once they are many: without the unit-only index (intake_0004) the link index is the one
    that fits."""
    sql = driver_sql(LINKED_CASES_PG, pg_runtime.engine.dialect)
    for number, name in enumerate(("unit", "field", "subject_key", "digests"), start=1):
        sql = sql.replace(f"%({name})s", f"${number}")
    with pg_runtime.engine.begin() as conn:
        conn.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
        conn.exec_driver_sql(f"PREPARE linked AS {sql}")
        explain = "EXPLAIN EXECUTE linked('bach-quang', 'land', 's7', '{x}')"
        conn.exec_driver_sql(explain)  # the generic plan, made and cached now, on empty tables
        conn.execute(
            text(
                "INSERT INTO cases (id, unit, kind, field, subject, subject_key, area, party_related, status,"
                " complaint_round, complex, several_places, processable, eligible, extensions, received_on,"
                " deadlines, visit_count, petition_count, opened_at, updated_at)"
                " SELECT gen_random_uuid()::text, 'bach-quang', 'complaint', 'land', 's' || n, 's' || n, '', false,"
                " 'received', 1, false, false, true, true, 0, DATE '2026-01-19', '{}', 1, 0, now(), now()"
                " FROM generate_series(1, 3000) AS n"
            )
        )
        plan = "\n".join(row[0] for row in conn.exec_driver_sql(explain))
    assert "ix_cases_unit" not in plan, plan


def test_reading_a_unit_s_rows_never_scans_the_unit_without_statistics(pg_runtime):
    """The same for a visit's citizens and a unit's visits by day (intake_0005): generic plans made on empty tables
    use the visit's index and the (unit, day) index once the unit has thousands of rows."""
    queries = {
        "citizens": (
            "SELECT * FROM citizens WHERE unit IN ($1) AND visit_id IN ($2, $3) ORDER BY position",
            "('bach-quang', 'v1', 'v2')",
        ),
        "visits": (
            "SELECT * FROM visits WHERE unit IN ($1) AND received_on BETWEEN $2 AND $3 ORDER BY received_at, id"
            " LIMIT 50",
            "('bach-quang', '2026-01-05', '2026-01-09')",
        ),
    }
    with pg_runtime.engine.begin() as conn:
        conn.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
        for name, (sql, args) in queries.items():
            conn.exec_driver_sql(f"PREPARE {name} AS {sql}")
            conn.exec_driver_sql(f"EXPLAIN EXECUTE {name}{args}")  # cached now, on empty tables
        conn.execute(
            text(
                "INSERT INTO cases (id, unit, kind, field, subject, subject_key, area, party_related, status,"
                " complaint_round, complex, several_places, processable, eligible, extensions, received_on,"
                " deadlines, visit_count, petition_count, opened_at, updated_at) VALUES ('c1', 'bach-quang',"
                " 'complaint', 'land', 's', 's', '', false, 'received', 1, false, false, true, true, 0,"
                " DATE '2026-01-19', '{}', 1, 0, now(), now())"
            )
        )
        conn.execute(
            text(
                "INSERT INTO visits (id, unit, case_id, received_at, received_on, reception, headcount, kind, field,"
                " subject, area, summary, party_related, is_group, repeat, identity_stored, created_by, created_at)"
                " SELECT 'v' || n, 'bach-quang', 'c1', now(), DATE '2026-01-01' + n % 300, 'regular', 1,"
                " 'complaint', 'land', 's', '', '', false, false, false, true, 'clerk-1', now()"
                " FROM generate_series(1, 3000) AS n"
            )
        )
        conn.execute(
            text(
                "INSERT INTO citizens (unit, case_id, visit_id, position, full_name_enc, id_type, representative)"
                " SELECT 'bach-quang', 'c1', 'v' || n, 0, 'x', 'cccd', false FROM generate_series(1, 3000) AS n"
            )
        )
        for name, (_sql, args) in queries.items():
            plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN EXECUTE {name}{args}"))
            assert f"ix_{name}_unit on" not in plan, plan
