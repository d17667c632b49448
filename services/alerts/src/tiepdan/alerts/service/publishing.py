"""The alert's events: `alerts.alert.*` with the alert object as data, staged in the change's transaction."""

from __future__ import annotations

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.service.unit_of_work import AlertsWork


def publish(uow: AlertsWork, event_type: str, alert: Alert) -> None:
    uow.emit(event_type, alert.to_document(), unit=alert.unit, aggregate_id=alert.id)
