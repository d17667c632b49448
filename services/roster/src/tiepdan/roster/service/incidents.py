"""Use cases for incidents at the reception office, recorded by the police (plan §4)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from tiepdan.kit.db import utcnow
from tiepdan.kit.errors import not_found
from tiepdan.roster.adapters.repository import Page
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.incident import Incident, check_incident
from tiepdan.roster.service.unit_of_work import RosterWork


def record_incident(uow: RosterWork, details: Mapping[str, Any], by: str) -> Incident:
    """`details`: occurred_at, what_happened, action_taken and optionally case_ref, reception_id (a reception of
    the unit). The caller commits, with the request's answer."""
    reception_id = details.get("reception_id")
    if reception_id is not None and uow.receptions.get(reception_id) is None:
        raise InvalidDocument({"reception_id": [f"Không có buổi tiếp '{reception_id}'."]})
    incident = check_incident(Incident(id=str(uuid.uuid4()), recorded_by=by, recorded_at=utcnow(), **details))
    uow.incidents.add(incident)
    return incident


def get_incident(uow: RosterWork, incident_id: str) -> Incident:
    found = uow.incidents.get(incident_id)
    if found is None:
        raise not_found(f"sự việc '{incident_id}'")
    return found


def list_incidents(uow: RosterWork, limit: int, cursor: str | None) -> Page[Incident]:
    """Latest first."""
    return uow.incidents.page(limit, cursor)
