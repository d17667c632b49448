"""What people do with an alert: read it, acknowledge and resolve it with notes, read its delivery log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tiepdan.alerts.adapters.repository import AlertFilter
from tiepdan.alerts.domain.access import Caller, can_acknowledge, can_read, can_resolve, visible_kinds
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Delivery
from tiepdan.alerts.domain.escalation import Reason
from tiepdan.alerts.service.errors import NotFound, NotPermitted
from tiepdan.alerts.service.notifying import deliver
from tiepdan.alerts.service.publishing import publish
from tiepdan.alerts.service.unit_of_work import AlertsWork


@dataclass(frozen=True)
class AlertPage:
    items: list[Alert]
    next_cursor: str | None


@dataclass(frozen=True)
class AlertQuery:
    status: str | None = None
    kind: str | None = None
    severity: str | None = None
    limit: int | None = None
    cursor: str | None = None


def list_alerts(uow: AlertsWork, caller: Caller, query: AlertQuery) -> AlertPage:
    """The alerts of the kinds the caller's roles may see, newest first."""
    kinds = visible_kinds(caller.roles)
    items, next_cursor = uow.alerts.page(
        AlertFilter(kinds, query.status, query.kind, query.severity, query.limit, query.cursor)
    )
    return AlertPage(items, next_cursor)


def count_alerts(uow: AlertsWork, caller: Caller, query: AlertQuery) -> int:
    """How many alerts `list_alerts` would list over all its pages."""
    kinds = visible_kinds(caller.roles)
    return uow.alerts.count(AlertFilter(kinds, query.status, query.kind, query.severity))


def count_alert_groups(uow: AlertsWork, caller: Caller, query: AlertQuery, by: Sequence[str]) -> list[dict[str, Any]]:
    """How many alerts `list_alerts` would list, per combination of the values of `by` (AlertRow columns)."""
    kinds = visible_kinds(caller.roles)
    return uow.alerts.count_groups(AlertFilter(kinds, query.status, query.kind, query.severity), by)


def readable_alert(uow: AlertsWork, alert_id: str, caller: Caller, *, for_update: bool = False) -> Alert:
    """Another unit's alert, or a kind the caller may not see, is answered as if it did not exist."""
    alert = uow.alerts.get(alert_id, for_update=for_update)
    if alert is None or not can_read(caller.roles, alert):
        raise NotFound("cảnh báo")
    return alert


def acknowledge(uow: AlertsWork, alert_id: str, caller: Caller, *, note: str | None, now: datetime) -> Alert:
    """Stops escalation; the receivers are reminded every repeat interval until it is resolved."""
    alert = readable_alert(uow, alert_id, caller, for_update=True)
    if not can_acknowledge(caller.roles, alert):
        raise NotPermitted("Vai trò của bạn không được xác nhận loại cảnh báo này.")
    record_acknowledgement(uow, alert, by=caller.name, note=note, now=now)
    return alert


def record_acknowledgement(uow: AlertsWork, alert: Alert, *, by: str, note: str | None, now: datetime) -> None:
    """Acknowledged by a person, or by what another service recorded (the Chairman's decision on an enforcement)."""
    alert.acknowledge(by, note, now)
    uow.alerts.save(alert, now)
    publish(uow, "alerts.alert.acknowledged", alert)


def resolve(uow: AlertsWork, alert_id: str, caller: Caller, *, note: str | None, now: datetime) -> Alert:
    """Frees the (kind, group key): the next matching event opens a new alert. Those told hear it is over."""
    alert = readable_alert(uow, alert_id, caller, for_update=True)
    if not can_resolve(caller.roles, alert):
        raise NotPermitted("Vai trò của bạn không được đóng loại cảnh báo này.")
    record_resolution(uow, alert, by=caller.name, note=note, now=now)
    return alert


def record_resolution(uow: AlertsWork, alert: Alert, *, by: str, note: str | None, now: datetime) -> None:
    """Resolved by a person, or by the event that ends what the alert was about (a reception cancelled)."""
    alert.resolve(by, note, now)
    if alert.last_notified_at is not None:
        deliver(uow, alert, Reason.RESOLVED, alert.receivers, now)
    uow.alerts.save(alert, now)
    publish(uow, "alerts.alert.resolved", alert)


@dataclass(frozen=True)
class DeliveryLog:
    items: list[Delivery]


def delivery_log(uow: AlertsWork, alert_id: str, caller: Caller) -> DeliveryLog:
    """Every notice of a readable alert, its channel and attempts."""
    readable_alert(uow, alert_id, caller)
    return DeliveryLog(uow.deliveries.of_alert(alert_id))
