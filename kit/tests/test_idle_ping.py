"""Pooled PostgreSQL connections are pinged at checkout only after sitting idle; a dead idle one is replaced."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from tiepdan.kit import db
from tiepdan.kit.db import create_db_engine


@pytest.mark.postgres
def test_only_idle_connections_are_pinged_and_a_dead_one_is_replaced(pg_url: str, monkeypatch: Any) -> None:
    engine = create_db_engine(pg_url, pool_size=1, max_overflow=0)
    pings: list[str] = []
    real_ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append("ping") or real_ping(conn))
    try:
        with engine.connect() as conn:
            first_pid = conn.scalar(text("SELECT pg_backend_pid()"))
        with engine.connect() as conn:  # back in the pool a moment ago: no ping
            assert conn.scalar(text("SELECT pg_backend_pid()")) == first_pid
        assert pings == ["ping"]  # only the new connection's first checkout

        with create_db_engine(pg_url).connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first_pid})
            admin.commit()
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)  # as if it had sat idle
        with engine.connect() as conn:  # the dead connection fails its ping and is replaced, unseen by the caller
            assert conn.scalar(text("SELECT pg_backend_pid()")) != first_pid
        assert len(pings) >= 2
    finally:
        engine.dispose()
