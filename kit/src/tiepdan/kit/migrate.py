"""Alembic, driven from code: `upgrade heads` over the kit's branch and the service's own branch."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from alembic import command, op
from alembic.config import Config
from sqlalchemy import Engine, MetaData

from .db import kit_metadata

KIT_MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine, service_versions: Path, service_metadata: MetaData) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(KIT_MIGRATIONS))
    cfg.set_main_option("path_separator", "space")
    cfg.set_main_option("version_locations", f"{KIT_MIGRATIONS / 'versions'} {service_versions}")
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["target_metadata"] = [kit_metadata, service_metadata]
    return cfg


def upgrade(engine: Engine, service_versions: Path, service_metadata: MetaData) -> None:
    cfg = alembic_config(engine, service_versions, service_metadata)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def revision(engine: Engine, service_versions: Path, service_metadata: MetaData, message: str, branch: str) -> None:
    """Autogenerate a new revision of the service's branch (developers: `tiepdan db revision SERVICE -m ...`)."""
    cfg = alembic_config(engine, service_versions, service_metadata)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
        command.revision(
            cfg, message=message, autogenerate=True, head=f"{branch}@head", version_path=str(service_versions)
        )


def drop_unit_indexes(tables: Iterable[str]) -> None:
    """In a migration: drop `UnitOwned`'s unit-only index (`ix_<table>_unit`) of each table, where a key leading
    with unit serves reads by unit (`tiepdan.kit.db.unit_without_own_index` in the model)."""
    for table in tables:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_unit")


def create_unit_indexes(tables: Iterable[str]) -> None:
    """The downgrade of `drop_unit_indexes`."""
    for table in tables:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f"ix_{table}_unit", ["unit"], unique=False)
