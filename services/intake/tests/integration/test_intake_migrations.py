"""The migrations build exactly the tables the code declares (no drift between ORM and Alembic), and what they
leave to the worker (the search index of earlier citizens) gets done; visits stored before register numbers get
theirs."""

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import make_config
from intake_testkit import CLERK, visit_body
from sqlalchemy import column, insert, table

from tiepdan.intake.adapters.orm import CaseRow, VisitRow
from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.app import SERVICE
from tiepdan.intake.service.search_index import index_pending
from tiepdan.kit import testing
from tiepdan.kit.db import create_db_engine, kit_metadata
from tiepdan.kit.migrate import alembic_config
from tiepdan.kit.service import Runtime
from tiepdan.kit.web import create_service_app


def test_migrated_schema_matches_the_models(intake_runtime):
    with intake_runtime.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), [kit_metadata, SERVICE.metadata]) == []


def test_citizens_stored_before_the_search_index_become_searchable(db_url, clock):
    """intake_0008 marks earlier citizens unindexed; the worker's search-index task indexes them from the
    decrypted identity, and the search finds their case."""
    engine = create_db_engine(db_url)
    config = alembic_config(engine, SERVICE.versions_dir, SERVICE.metadata)
    vault = make_config(clock).vault
    now = datetime(2026, 1, 19, 3, 0, tzinfo=UTC)
    case = {
        "id": "c1", "unit": "bach-quang", "kind": "complaint", "field": "land", "subject": "Đất", "subject_key": "dat",
        "area": "Tổ 5", "party_related": False, "status": "received", "complaint_round": 1, "complex": False,
        "several_places": False, "processable": True, "eligible": True, "extensions": 0, "received_on": now.date(),
        "deadlines": {}, "visit_count": 1, "petition_count": 0, "opened_at": now, "updated_at": now,
    }  # fmt: skip
    visit = {
        "id": "v1", "unit": "bach-quang", "case_id": "c1", "received_at": now, "received_on": now.date(),
        "reception": "regular", "headcount": 1, "kind": "complaint", "field": "land", "subject": "Đất",
        "area": "Tổ 5", "summary": "", "party_related": False, "is_group": False, "repeat": False,
        "identity_stored": True, "created_by": "clerk-1", "created_at": now,
    }  # fmt: skip
    citizen = {
        "unit": "bach-quang", "case_id": "c1", "visit_id": "v1", "position": 0, "representative": True,
        "full_name_enc": vault.encrypt("Đỗ Thị Hằng"), "id_number_enc": vault.encrypt("001190000009"),
        "phone_enc": vault.encrypt("0901234567"), "id_type": "cccd", "id_digest": vault.digest("001190000009"),
    }  # fmt: skip
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "intake_0005")
        # the columns of intake_0005 only: the model's own defaults would fill columns not there yet
        for model, row in ((CaseRow.__table__, case), (VisitRow.__table__, visit)):
            typed = table(model.name, *(column(name, model.c[name].type) for name in row))
            conn.execute(insert(typed).values(**row))
        conn.execute(insert(table("citizens", *(column(name) for name in citizen))).values(**citizen))
        command.upgrade(config, "heads")
    engine.dispose()

    runtime = Runtime(SERVICE, testing.test_settings("intake", db_url))
    runtime.state[CONFIG_KEY] = make_config(clock)
    try:
        client = create_service_app(runtime).test_client()

        def found(query):
            return [c["id"] for c in client.get(f"/api/v1/cases?citizen={query}", headers=CLERK).get_json()["items"]]

        assert found("do thi hang") == []
        index_pending(runtime, runtime.state[CONFIG_KEY].vault)
        assert found("Đỗ Thị Hằng") == found("001190000009") == found("0901234567") == ["c1"]

        # intake_0009 gave the stored visit its register line; the next visit continues the year's numbering
        assert client.post("/api/v1/visits", json=visit_body(), headers=CLERK).status_code == 201
        rows = client.get("/api/v1/register", headers=CLERK).get_json()["rows"]
        assert sorted((r["no"], r["visit_id"] == "v1") for r in rows) == [(1, True), (2, False)]
    finally:
        runtime.dispose()
