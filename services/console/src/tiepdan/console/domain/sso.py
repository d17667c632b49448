"""Single sign-on: which roles a province identity provider's claim grants, and the local username it signs in as."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tiepdan.kit.auth import ROLES

from .accounts import USERNAME_PATTERN

NOT_USERNAME = re.compile(r"[^a-z0-9._-]+")


def mapped_roles(claims: Mapping[str, Any], claim: str, mapping: Mapping[str, str | list[str]]) -> tuple[str, ...]:
    """The platform roles the claim's values map to (a value may map to one role or several); unknown values and
    roles outside the contract's eight grant nothing."""
    raw = claims.get(claim)
    values = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
    granted: set[str] = set()
    for value in values:
        roles = mapping.get(str(value), [])
        granted.update([roles] if isinstance(roles, str) else roles)
    return tuple(role for role in ROLES if role in granted)


def external_subject(issuer: str, subject: str) -> str:
    """The provider's identity of a person: its `sub` is unique only within its issuer."""
    return f"{issuer.rstrip('/')}#{subject}"


def username_candidate(claims: Mapping[str, Any]) -> str:
    """A local username from `preferred_username`, else `sub`: lower-case, only the characters usernames allow."""
    for key in ("preferred_username", "sub"):
        name = NOT_USERNAME.sub("-", str(claims.get(key) or "").strip().lower()).strip("-._")[:60]
        if USERNAME_PATTERN.match(name):
            return name
    return "sso-user"
