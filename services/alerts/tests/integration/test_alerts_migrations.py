"""The alerts migrations build exactly the tables the code declares (no drift between ORM and Alembic)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tiepdan.alerts.app import SERVICE
from tiepdan.kit.db import kit_metadata
from tiepdan.kit.service import Runtime


@pytest.mark.parametrize("database", ["runtime", "pg_runtime"])
def test_migrated_schema_matches_the_models(database: str, request: pytest.FixtureRequest) -> None:
    runtime: Runtime = request.getfixturevalue(database)
    with runtime.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), [kit_metadata, SERVICE.metadata]) == []
