"""The audit trail: every sign-in, failure, lockout, account, role, client and key change (who, when, where)."""

from __future__ import annotations

from typing import Any

from ..domain.audit import AuditEntry
from .unit_of_work import ConsoleWork

__all__ = ["PAGE", "AuditEntry", "read", "record"]

PAGE = 100


def record(uow: ConsoleWork, *, actor: str, action: str, target: str = "", address: str = "", **detail: Any) -> None:
    """Added to the caller's unit of work: the change and its record commit together."""
    uow.audit.record(actor=actor, action=action, target=target, address=address, detail=detail)


def read(uow: ConsoleWork, *, before: int | None = None, limit: int = PAGE) -> tuple[list[AuditEntry], int | None]:
    """Newest first; the id to pass as `before` for the next page, or None at the end."""
    with uow:
        entries = uow.audit.newest(limit + 1, before)
    more = len(entries) > limit
    entries = entries[:limit]
    return entries, (entries[-1].id if more else None)
