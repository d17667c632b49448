"""`lock_names`: transaction-scoped PostgreSQL advisory locks on names, held until the transaction ends."""

import pytest
from sqlalchemy import text

from tiepdan.kit.db import advisory_key, create_db_engine, lock_names, make_session_factory

pytestmark = pytest.mark.postgres


def test_names_stay_locked_until_the_transaction_ends(pg_url: str) -> None:
    engine = create_db_engine(pg_url)
    sessions = make_session_factory(engine)
    try_lock = text("SELECT pg_try_advisory_xact_lock(:key)")
    try:
        with sessions() as holder, engine.connect() as other:
            lock_names(holder, ["c1|officer", "c2|officer", "c1|officer"])
            assert not other.scalar(try_lock, {"key": advisory_key("c2|officer")})
            other.rollback()
            assert other.scalar(try_lock, {"key": advisory_key("c3|officer")}), "an unnamed key stays free"
            other.rollback()
            holder.commit()
            assert other.scalar(try_lock, {"key": advisory_key("c1|officer")}), "released with the transaction"
    finally:
        engine.dispose()
