"""Helpers for the integration tests: a clock the test moves, events as intake and roster publish them.

(A module with a unique name: test directories of every service share sys.path.)
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from tiepdan.kit.db import outbox_table
from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import TEST_UNIT

#: Wednesday 10 June 2026, 09:00 in Hà Nội: no special period.
ORDINARY = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)

_numbers = itertools.count(1)


@dataclass
class Clock:
    now: datetime = ORDINARY

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def visit_data(**overrides: Any) -> dict[str, Any]:
    number = next(_numbers)
    data: dict[str, Any] = {
        "visit_id": f"v{number}",
        "case_id": f"c{number}",
        "received_at": ORDINARY.isoformat(),
        "reception": "regular",
        "headcount": 1,
        "is_group": False,
        "repeat": False,
        "kind": "complaint",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
        "party_related": False,
        "case_first_visit_at": ORDINARY.isoformat(),
        "case_visit_count": 1,
        "case_status": "received",
    }
    data.update(overrides)
    if isinstance(data["received_at"], datetime):
        data["received_at"] = data["received_at"].isoformat()
    data["is_group"] = data["headcount"] >= 5
    return data


def envelope(event_type: str, data: dict[str, Any], occurred_at: datetime = ORDINARY, **fields: Any) -> Envelope:
    return Envelope(
        type=event_type,
        data=data,
        unit=fields.pop("unit", TEST_UNIT),
        source=event_type.split(".")[0],
        correlation_id="test",
        occurred_at=occurred_at.isoformat().replace("+00:00", "Z"),
        **fields,
    )


def consume(runtime: Runtime, event: Envelope) -> Outcome:
    """Hand an event to the service's inbox exactly as the bus would."""
    result = runtime.processor().process(event.to_json().encode("utf-8"))
    assert result.outcome in (Outcome.DONE, Outcome.DUPLICATE), result.reason
    return result.outcome


def visit(runtime: Runtime, **overrides: Any) -> dict[str, Any]:
    data = visit_data(**overrides)
    consume(runtime, envelope("intake.visit.registered", data))
    return data


def published(runtime: Runtime, prefix: str = "alerts.") -> list[dict[str, Any]]:
    """The events this service has put in its outbox, oldest first."""
    with runtime.sessions() as session:
        bodies = session.scalars(select(outbox_table.c.body).order_by(outbox_table.c.seq)).all()
    events = [json.loads(body) for body in bodies]
    return [e for e in events if e["type"].startswith(prefix)]


def report_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "reported_at": ORDINARY.isoformat(),
        "place": "Trụ sở Tiếp công dân tỉnh",
        "level": "province",
        "headcount": 15,
        "area": "Tổ dân phố 5",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "summary": "Công dân phường Bách Quang đến Trụ sở Tiếp công dân tỉnh",
    }
    body.update(overrides)
    return body
