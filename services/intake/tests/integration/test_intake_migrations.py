"""The migrations build exactly the tables the code declares (no drift between ORM and Alembic)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tiepdan.intake.app import SERVICE
from tiepdan.kit.db import kit_metadata


def test_migrated_schema_matches_the_models(intake_runtime):
    with intake_runtime.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), [kit_metadata, SERVICE.metadata]) == []
