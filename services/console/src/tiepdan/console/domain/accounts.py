"""Accounts and agency clients: who they are, which roles they hold, which units they may see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tiepdan.kit.auth import ALL_UNITS, ROLES

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
UNIT_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
PASSWORD_MIN_LENGTH = 12


class AccountError(ValueError):
    """A rule an account's data breaks: `field` names the form or command field, `code` the rule."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


@dataclass(frozen=True)
class Scope:
    """One unit, or a province scope: a list of units or every unit (`units == ("*",)`)."""

    unit: str | None
    units: tuple[str, ...] | None

    @property
    def every_unit(self) -> bool:
        return self.units == (ALL_UNITS,)

    def claims(self) -> dict[str, Any]:
        if self.units is not None:
            return {"units": ALL_UNITS if self.every_unit else list(self.units)}
        return {"unit": self.unit} if self.unit else {}

    def stored_units(self) -> list[str] | str | None:
        if self.units is None:
            return None
        return ALL_UNITS if self.every_unit else list(self.units)

    def label(self) -> str:
        if self.units is not None:
            return ALL_UNITS if self.every_unit else ", ".join(self.units)
        return self.unit or ""


def parse_scope(unit: str | None, units: str | list[str] | None) -> Scope:
    """`unit` and `units` are exclusive; `units` is "*" or ward codes (a list, or text separated by commas)."""
    unit = (unit or "").strip() or None
    if isinstance(units, str):
        units = [part.strip() for part in units.split(",") if part.strip()]
    units = list(units or [])
    if unit and units:
        raise AccountError("units", "unit_and_units")
    if units == [ALL_UNITS]:
        return Scope(None, (ALL_UNITS,))
    for code in [unit, *units]:
        if code is not None and not UNIT_PATTERN.match(code):
            raise AccountError("units" if units else "unit", "bad_unit")
    if units:
        return Scope(None, tuple(sorted(set(units))))
    return Scope(unit, None)


def stored_scope(unit: str | None, units: Any) -> Scope:
    if units == ALL_UNITS:
        return Scope(None, (ALL_UNITS,))
    if isinstance(units, list) and units:
        return Scope(None, tuple(units))
    return Scope(unit, None)


def check_username(username: str) -> str:
    if not USERNAME_PATTERN.match(username):
        raise AccountError("username", "bad_username")
    return username


def check_roles(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    if not roles:
        raise AccountError("roles", "no_role")
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise AccountError("roles", "unknown_role")
    return tuple(role for role in ROLES if role in roles)


def check_password(username: str, password: str) -> None:
    """At least 12 characters, and not the username (in any case, or reversed)."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError("password", "password_too_short")
    folded = password.strip().casefold()
    if folded in (username.casefold(), username.casefold()[::-1]):
        raise AccountError("password", "password_is_username")


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    full_name: str
    agency: str
    roles: tuple[str, ...]
    scope: Scope
    active: bool
    must_change_password: bool

    def has_any(self, roles: tuple[str, ...] | frozenset[str]) -> bool:
        return bool(set(self.roles).intersection(roles))

    def claims(self) -> dict[str, Any]:
        return {
            "sub": self.username,
            "name": self.full_name,
            "agency": self.agency,
            "roles": list(self.roles),
            **self.scope.claims(),
        }


@dataclass(frozen=True)
class Client:
    client_id: str
    name: str
    agency: str
    roles: tuple[str, ...]
    scope: Scope
    active: bool

    def claims(self) -> dict[str, Any]:
        return {
            "sub": f"client:{self.client_id}",
            "name": self.name,
            "agency": self.agency,
            "roles": list(self.roles),
            **self.scope.claims(),
        }
