"""Server-side browser sessions: the cookie carries a random id, the database its hash, the data and the times."""

from __future__ import annotations

import hashlib
import secrets

from tiepdan.kit.db import utcnow

from ..domain.limits import SessionPolicy, StoredSession
from .unit_of_work import ConsoleWork

__all__ = ["StoredSession", "delete_session", "load", "new_session_id", "purge_expired", "save"]


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def load(uow: ConsoleWork, session_id: str) -> StoredSession | None:
    with uow:
        return uow.web_sessions.get(_hash(session_id))


def save(uow: ConsoleWork, session_id: str, stored: StoredSession, *, replacing: str | None = None) -> None:
    """`replacing`: the id this session had until now (signing in gives a new one), deleted in the same commit."""
    with uow:
        if replacing is not None:
            uow.web_sessions.delete(_hash(replacing))
        uow.web_sessions.put(_hash(session_id), stored)
        uow.commit()


def delete_session(uow: ConsoleWork, session_id: str) -> None:
    with uow:
        uow.web_sessions.delete(_hash(session_id))
        uow.commit()


def purge_expired(uow: ConsoleWork, policy: SessionPolicy) -> int:
    now = utcnow()
    with uow:
        purged = uow.web_sessions.delete_idle(last_seen_before=now - policy.idle, created_before=now - policy.absolute)
        uow.commit()
    return purged
