"""Incidents at the reception office, as the police record them (plan §4): time, what happened, action taken.

No citizen is identified here: the only link to a person is a case reference the police choose to enter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tiepdan.roster.domain.errors import ErrorCollector


@dataclass(frozen=True)
class Incident:
    id: str
    occurred_at: datetime
    what_happened: str
    action_taken: str
    recorded_by: str
    recorded_at: datetime
    case_ref: str | None = None
    reception_id: str | None = None


def check_incident(incident: Incident) -> Incident:
    """An incident is recorded after it happened."""
    errors = ErrorCollector()
    if incident.occurred_at > incident.recorded_at:
        errors.add("occurred_at", "Thời điểm xảy ra không được ở tương lai.")
    errors.raise_if_any()
    return incident
