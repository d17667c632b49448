"""News items: a clerk (or leader) writes one, a leader approves, publishes and unpublishes it; every step is in
the audit trail. Items belong to the writer's unit; the public page shows its ward's published items."""

from __future__ import annotations

import dataclasses
import uuid

from tiepdan.kit.db import utcnow

from ..domain.news import DRAFT, NewsDraft, NewsError, NewsItem, check_draft, next_status
from . import audit
from .accounts import Actor
from .unit_of_work import ConsoleWork

__all__ = ["PUBLIC_LIMIT", "NewsItem", "act", "create", "for_units", "published"]

PUBLIC_LIMIT = 10


def create(uow: ConsoleWork, unit: str, draft: NewsDraft, by: Actor) -> NewsItem:
    checked = check_draft(draft)
    item = NewsItem(
        id=str(uuid.uuid4()),
        unit=unit,
        title=checked.title,
        body=checked.body,
        status=DRAFT,
        created_by=by.username,
        created_at=utcnow(),
        approved_by=None,
        published_at=None,
    )
    with uow:
        uow.news.add(item)
        audit.record(uow, actor=by.username, action="news_created", target=item.id, address=by.address, unit=unit)
        uow.commit()
    return item


def act(uow: ConsoleWork, item_id: str, units: frozenset[str] | None, action: str, by: Actor) -> NewsItem:
    """Approve, publish or unpublish; an item of a unit the leader does not see is not found."""
    with uow:
        item = uow.news.get(item_id)
        if item is None or (units is not None and item.unit not in units):
            raise NewsError("not_found")
        item = dataclasses.replace(item, status=next_status(action, item.status))
        if action == "approve":
            item = dataclasses.replace(item, approved_by=by.username)
        if action == "publish":
            item = dataclasses.replace(item, published_at=utcnow())
        uow.news.save(item)
        audit.record(uow, actor=by.username, action=f"news_{action}", target=item.id, address=by.address)
        uow.commit()
    return item


def for_units(uow: ConsoleWork, units: frozenset[str] | None) -> list[NewsItem]:
    """Every item of the units (None: every unit), newest first, for the staff's page."""
    with uow:
        return uow.news.of_units(units)


def published(uow: ConsoleWork, unit: str, limit: int = PUBLIC_LIMIT) -> list[NewsItem]:
    with uow:
        return uow.news.published(unit, limit)
