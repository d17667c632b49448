"""Bearer JWT authentication (PyJWT), roles and the caller's units.

HS256 with `TIEPDAN_JWT_SECRET`, or RS256 with `TIEPDAN_JWT_PUBLIC_KEY`; and, with `TIEPDAN_JWT_JWKS_URL`, RS256
tokens carrying a `kid` verified against that key set (the console's `/.well-known/jwks.json`). `iss`/`aud` checked
only when configured.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import jwt
from flask import g, request
from jwt.types import Options

from .config import DEV_JWT_SECRET, Settings
from .errors import Problem
from .openapi import PUBLIC_ATTR, ROLES_ATTR

ROLES = (
    "clerk",
    "leader",
    "police",
    "party_inspection",
    "party_standing",
    "front",
    "party_building",
    "province",
    "scheduler",
    "ops",
    "admin",
)
ALL_UNITS = "*"
#: A client sends the same token with every request; checking its signature and claims again each time is a
#: measurable share of a small request. A verified token is remembered this long, never past its `exp` (the key
#: never changes within a process and tokens are not revoked otherwise), for at most VERIFIED_MAX tokens.
VERIFIED_TTL_S = 60.0
VERIFIED_MAX = 4096
#: The key set is fetched again after this long, and at once (but not more often than the cooldown) when a token
#: names a `kid` it does not hold: keys rotate without a restart.
JWKS_LIFESPAN_S = 300.0
JWKS_REFETCH_COOLDOWN_S = 5.0
JWKS_TIMEOUT_S = 5.0

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Principal:
    """Who is calling, and which units they may see. `units is None` means every unit."""

    sub: str
    name: str
    agency: str
    roles: frozenset[str]
    units: frozenset[str] | None
    home_unit: str

    def has_any(self, roles: Iterable[str]) -> bool:
        return bool(self.roles.intersection(roles))

    def sees_unit(self, unit: str) -> bool:
        return self.units is None or unit in self.units


SYSTEM = Principal("system", "system", "system", frozenset(), None, "")


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self.default_unit = settings.unit
        self.issuer = settings.jwt_issuer or None
        self.audience = settings.jwt_audience or None
        self.jwks = (
            jwt.PyJWKClient(
                settings.jwt_jwks_url,
                cache_keys=False,
                lifespan=JWKS_LIFESPAN_S,
                timeout=JWKS_TIMEOUT_S,
                cooldown_duration=JWKS_REFETCH_COOLDOWN_S,
            )
            if settings.jwt_jwks_url
            else None
        )
        self.key: str | None
        if settings.jwt_public_key:
            self.key, self.algorithms = settings.jwt_public_key, ["RS256"]
        elif settings.jwt_secret:
            self.key, self.algorithms = settings.jwt_secret, ["HS256"]
        elif settings.embedded:
            self.key, self.algorithms = DEV_JWT_SECRET, ["HS256"]
        elif self.jwks is not None:
            self.key, self.algorithms = None, []
        else:
            raise RuntimeError(
                "TIEPDAN_JWT_SECRET, TIEPDAN_JWT_PUBLIC_KEY or TIEPDAN_JWT_JWKS_URL must be set outside embedded mode"
            )
        self._verified: dict[str, tuple[float, Principal]] = {}

    def verify(self, token: str) -> Principal:
        now = time.time()
        known = self._verified.get(token)
        if known is not None and now < known[0]:
            return known[1]
        claims = self._decode(token)
        principal = self.principal_from_claims(claims)
        if len(self._verified) >= VERIFIED_MAX:
            self._verified.clear()
        self._verified[token] = (min(float(claims["exp"]), now + VERIFIED_TTL_S), principal)
        return principal

    def _decode(self, token: str) -> dict[str, Any]:
        options: Options = {"require": ["sub", "exp"], "verify_aud": self.audience is not None}
        try:
            key, algorithms = self._key_for(token)
            claims = jwt.decode(
                token, key, algorithms=algorithms, issuer=self.issuer, audience=self.audience, options=options
            )
        except jwt.ExpiredSignatureError as exc:
            raise Problem(401, "Mã truy cập đã hết hạn (token expired).") from exc
        except jwt.PyJWTError as exc:
            raise Problem(401, f"Mã truy cập không hợp lệ: {exc}") from exc
        return claims

    def _key_for(self, token: str) -> tuple[Any, list[str]]:
        """An RS256 token naming a `kid` is checked against the key set when one is configured; any other token
        against the configured secret or public key."""
        if self.jwks is not None:
            header = jwt.get_unverified_header(token)
            if header.get("kid") and header.get("alg") == "RS256":
                try:
                    return self.jwks.get_signing_key(str(header["kid"])).key, ["RS256"]
                except jwt.PyJWKClientConnectionError as exc:
                    raise Problem(503, "Không lấy được khoá công khai để kiểm tra mã truy cập (JWKS).") from exc
        if self.key is None:
            raise jwt.InvalidTokenError("the token names no key of the key set")
        return self.key, self.algorithms

    def principal_from_claims(self, claims: dict[str, Any]) -> Principal:
        roles = claims.get("roles") or []
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise Problem(401, "Claim 'roles' phải là danh sách chuỗi.")
        units_claim = claims.get("units")
        unit_claim = claims.get("unit")
        units: frozenset[str] | None
        if units_claim == ALL_UNITS:
            units = None
        elif isinstance(units_claim, list) and all(isinstance(u, str) for u in units_claim) and units_claim:
            units = frozenset(units_claim)
        elif units_claim is not None:
            raise Problem(401, "Claim 'units' phải là danh sách mã đơn vị hoặc \"*\".")
        elif isinstance(unit_claim, str) and unit_claim:
            units = frozenset({unit_claim})
        else:
            units = frozenset({self.default_unit})
        home = unit_claim if isinstance(unit_claim, str) and unit_claim else self.default_unit
        return Principal(
            sub=str(claims["sub"]),
            name=str(claims.get("name", "")),
            agency=str(claims.get("agency", "")),
            roles=frozenset(roles),
            units=units,
            home_unit=home,
        )


def mint_token(
    settings: Settings,
    *,
    sub: str,
    roles: Iterable[str],
    name: str = "",
    agency: str = "",
    unit: str | None = None,
    units: list[str] | str | None = None,
    ttl_s: int = 8 * 3600,
) -> str:
    """Development and test tokens, signed with the configured key (RS256 needs the private key)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "name": name,
        "agency": agency,
        "roles": list(roles),
        "iat": now,
        "exp": now + ttl_s,
    }
    if unit:
        claims["unit"] = unit
    if units is not None:
        claims["units"] = units
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    if settings.jwt_private_key:
        return jwt.encode(claims, settings.jwt_private_key, algorithm="RS256")
    return jwt.encode(claims, settings.jwt_secret or DEV_JWT_SECRET, algorithm="HS256")


