"""Shared benchmark plumbing: scratch PostgreSQL databases, machine description, result files."""

from __future__ import annotations

import json
import os
import platform
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ADMIN_URL = os.environ.get("TIEPDAN_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
AMQP_URL = os.environ.get("TIEPDAN_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
RESULTS = Path(__file__).parent / "results"


@contextmanager
def scratch_database(prefix: str = "tiepdan_bench") -> Iterator[str]:
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def record(name: str, figures: dict[str, Any]) -> None:
    """Print the figures and keep them in bench/results/<name>.json (gitignored)."""
    document = {"bench": name, "at": datetime.now(UTC).isoformat(), "machine": machine(), **figures}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(document, indent=2, ensure_ascii=False), flush=True)
