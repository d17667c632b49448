"""Server-side browser sessions: the cookie carries a random id, the database its hash, the data and the times."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.orm import WebSessionRecord
from ..domain.limits import SessionPolicy


@dataclass
class StoredSession:
    data: dict[str, Any]
    account_id: str | None
    created_at: datetime
    last_seen_at: datetime


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def load(runtime: Runtime, session_id: str) -> StoredSession | None:
    with runtime.uow() as uow:
        record = uow.session.get(WebSessionRecord, _hash(session_id))
        if record is None:
            return None
        return StoredSession(dict(record.data or {}), record.account_id, record.created_at, record.last_seen_at)


def save(runtime: Runtime, session_id: str, stored: StoredSession) -> None:
    with runtime.uow() as uow:
        record = uow.session.get(WebSessionRecord, _hash(session_id))
        if record is None:
            record = WebSessionRecord(id_hash=_hash(session_id), created_at=stored.created_at)
            uow.session.add(record)
        record.data = stored.data
        record.account_id = stored.account_id
        record.last_seen_at = stored.last_seen_at
        uow.commit()


def delete_session(runtime: Runtime, session_id: str) -> None:
    with runtime.uow() as uow:
        uow.session.execute(delete(WebSessionRecord).where(WebSessionRecord.id_hash == _hash(session_id)))
        uow.commit()


def end_sessions_of(runtime: Runtime, account_id: str) -> None:
    with runtime.uow() as uow:
        uow.session.execute(delete(WebSessionRecord).where(WebSessionRecord.account_id == account_id))
        uow.commit()


def purge_expired(runtime: Runtime, policy: SessionPolicy) -> int:
    now = utcnow()
    with runtime.uow() as uow:
        result = uow.session.execute(
            delete(WebSessionRecord).where(
                or_(
                    WebSessionRecord.last_seen_at <= now - policy.idle,
                    WebSessionRecord.created_at <= now - policy.absolute,
                )
            )
        )
        uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)
