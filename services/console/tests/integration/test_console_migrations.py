"""The console's migrations build exactly the tables the code declares (no drift between ORM and Alembic)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tiepdan.console.app import SERVICE
from tiepdan.kit.db import kit_metadata
from tiepdan.kit.service import Runtime


def test_migrated_schema_matches_the_models(runtime: Runtime) -> None:
    """On SQLite and PostgreSQL (`runtime` runs on both)."""
    with runtime.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), [kit_metadata, SERVICE.metadata]) == []
