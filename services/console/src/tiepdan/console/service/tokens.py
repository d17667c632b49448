"""The console's signing keys, the RS256 tokens it signs for people and agencies' systems, and its JWKS."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import jwt
from sqlalchemy import select

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.keys import new_rsa_key
from ..adapters.metrics import TOKENS_ISSUED
from ..adapters.orm import SigningKeyRecord
from . import audit
from .accounts import Actor

#: A retired key stays in the JWKS this long: longer than any token it signed may live.
RETIRED_KEY_PUBLISHED = timedelta(days=1)
#: Each process looks for a newer signing key this often (another process may have rotated it).
KEY_CACHE_S = 30.0


def ensure_signing_key(runtime: Runtime) -> None:
    with runtime.uow() as uow:
        if uow.session.scalars(select(SigningKeyRecord.kid).where(SigningKeyRecord.retired_at.is_(None))).first():
            return
    _add_key(runtime)


def _add_key(runtime: Runtime) -> str:
    kid, pem, jwk = new_rsa_key()
    with runtime.uow() as uow:
        uow.session.add(SigningKeyRecord(kid=kid, private_pem=pem, public_jwk=jwk, created_at=utcnow()))
        uow.commit()
    return kid


def rotate_signing_key(runtime: Runtime, actor: Actor) -> str:
    """A new key signs from now on; the old ones are retired but stay published until their tokens have expired."""
    kid = _add_key(runtime)
    now = utcnow()
    with runtime.uow() as uow:
        for record in uow.session.scalars(select(SigningKeyRecord).where(SigningKeyRecord.retired_at.is_(None))):
            if record.kid != kid:
                record.retired_at = now
        audit.record(uow.session, actor=actor.username, action="key_rotated", target=kid, address=actor.address)
        uow.commit()
    return kid


def jwks(runtime: Runtime) -> dict[str, Any]:
    since = utcnow() - RETIRED_KEY_PUBLISHED
    with runtime.uow() as uow:
        records = uow.session.scalars(
            select(SigningKeyRecord)
            .where((SigningKeyRecord.retired_at.is_(None)) | (SigningKeyRecord.retired_at > since))
            .order_by(SigningKeyRecord.created_at.desc())
        ).all()
        return {"keys": [dict(r.public_jwk) for r in records]}


class TokenSigner:
    """Signs with the newest unretired key, looked up at most every KEY_CACHE_S seconds."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._lock = threading.Lock()
        self._key: tuple[float, str, str] | None = None

    def _current(self) -> tuple[str, str]:
        with self._lock:
            if self._key is None or time.monotonic() - self._key[0] > KEY_CACHE_S:
                with self.runtime.uow() as uow:
                    record = uow.session.scalars(
                        select(SigningKeyRecord)
                        .where(SigningKeyRecord.retired_at.is_(None))
                        .order_by(SigningKeyRecord.created_at.desc())
                    ).first()
                if record is None:
                    raise RuntimeError("the console has no signing key (its start creates one)")
                self._key = (time.monotonic(), record.kid, record.private_pem)
            return self._key[1], self._key[2]

    def forget_key(self) -> None:
        with self._lock:
            self._key = None

    def sign(self, claims: dict[str, Any], ttl_s: int, kind: str) -> str:
        settings = self.runtime.settings
        now = int(time.time())
        payload = {**claims, "iat": now, "exp": now + ttl_s}
        if settings.jwt_issuer:
            payload["iss"] = settings.jwt_issuer
        if settings.jwt_audience:
            payload["aud"] = settings.jwt_audience
        kid, pem = self._current()
        TOKENS_ISSUED.labels(kind).inc()
        return jwt.encode(payload, pem, algorithm="RS256", headers={"kid": kid})
