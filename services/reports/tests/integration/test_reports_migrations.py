"""The reports migrations: the schema matches the models, and visits projected before the day counts existed
are counted by the migration that adds them."""

from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select

from tiepdan.kit.db import create_db_engine, kit_metadata
from tiepdan.kit.migrate import alembic_config
from tiepdan.reports.adapters.orm import VisitDay, VisitFact, VisitTopic
from tiepdan.reports.app import SERVICE


def _visit(visit_id: str, case_id: str, day: int, previous: int | None, headcount: int) -> dict:
    return {
        "visit_id": visit_id,
        "unit": "bach-quang",
        "case_id": case_id,
        "received_at": datetime(2026, 1, day, 2, tzinfo=UTC),
        "received_on": date(2026, 1, day),
        "reception": "regular",
        "report_column": "officer",
        "headcount": headcount,
        "case_first_on": date(2026, 1, 5),
        "is_case_first_visit": previous is None,
        "prev_column_visit_on": None if previous is None else date(2026, 1, previous),
        "kind": "complaint",
        "field": "land",
        "area": "Tổ 5",
    }


# SQLite cannot reflect the PostgreSQL-only expression index, so Alembic says it skipped comparing it
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_day_and_topic_counts_are_built_from_visits_projected_before(db_url: str) -> None:
    engine = create_db_engine(db_url)
    config = alembic_config(engine, SERVICE.versions_dir, SERVICE.metadata)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "reports_0002")
        conn.execute(
            insert(VisitFact.__table__),
            [_visit("v1", "c1", 5, None, 1), _visit("v2", "c1", 6, 5, 1), _visit("v3", "c2", 6, None, 1)],
        )
        command.upgrade(config, "heads")
    with engine.connect() as conn:
        days = conn.execute(
            select(VisitDay.received_on, VisitDay.visits, VisitDay.case_first_visits, VisitDay.column_first).order_by(
                VisitDay.received_on
            )
        ).all()
        topics = conn.execute(
            select(VisitTopic.dimension, VisitTopic.value, VisitTopic.visits).order_by(VisitTopic.dimension)
        ).all()
        assert compare_metadata(MigrationContext.configure(conn), [kit_metadata, SERVICE.metadata]) == []
    engine.dispose()
    assert [tuple(row) for row in days] == [(date(2026, 1, 5), 1, 1, 1), (date(2026, 1, 6), 2, 1, 1)]
    assert sorted(tuple(row) for row in topics) == [
        ("area", "Tổ 5", 1), ("area", "Tổ 5", 2), ("field", "land", 1), ("field", "land", 2),
    ]  # fmt: skip
