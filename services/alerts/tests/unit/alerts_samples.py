"""Sample event data as intake publishes it, for the domain tests (a unique module name: test dirs share sys.path)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from tiepdan.alerts.domain.observations import Sighting, sighting_from_petition, sighting_from_visit

#: Wednesday 10 June 2026, 09:00 in Hà Nội: no special period.
ORDINARY = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)
#: Tuesday 20 January 2026, 09:00 in Hà Nội: during the XIV Party Congress (a critical special period).
CONGRESS = datetime(2026, 1, 20, 2, 0, tzinfo=UTC)

_ids = itertools.count(1)


def visit_data(**overrides: Any) -> dict[str, Any]:
    number = next(_ids)
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
    return data


def petition_data(**overrides: Any) -> dict[str, Any]:
    number = next(_ids)
    data: dict[str, Any] = {
        "petition_id": f"p{number}",
        "case_id": f"c{number}",
        "channel": "post",
        "received_on": "2026-06-10",
        "signers": 1,
        "headcount": 1,
        "kind": "complaint",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
        "eligible": True,
        "party_related": False,
        "repeat": False,
    }
    data.update(overrides)
    return data


def visit(**overrides: Any) -> Sighting:
    return sighting_from_visit(visit_data(**overrides))


def petition(**overrides: Any) -> Sighting:
    return sighting_from_petition(petition_data(**overrides), "Asia/Ho_Chi_Minh")
