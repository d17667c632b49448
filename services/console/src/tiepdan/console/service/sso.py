"""Signing in through a province identity provider (OpenID Connect): the provider's validated claims map to roles;
the local account is made at the first sign-in and brought up to date (name, roles, unit) at each later one.
Every step is audited like a password sign-in, with `method: oidc`."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.metrics import SIGN_INS
from ..adapters.orm import AccountRecord
from ..adapters.passwords import hash_secret
from ..domain.accounts import Account, parse_scope
from ..domain.sso import external_subject, mapped_roles, username_candidate
from . import audit
from .accounts import to_account

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


def sign_in_external(
    runtime: Runtime, policy: SsoPolicy, issuer: str, claims: Mapping[str, Any], address: str
) -> SsoSignIn:
    subject = external_subject(issuer, str(claims["sub"]))
    roles = mapped_roles(claims, policy.claim, policy.role_map)
    full_name = str(claims.get("name") or claims.get("preferred_username") or claims["sub"])[:200]
    scope = parse_scope(policy.unit, None)
    with runtime.uow() as uow:
        session = uow.session
        record = session.scalars(select(AccountRecord).where(AccountRecord.external_subject == subject)).first()
        who = record.username if record is not None else username_candidate(claims)
        if record is not None and not record.active:
            return _refused(uow, who, address, "disabled")
        if not roles:
            return _refused(uow, who, address, "no_role", claim=policy.claim)
        now = utcnow()
        common = {"actor": who, "target": who, "address": address, "method": METHOD}
        if record is None:
            record = AccountRecord(
                id=str(uuid.uuid4()),
                username=_free_username(session, who),
                full_name=full_name,
                agency=policy.agency,
                roles=list(roles),
                unit=scope.unit,
                units=scope.stored_units(),
                active=True,
                # Nobody knows it: such an account signs in through its provider only.
                password_hash=hash_secret(secrets.token_urlsafe(32)),
                must_change_password=False,
                created_at=now,
                updated_at=now,
                external_subject=subject,
            )
            session.add(record)
            common.update(actor=record.username, target=record.username)
            audit.record(session, action="account_created", roles=list(roles), scope=scope.label(), **common)
        else:
            before = to_account(record)
            if before.roles != roles or before.scope != scope:
                audit.record(
                    session,
                    action="roles_changed",
                    roles_before=list(before.roles),
                    roles_after=list(roles),
                    scope_before=before.scope.label(),
                    scope_after=scope.label(),
                    **common,
                )
                record.roles = list(roles)
                record.unit, record.units = scope.unit, scope.stored_units()
            if before.full_name != full_name:
                audit.record(session, action="account_updated", full_name=full_name, **common)
                record.full_name = full_name
            if before.roles != roles or before.scope != scope or before.full_name != full_name:
                record.updated_at = now
        audit.record(session, action="sign_in", **common)
        uow.commit()
        SIGN_INS.labels("signed_in").inc()
        return SsoSignIn("signed_in", to_account(record))


def _refused(uow: Any, who: str, address: str, reason: Outcome, **detail: Any) -> SsoSignIn:
    audit.record(
        uow.session,
        actor=who,
        action="sign_in_failed",
        target=who,
        address=address,
        reason=reason,
        method=METHOD,
        **detail,
    )
    uow.commit()
    SIGN_INS.labels("failed").inc()
    return SsoSignIn(reason)


def _free_username(session: Any, wanted: str) -> str:
    """The wanted name, or with a number after it when a local account already has it (never taken over)."""
    taken = set(session.scalars(select(AccountRecord.username).where(AccountRecord.username.like(f"{wanted}%"))))
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"
