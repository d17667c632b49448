"""Projecting alerts' events: when each alert was open, for the daily report's open alerts by kind."""

from __future__ import annotations

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.adapters.orm import AlertFact
from tiepdan.reports.handlers.parsing import optional_instant, text

RESOLVED = "resolved"


def project_alert(uow: UnitOfWork, event: Envelope) -> None:
    """Raised/updated/acknowledged/escalated/resolved all carry the whole alert; order of arrival does not matter:
    it opened at the earliest time seen, closed at the earliest resolution seen, and shows its latest status."""
    data = event.data
    at = event.occurred
    raised = optional_instant(data.get("first_seen")) or at
    status = text(data, "status", 20, "open")
    resolved = (optional_instant(data.get("resolved_at")) or at) if status == RESOLVED else None
    row = uow.session.get(AlertFact, str(data["id"]), with_for_update=True)
    if row is None:
        uow.session.add(
            AlertFact(
                alert_id=str(data["id"]),
                unit=event.unit,
                kind=text(data, "kind", 32, "crowd"),
                status=status,
                raised_at=raised,
                resolved_at=resolved,
                last_event_at=at,
            )
        )
        return
    row.raised_at = min(row.raised_at, raised)
    if resolved is not None:
        row.resolved_at = resolved if row.resolved_at is None else min(row.resolved_at, resolved)
    if at >= row.last_event_at:
        row.status, row.last_event_at = status, at
