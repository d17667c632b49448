"""Projecting alerts' events: when each alert was open, for the daily report's open alerts by kind."""

from __future__ import annotations

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.domain.daily import AlertSeen
from tiepdan.reports.handlers.parsing import optional_instant, text
from tiepdan.reports.service import projections
from tiepdan.reports.service.unit_of_work import reports_work

RESOLVED = "resolved"


def project_alert(uow: UnitOfWork, event: Envelope) -> None:
    """Raised/updated/acknowledged/escalated/resolved: each carries the whole alert."""
    data = event.data
    at = event.occurred
    status = text(data, "status", 20, "open")
    seen = AlertSeen(
        alert_id=str(data["id"]),
        unit=event.unit,
        kind=text(data, "kind", 32, "crowd"),
        status=status,
        raised_at=optional_instant(data.get("first_seen")) or at,
        resolved_at=(optional_instant(data.get("resolved_at")) or at) if status == RESOLVED else None,
        seen_at=at,
    )
    projections.record_alert(reports_work(uow), seen)
