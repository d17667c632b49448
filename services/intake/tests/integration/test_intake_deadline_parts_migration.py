"""intake_0006: a resolution deadline stored before it learns what it is computed from, so a later extension
keeps the earlier extension and every suspension."""

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import Table, column, insert, select, table
from sqlalchemy.sql.expression import TableClause

from tiepdan.intake.adapters.orm import CaseHistoryRow, CaseRow
from tiepdan.intake.app import SERVICE
from tiepdan.kit.db import create_db_engine
from tiepdan.kit.migrate import alembic_config

NOW = datetime(2026, 4, 10, 2, tzinfo=UTC)


def _case(case_id: str, kind: str, extensions: int, resolve_by: dict) -> dict:
    return {
        "unit": "bach-quang",
        "id": case_id,
        "kind": kind,
        "field": "land",
        "subject": "Dự án 3",
        "subject_key": "du an 3",
        "area": "Tổ 5",
        "party_related": False,
        "status": "accepted",
        "complaint_round": 1,
        "complex": False,
        "several_places": False,
        "processable": True,
        "eligible": True,
        "extensions": extensions,
        "received_on": date(2026, 2, 27),
        "accepted_on": date(2026, 3, 2),
        "deadlines": {"resolve_by": resolve_by},
        "visit_count": 1,
        "petition_count": 0,
        "opened_at": NOW,
        "updated_at": NOW,
    }


def _entry(case_id: str, action: str, at: datetime) -> dict:
    return {
        "unit": "bach-quang",
        "case_id": case_id,
        "at": at,
        "actor": "leader-1",
        "actor_name": "Chủ tịch",
        "action": action,
        "from_status": "accepted",
        "to_status": "accepted",
        "details": {},
    }


def _as_at_0005(model: Table, row: dict) -> TableClause:
    """The table with only the row's columns: the model's defaults would fill columns later migrations add."""
    return table(model.name, *(column(key, model.c[key].type) for key in row))


def test_legacy_resolution_deadlines_get_their_parts(db_url):
    old = {"date": "2026-04-21", "rule": "30 ngày", "rule_code": "denunciation_resolution", "day_type": "calendar"}
    engine = create_db_engine(db_url)
    config = alembic_config(engine, SERVICE.versions_dir, SERVICE.metadata)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "intake_0005")
        cases = [_case("k1", "denunciation", 1, old), _case("k2", "complaint", 0, old)]
        conn.execute(insert(_as_at_0005(CaseRow.__table__, cases[0])), cases)
        entry = _entry("k1", "suspend", NOW)
        conn.execute(
            insert(_as_at_0005(CaseHistoryRow.__table__, entry)),
            [
                # 17:30 UTC on 9/3 is already 10/3 in the ward
                _entry("k1", "suspend", datetime(2026, 3, 9, 17, 30, tzinfo=UTC)),
                _entry("k1", "resume", datetime(2026, 3, 30, 2, tzinfo=UTC)),
                _entry("k1", "suspend", datetime(2026, 4, 6, 2, tzinfo=UTC)),  # still suspended
            ],
        )
        command.upgrade(config, "heads")
    with engine.connect() as conn:
        stored = dict(conn.execute(select(CaseRow.id, CaseRow.deadlines)).all())
    engine.dispose()
    assert stored["k1"]["resolve_by"] == {
        **old,
        "counted_from": "2026-03-02",
        "extended_by": ["denunciation_extension"],
        "suspensions": [{"from": "2026-03-10", "to": "2026-03-30"}],
    }
    assert stored["k2"]["resolve_by"] == {**old, "counted_from": "2026-03-02"}