def authenticate(verifier: TokenVerifier) -> None:
    """before_request for /api/ paths: sets g.principal or answers 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "Thiếu mã truy cập: cần header 'Authorization: Bearer <JWT>'.")
    g.principal = verifier.verify(token.strip())


def public(view: Callable[P, R]) -> Callable[P, R]:
    """A view under /api/ that needs no token (a citizen's lookup): no 401, and no principal to read."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def is_public(view_function: Callable[..., Any] | None, method: str) -> bool:
    """Whether the route's handler for `method` is marked `public` (a MethodView's method, or a plain view)."""
    handler = getattr(getattr(view_function, "view_class", None), method.lower(), view_function)
    return bool(getattr(handler, PUBLIC_ATTR, False))


def current_principal() -> Principal:
    principal = g.get("principal")
    if principal is None:
        raise Problem(401, "Chưa xác thực.")
    return principal


def roles_required(*allowed: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """403 unless the caller holds one of `allowed` (401 first when there is no valid token)."""
    unknown = set(allowed) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_principal().has_any(allowed):
                raise Problem(403, f"Chức năng này dành cho vai trò: {', '.join(allowed)}.")
            return view(*args, **kwargs)

        setattr(wrapper, ROLES_ATTR, allowed)
        return wrapper

    return decorate
