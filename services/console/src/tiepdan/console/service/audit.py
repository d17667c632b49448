"""The audit trail: every sign-in, failure, lockout, account, role, client and key change (who, when, where)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.orm import AuditRecord

PAGE = 100


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    address: str
    detail: dict[str, Any]


def record(session: Session, *, actor: str, action: str, target: str = "", address: str = "", **detail: Any) -> None:
    """Added to the caller's transaction: the change and its record commit together."""
    session.add(
        AuditRecord(
            at=utcnow(), actor=actor[:64], action=action, target=target[:120], address=address[:64], detail=detail
        )
    )


def read(runtime: Runtime, *, before: int | None = None, limit: int = PAGE) -> tuple[list[AuditEntry], int | None]:
    """Newest first; the id to pass as `before` for the next page, or None at the end."""
    statement = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit + 1)
    if before is not None:
        statement = statement.where(AuditRecord.id < before)
    with runtime.uow() as uow:
        rows = uow.session.scalars(statement).all()
    entries = [AuditEntry(r.id, r.at, r.actor, r.action, r.target, r.address, dict(r.detail or {})) for r in rows]
    more = len(entries) > limit
    entries = entries[:limit]
    return entries, (entries[-1].id if more else None)
