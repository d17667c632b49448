"""Signing in through a province identity provider (OpenID Connect): the provider's validated claims map to roles;
the local account is made at the first sign-in and brought up to date (name, roles, unit) at each later one.
Every step is audited like a password sign-in, with `method: oidc`."""

from __future__ import annotations

import dataclasses
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tiepdan.kit.db import utcnow

from ..adapters.metrics import SIGN_INS
from ..adapters.passwords import hash_secret
from ..domain.accounts import Account, parse_scope
from ..domain.sso import external_subject, mapped_roles, username_candidate
from . import audit
from .unit_of_work import ConsoleWork

METHOD = "oidc"
Outcome = Literal["signed_in", "no_role", "disabled"]


@dataclass(frozen=True)
class SsoPolicy:
    """`claim` holds the values `role_map` maps to roles; accounts made by sign-in belong to `unit`."""

    claim: str
    role_map: Mapping[str, str | list[str]]
    unit: str
    agency: str = ""


@dataclass(frozen=True)
class SsoSignIn:
    outcome: Outcome
    account: Account | None = None


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in, as this console's account would hold it."""

    subject: str
    roles: tuple[str, ...]
    full_name: str


def sign_in_external(
    uow: ConsoleWork, policy: SsoPolicy, issuer: str, claims: Mapping[str, Any], address: str
) -> SsoSignIn:
    identity = Identity(
        external_subject(issuer, str(claims["sub"])),
        mapped_roles(claims, policy.claim, policy.role_map),
        str(claims.get("name") or claims.get("preferred_username") or claims["sub"])[:200],
    )
    with uow:
        known = uow.accounts.with_external_subject(identity.subject)
        who = known.username if known is not None else username_candidate(claims)
        if known is not None and not known.active:
            return _refused(uow, who, address, "disabled")
        if not identity.roles:
            return _refused(uow, who, address, "no_role", claim=policy.claim)
        if known is None:
            account = _first_sign_in(uow, policy, identity, who, address)
        else:
            account = _later_sign_in(uow, policy, identity, known, address)
        audit.record(
            uow, action="sign_in", actor=account.username, target=account.username, address=address, method=METHOD
        )
        uow.on_committed(lambda: SIGN_INS.labels("signed_in").inc())
        uow.commit()
    return SsoSignIn("signed_in", account)


def _first_sign_in(uow: ConsoleWork, policy: SsoPolicy, identity: Identity, wanted: str, address: str) -> Account:
    scope = parse_scope(policy.unit, None)
    account = Account(
        id=str(uuid.uuid4()),
        username=_free_username(uow, wanted),
        full_name=identity.full_name,
        agency=policy.agency,
        roles=identity.roles,
        scope=scope,
        active=True,
        must_change_password=False,
    )
    # Nobody knows the password: such an account signs in through its provider only.
    uow.accounts.add(account, hash_secret(secrets.token_urlsafe(32)), utcnow(), external_subject=identity.subject)
    common = {"actor": account.username, "target": account.username, "address": address, "method": METHOD}
    audit.record(uow, action="account_created", roles=list(identity.roles), scope=scope.label(), **common)
    return account


def _later_sign_in(uow: ConsoleWork, policy: SsoPolicy, identity: Identity, before: Account, address: str) -> Account:
    """The account brought up to date with what the provider says now; each change audited."""
    scope = parse_scope(policy.unit, None)
    after = dataclasses.replace(before, roles=identity.roles, scope=scope, full_name=identity.full_name)
    common = {"actor": before.username, "target": before.username, "address": address, "method": METHOD}
    if before.roles != after.roles or before.scope != after.scope:
        audit.record(
            uow,
            action="roles_changed",
            roles_before=list(before.roles),
            roles_after=list(after.roles),
            scope_before=before.scope.label(),
            scope_after=after.scope.label(),
            **common,
        )
    if before.full_name != after.full_name:
        audit.record(uow, action="account_updated", full_name=after.full_name, **common)
    if after != before:
        uow.accounts.save(after, utcnow())
    return after


def _refused(uow: ConsoleWork, who: str, address: str, reason: Outcome, **detail: Any) -> SsoSignIn:
    audit.record(
        uow,
        actor=who,
        action="sign_in_failed",
        target=who,
        address=address,
        reason=reason,
        method=METHOD,
        **detail,
    )
    uow.on_committed(lambda: SIGN_INS.labels("failed").inc())
    uow.commit()
    return SsoSignIn(reason)


def _free_username(uow: ConsoleWork, wanted: str) -> str:
    """The wanted name, or with a number after it when a local account already has it (never taken over)."""
    taken = uow.accounts.usernames_starting(wanted)
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"
