"""Helpers for the roster integration tests: tokens, shared documents, the outbox, problem documents."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.db import outbox_table
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.roster.service.solving import solve_pending

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCHEDULER = bearer("scheduler", name="Cán bộ xếp lịch")
LEADER = bearer("leader")
POLICE = bearer("police")
CLERK = bearer("clerk")


def _load_checker() -> Any:
    """The independent hard-rule checker lives with the unit tests; load it from there by path."""
    path = Path(__file__).resolve().parent.parent / "unit" / "roster_checker.py"
    spec = importlib.util.spec_from_file_location("roster_checker_for_integration", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


check_roster = _load_checker().check_roster


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def outbox(runtime: Runtime, event_type: str | None = None) -> list[dict[str, Any]]:
    """Events staged by the service, oldest first (as envelopes)."""
    with runtime.engine.connect() as conn:
        stmt = select(outbox_table.c.type, outbox_table.c.body).order_by(outbox_table.c.seq)
        rows = conn.execute(stmt).all()
    return [json.loads(body) for kind, body in rows if event_type is None or kind == event_type]


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json(force=True)
    return body


WEEK = {"start": "2026-01-12", "end": "2026-01-18", "time_limit_s": 3}


def solved(client, runtime, body=WEEK):
    accepted = client.post("/api/v1/rosters", json=body, headers=SCHEDULER)
    assert accepted.status_code == 202, accepted.get_data(as_text=True)
    assert accepted.get_json()["status"] == "solving"
    assert accepted.headers["Location"] == f"/api/v1/rosters/{accepted.get_json()['id']}"
    assert solve_pending(runtime) >= 1
    return client.get(accepted.headers["Location"], headers=SCHEDULER).get_json()


def checked(roster, start, end, staff=None):
    problems = check_roster(
        staff=staff or fixture("ward-staff.json")["staff"],
        rules=fixture("coverage-rules.json"),
        calendar=WorkingCalendar.from_dict(fixture("calendar-2026.json")),
        start=start,
        end=end,
        assignments=roster["assignments"],
        reported_gaps=[v for v in roster["violations"] if v.get("rule") == "coverage"],
    )
    assert problems == []
