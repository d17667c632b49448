"""Use cases on accounts: create, edit, disable, list, change and reset passwords, the first administrator."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.orm import AccountRecord
from ..adapters.passwords import hash_secret, verify_secret
from ..domain.accounts import (
    Account,
    AccountError,
    check_password,
    check_roles,
    check_username,
    parse_scope,
    stored_scope,
)
from . import audit

FIRST_ADMIN = "admin"


@dataclass(frozen=True)
class AccountDraft:
    """What a form or a command gives for an account (scope as typed: one unit, or units / "*")."""

    username: str
    full_name: str
    agency: str
    roles: tuple[str, ...]
    unit: str | None = None
    units: str | list[str] | None = None
    active: bool = True


@dataclass(frozen=True)
class Actor:
    """Who makes a change and from where, for the audit trail."""

    username: str
    address: str = ""


CLI = Actor("cli", "local")


def to_account(record: AccountRecord) -> Account:
    return Account(
        id=record.id,
        username=record.username,
        full_name=record.full_name,
        agency=record.agency,
        roles=tuple(record.roles),
        scope=stored_scope(record.unit, record.units),
        active=record.active,
        must_change_password=record.must_change_password,
    )


def _find(session: Session, username: str) -> AccountRecord | None:
    return session.scalars(select(AccountRecord).where(AccountRecord.username == username.strip().lower())).first()


def create_account(
    runtime: Runtime, draft: AccountDraft, password: str, actor: Actor, *, must_change: bool = False
) -> Account:
    username = check_username(draft.username.strip().lower())
    roles = check_roles(draft.roles)
    scope = parse_scope(draft.unit, draft.units)
    check_password(username, password)
    if not draft.full_name.strip():
        raise AccountError("full_name", "required")
    now = utcnow()
    with runtime.uow() as uow:
        if _find(uow.session, username) is not None:
            raise AccountError("username", "username_taken")
        record = AccountRecord(
            id=str(uuid.uuid4()),
            username=username,
            full_name=draft.full_name.strip(),
            agency=draft.agency.strip(),
            roles=list(roles),
            unit=scope.unit,
            units=scope.stored_units(),
            active=draft.active,
            password_hash=hash_secret(password),
            must_change_password=must_change,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(record)
        audit.record(
            uow.session,
            actor=actor.username,
            action="account_created",
            target=username,
            address=actor.address,
            roles=list(roles),
            scope=scope.label(),
        )
        try:
            uow.commit()
        except IntegrityError as exc:
            raise AccountError("username", "username_taken") from exc
        return to_account(record)


def update_account(runtime: Runtime, draft: AccountDraft, actor: Actor) -> Account:
    """Name, agency, roles, scope and the active flag; each change is audited (roles and disabling by name)."""
    roles = check_roles(draft.roles)
    scope = parse_scope(draft.unit, draft.units)
    if not draft.full_name.strip():
        raise AccountError("full_name", "required")
    with runtime.uow() as uow:
        record = _find(uow.session, draft.username)
        if record is None:
            raise AccountError("username", "no_such_account")
        before = to_account(record)
        if actor.username == record.username and (not draft.active or "admin" not in roles) and "admin" in before.roles:
            raise AccountError("roles", "cannot_demote_self")
        record.full_name = draft.full_name.strip()
        record.agency = draft.agency.strip()
        record.roles = list(roles)
        record.unit, record.units = scope.unit, scope.stored_units()
        record.active = draft.active
        record.updated_at = utcnow()
        after = to_account(record)
        common = {"actor": actor.username, "target": record.username, "address": actor.address}
        if before.roles != after.roles or before.scope != after.scope:
            audit.record(
                uow.session,
                action="roles_changed",
                roles_before=list(before.roles),
                roles_after=list(after.roles),
                scope_before=before.scope.label(),
                scope_after=after.scope.label(),
                **common,
            )
        if before.active != after.active:
            audit.record(uow.session, action="account_enabled" if after.active else "account_disabled", **common)
        if (before.full_name, before.agency) != (after.full_name, after.agency):
            audit.record(
                uow.session, action="account_updated", full_name=after.full_name, agency=after.agency, **common
            )
        uow.commit()
        return after


def disable_account(runtime: Runtime, username: str, actor: Actor) -> Account:
    account = get_account(runtime, username)
    if account is None:
        raise AccountError("username", "no_such_account")
    draft = AccountDraft(
        account.username,
        account.full_name,
        account.agency,
        account.roles,
        account.scope.unit,
        account.scope.stored_units(),
        active=False,
    )
    return update_account(runtime, draft, actor)


def list_accounts(runtime: Runtime) -> list[Account]:
    with runtime.uow() as uow:
        return [to_account(r) for r in uow.session.scalars(select(AccountRecord).order_by(AccountRecord.username))]


def get_account(runtime: Runtime, username: str) -> Account | None:
    with runtime.uow() as uow:
        record = _find(uow.session, username)
        return to_account(record) if record is not None else None


def get_account_by_id(runtime: Runtime, account_id: str) -> Account | None:
    with runtime.uow() as uow:
        record = uow.session.get(AccountRecord, account_id)
        return to_account(record) if record is not None else None


def change_own_password(runtime: Runtime, account_id: str, current: str, new: str, address: str) -> None:
    with runtime.uow() as uow:
        record = uow.session.get(AccountRecord, account_id)
        if record is None or not verify_secret(record.password_hash, current):
            raise AccountError("current_password", "wrong_password")
        check_password(record.username, new)
        if verify_secret(record.password_hash, new):
            raise AccountError("new_password", "password_unchanged")
        record.password_hash = hash_secret(new)
        record.must_change_password = False
        record.updated_at = utcnow()
        audit.record(
            uow.session, actor=record.username, action="password_changed", target=record.username, address=address
        )
        uow.commit()


def reset_password(runtime: Runtime, username: str, new: str, actor: Actor) -> None:
    """An administrator sets a temporary password; its holder must change it at the next sign-in."""
    with runtime.uow() as uow:
        record = _find(uow.session, username)
        if record is None:
            raise AccountError("username", "no_such_account")
        check_password(record.username, new)
        record.password_hash = hash_secret(new)
        record.must_change_password = True
        record.updated_at = utcnow()
        audit.record(
            uow.session, actor=actor.username, action="password_reset", target=record.username, address=actor.address
        )
        uow.commit()


def ensure_first_admin(runtime: Runtime, password: str | None) -> str | None:
    """With no account at all, create `admin` (password given, else random). Returns the password it set, or None
    when accounts already exist (nothing is printed twice)."""
    with runtime.uow() as uow:
        if uow.session.scalar(select(func.count()).select_from(AccountRecord)):
            return None
    chosen = password or secrets.token_urlsafe(15)
    draft = AccountDraft(FIRST_ADMIN, "Quản trị hệ thống", "", ("admin",), unit=runtime.settings.unit)
    try:
        create_account(runtime, draft, chosen, Actor("system", "local"))
    except AccountError as exc:
        if exc.code == "username_taken":  # another process made it first
            return None
        raise
    return chosen
