"""Shared benchmark plumbing: scratch PostgreSQL databases, machine description, result files."""

from __future__ import annotations

import json
import os
import platform
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tiepdan.kit.testing import scratch_database as kit_scratch_database

PG_ADMIN_URL = os.environ.get("TIEPDAN_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
AMQP_URL = os.environ.get("TIEPDAN_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
RESULTS = Path(__file__).parent / "results"


def scratch_database(prefix: str = "tiepdan_bench") -> AbstractContextManager[str]:
    """A throwaway PostgreSQL database on the benchmark server."""
    return kit_scratch_database(PG_ADMIN_URL, prefix)


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def record(name: str, figures: dict[str, Any]) -> None:
    """Print the figures and keep them in bench/results/<name>.json (gitignored)."""
    document = {"bench": name, "at": datetime.now(UTC).isoformat(), "machine": machine(), **figures}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(document, indent=2, ensure_ascii=False), flush=True)
