"""The console's signing keys, the RS256 tokens it signs for people and agencies' systems, and its JWKS."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
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
#: Tokens a signer keeps for reuse, the least recently used dropped first: a few per signed-in person.
REUSED_TOKENS = 4096
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
    PEM RSA key checks it, which costs far more than signing with it.

    Asked to (`reuse=True`), it hands back the token it signed for the same claims, ttl, kind and key while more than
    half of that token's life is left: the services' verification cache is keyed by the token, so a new token for
    every page would be verified again by each of them."""

    def __init__(
        self,
        work: WorkFactory,
        *,
        issuer: str | None = None,
        audience: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.work = work
        self.issuer = issuer
        self.audience = audience
        self.clock = clock
        self._lock = threading.Lock()
        self._key: tuple[float, str, Any] | None = None
        self._tokens_lock = threading.Lock()
        self._tokens: OrderedDict[tuple[str, int, str, str], tuple[str, int]] = OrderedDict()

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

    def sign(self, claims: dict[str, Any], ttl_s: int, kind: str, *, reuse: bool = False) -> str:
        """A token for `claims`, valid `ttl_s` seconds from when it was signed. `reuse` may give one signed earlier
        (see the class): only for tokens used at once, never for one handed out with its lifetime stated."""
        kid, private_key = self._current()
        if not reuse:
            return self._signed(claims, ttl_s, kind, kid, private_key)[0]
        # the claims as one hashable value, the same whatever their order
        cache_key = (json.dumps(claims, sort_keys=True, separators=(",", ":")), ttl_s, kind, kid)
        with self._tokens_lock:
            earlier = self._tokens.get(cache_key)
            if earlier is not None and earlier[1] - self.clock() > ttl_s / 2:
                self._tokens.move_to_end(cache_key)
                return earlier[0]
        # signed outside the lock: two threads may both sign the same claims, the later one is kept
        token, expires = self._signed(claims, ttl_s, kind, kid, private_key)
        with self._tokens_lock:
            self._tokens[cache_key] = (token, expires)
            self._tokens.move_to_end(cache_key)
            while len(self._tokens) > REUSED_TOKENS:
                self._tokens.popitem(last=False)
        return token

    def seconds_left(self, token: str) -> float:
        """How long a token this signer made is still valid: read from its `exp`, unchecked, since it is our own."""
        expires: int = jwt.decode(token, options={"verify_signature": False})["exp"]
        return expires - self.clock()

    def _signed(self, claims: dict[str, Any], ttl_s: int, kind: str, kid: str, private_key: Any) -> tuple[str, int]:
        now = int(self.clock())
        payload = {**claims, "iat": now, "exp": now + ttl_s}
        if self.issuer:
            payload["iss"] = self.issuer
        if self.audience:
            payload["aud"] = self.audience
        TOKENS_ISSUED.labels(kind).inc()
        return jwt.encode(payload, private_key, algorithm="RS256", headers={"kid": kid}), now + ttl_s
