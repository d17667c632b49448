"""The console's signing keys, the RS256 tokens it signs for people and agencies' systems, and its JWKS."""

from __future__ import annotations

import threading
import time
from typing import Any

import jwt
from jwt.algorithms import RSAAlgorithm

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.keys import new_rsa_key
from ..adapters.metrics import TOKENS_ISSUED
from ..domain.keys import RETIRED_KEY_PUBLISHED, SigningKey
from . import audit
from .accounts import Actor
from .unit_of_work import ConsoleWork, WorkFactory, console_work

#: Each process looks for a newer signing key this often (another process may have rotated it).
KEY_CACHE_S = 30.0
_RS256 = RSAAlgorithm(RSAAlgorithm.SHA256)


def _new_key() -> SigningKey:
    kid, pem, jwk = new_rsa_key()
    return SigningKey(kid, pem, jwk, utcnow())


def ensure_signing_key(uow: ConsoleWork) -> None:
    with uow:
        if uow.signing_keys.current() is not None:
            return
        uow.signing_keys.add(_new_key())
        uow.commit()


def rotate_signing_key(uow: ConsoleWork, actor: Actor) -> str:
    """A new key signs from now on; the old ones are retired but stay published until their tokens have expired."""
    key = _new_key()
    with uow:
        uow.signing_keys.add(key)
        uow.signing_keys.retire_all_but(key.kid, key.created_at)
        audit.record(uow, actor=actor.username, action="key_rotated", target=key.kid, address=actor.address)
        uow.commit()
    return key.kid


def jwks(uow: ConsoleWork) -> dict[str, Any]:
    with uow:
        keys = uow.signing_keys.published(retired_since=utcnow() - RETIRED_KEY_PUBLISHED)
    return {"keys": [dict(key.public_jwk) for key in keys]}


class TokenSigner:
    """Signs with the newest unretired key, looked up at most every KEY_CACHE_S seconds and parsed once: loading a
    PEM RSA key checks it, which costs far more than signing with it."""

    def __init__(self, work: WorkFactory, *, issuer: str | None = None, audience: str | None = None) -> None:
        self.work = work
        self.issuer = issuer
        self.audience = audience
        self._lock = threading.Lock()
        self._key: tuple[float, str, Any] | None = None

    @classmethod
    def for_runtime(cls, runtime: Runtime) -> TokenSigner:
        settings = runtime.settings
        return cls(lambda: console_work(runtime), issuer=settings.jwt_issuer, audience=settings.jwt_audience)

    def _current(self) -> tuple[str, Any]:
        with self._lock:
            if self._key is None or time.monotonic() - self._key[0] > KEY_CACHE_S:
                uow = self.work()
                with uow:
                    key = uow.signing_keys.current()
                if key is None:
                    raise RuntimeError("the console has no signing key (its start creates one)")
                if self._key is None or self._key[1] != key.kid:
                    self._key = (time.monotonic(), key.kid, _RS256.prepare_key(key.private_pem))
                else:
                    self._key = (time.monotonic(), key.kid, self._key[2])
            return self._key[1], self._key[2]

    def forget_key(self) -> None:
        with self._lock:
            self._key = None

    def sign(self, claims: dict[str, Any], ttl_s: int, kind: str) -> str:
        now = int(time.time())
        payload = {**claims, "iat": now, "exp": now + ttl_s}
        if self.issuer:
            payload["iss"] = self.issuer
        if self.audience:
            payload["aud"] = self.audience
        kid, private_key = self._current()
        TOKENS_ISSUED.labels(kind).inc()
        return jwt.encode(payload, private_key, algorithm="RS256", headers={"kid": kid})
