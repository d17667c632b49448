"""The inbox's reads: alerts some of the given receivers were sent a notice of, and those notices."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tiepdan.alerts.adapters.orm import AlertRow, DeliveryRow
from tiepdan.alerts.domain.kinds import Kind


def told_listing(kinds: Collection[Kind], receivers: Collection[str]) -> Select[Any]:
    """The ORM statement of the alerts of `kinds` noticed to any of `receivers` on any channel (the kit scopes it
    to the caller's units and paginates it)."""
    told = select(DeliveryRow.alert_id).where(DeliveryRow.receiver.in_(list(receivers)))
    return select(AlertRow).where(AlertRow.kind.in_([str(k) for k in kinds]), AlertRow.id.in_(told))


def notices_of(
    session: Session, alert_ids: Collection[str], receivers: Collection[str]
) -> dict[str, list[tuple[str, str, datetime]]]:
    """Per alert, the notices to `receivers` as (receiver, reason, when), newest first; one per notice whatever
    the number of channels it went on."""
    rows = session.execute(
        select(DeliveryRow.alert_id, DeliveryRow.receiver, DeliveryRow.reason, DeliveryRow.created_at)
        .where(DeliveryRow.alert_id.in_(list(alert_ids)), DeliveryRow.receiver.in_(list(receivers)))
        .distinct()
        .order_by(DeliveryRow.created_at.desc(), DeliveryRow.receiver)
    )
    notices: dict[str, list[tuple[str, str, datetime]]] = {}
    for alert_id, receiver, reason, created_at in rows:
        notices.setdefault(alert_id, []).append((receiver, reason, created_at))
    return notices
