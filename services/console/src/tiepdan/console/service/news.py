"""News items: a clerk (or leader) writes one, a leader approves, publishes and unpublishes it; every step is in
the audit trail. Items belong to the writer's unit; the public page shows its ward's published items."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.orm import NewsRecord
from ..domain.news import DRAFT, PUBLISHED, NewsDraft, NewsError, check_draft, next_status
from . import audit
from .accounts import Actor

PUBLIC_LIMIT = 10


@dataclass(frozen=True)
class NewsItem:
    id: str
    unit: str
    title: str
    body: str
    status: str
    created_by: str
    created_at: datetime
    approved_by: str | None
    published_at: datetime | None


def _item(record: NewsRecord) -> NewsItem:
    return NewsItem(
        record.id,
        record.unit,
        record.title,
        record.body,
        record.status,
        record.created_by,
        record.created_at,
        record.approved_by,
        record.published_at,
    )


def create(runtime: Runtime, unit: str, draft: NewsDraft, by: Actor) -> NewsItem:
    checked = check_draft(draft)
    record = NewsRecord(
        id=str(uuid.uuid4()),
        unit=unit,
        title=checked.title,
        body=checked.body,
        status=DRAFT,
        created_by=by.username,
        created_at=utcnow(),
    )
    with runtime.uow() as uow:
        uow.session.add(record)
        audit.record(
            uow.session, actor=by.username, action="news_created", target=record.id, address=by.address, unit=unit
        )
        uow.commit()
        return _item(record)


def act(runtime: Runtime, item_id: str, units: frozenset[str] | None, action: str, by: Actor) -> NewsItem:
    """Approve, publish or unpublish; an item of a unit the leader does not see is not found."""
    with runtime.uow() as uow:
        record = uow.session.get(NewsRecord, item_id)
        if record is None or (units is not None and record.unit not in units):
            raise NewsError("not_found")
        record.status = next_status(action, record.status)
        if action == "approve":
            record.approved_by = by.username
        if action == "publish":
            record.published_at = utcnow()
        audit.record(uow.session, actor=by.username, action=f"news_{action}", target=record.id, address=by.address)
        uow.commit()
        return _item(record)


def for_units(runtime: Runtime, units: frozenset[str] | None) -> list[NewsItem]:
    """Every item of the units (None: every unit), newest first, for the staff's page."""
    statement = select(NewsRecord).order_by(NewsRecord.created_at.desc(), NewsRecord.id)
    if units is not None:
        statement = statement.where(NewsRecord.unit.in_(sorted(units)))
    with runtime.uow() as uow:
        return [_item(record) for record in uow.session.scalars(statement)]


def published(runtime: Runtime, unit: str, limit: int = PUBLIC_LIMIT) -> list[NewsItem]:
    statement = (
        select(NewsRecord)
        .where(NewsRecord.unit == unit, NewsRecord.status == PUBLISHED)
        .order_by(NewsRecord.published_at.desc(), NewsRecord.id)
        .limit(limit)
    )
    with runtime.uow() as uow:
        return [_item(record) for record in uow.session.scalars(statement)]
