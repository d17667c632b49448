"""Alembic environment shared by every service: the kit's branch plus the service's own versions."""

from alembic import context
from sqlalchemy import Connection, create_engine

config = context.config
target_metadata = config.attributes.get("target_metadata")
connection = config.attributes.get("connection")


def _run(conn: Connection) -> None:
    context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
