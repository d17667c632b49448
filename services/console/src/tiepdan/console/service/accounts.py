"""Use cases on accounts: create, edit, disable, list, change and reset passwords, the first administrator."""

from __future__ import annotations

import dataclasses
import secrets
import uuid
from dataclasses import dataclass

from tiepdan.kit.db import utcnow

from ..adapters.passwords import hash_secret, verify_secret
from ..domain.accounts import (
    Account,
    AccountError,
    check_password,
    check_roles,
    check_username,
    parse_scope,
)
from . import audit
from .errors import AlreadyStored
from .unit_of_work import ConsoleWork

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


def _normal(username: str) -> str:
    return username.strip().lower()


def create_account(
    uow: ConsoleWork, draft: AccountDraft, password: str, actor: Actor, *, must_change: bool = False
) -> Account:
    username = check_username(_normal(draft.username))
    roles = check_roles(draft.roles)
    scope = parse_scope(draft.unit, draft.units)
    check_password(username, password)
    if not draft.full_name.strip():
        raise AccountError("full_name", "required")
    account = Account(
        id=str(uuid.uuid4()),
        username=username,
        full_name=draft.full_name.strip(),
        agency=draft.agency.strip(),
        roles=roles,
        scope=scope,
        active=draft.active,
        must_change_password=must_change,
    )
    with uow:
        if uow.accounts.get(username) is not None:
            raise AccountError("username", "username_taken")
        uow.accounts.add(account, hash_secret(password), utcnow())
        audit.record(
            uow,
            actor=actor.username,
            action="account_created",
            target=username,
            address=actor.address,
            roles=list(roles),
            scope=scope.label(),
        )
        try:
            uow.commit()
        except AlreadyStored as exc:
            raise AccountError("username", "username_taken") from exc
    return account


def update_account(uow: ConsoleWork, draft: AccountDraft, actor: Actor) -> Account:
    """Name, agency, roles, scope and the active flag; each change is audited (roles and disabling by name)."""
    roles = check_roles(draft.roles)
    scope = parse_scope(draft.unit, draft.units)
    if not draft.full_name.strip():
        raise AccountError("full_name", "required")
    with uow:
        before = uow.accounts.get(_normal(draft.username))
        if before is None:
            raise AccountError("username", "no_such_account")
        if actor.username == before.username and (not draft.active or "admin" not in roles) and "admin" in before.roles:
            raise AccountError("roles", "cannot_demote_self")
        after = dataclasses.replace(
            before,
            full_name=draft.full_name.strip(),
            agency=draft.agency.strip(),
            roles=roles,
            scope=scope,
            active=draft.active,
        )
        uow.accounts.save(after, utcnow())
        _audit_changes(uow, before, after, actor)
        uow.commit()
    return after


def _audit_changes(uow: ConsoleWork, before: Account, after: Account, actor: Actor) -> None:
    common = {"actor": actor.username, "target": after.username, "address": actor.address}
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
    if before.active != after.active:
        audit.record(uow, action="account_enabled" if after.active else "account_disabled", **common)
    if (before.full_name, before.agency) != (after.full_name, after.agency):
        audit.record(uow, action="account_updated", full_name=after.full_name, agency=after.agency, **common)


def disable_account(uow: ConsoleWork, username: str, actor: Actor) -> Account:
    account = get_account(uow, username)
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
    return update_account(uow, draft, actor)


def list_accounts(uow: ConsoleWork) -> list[Account]:
    with uow:
        return uow.accounts.all()


def get_account(uow: ConsoleWork, username: str) -> Account | None:
    with uow:
        return uow.accounts.get(_normal(username))


def get_account_by_id(uow: ConsoleWork, account_id: str) -> Account | None:
    with uow:
        return uow.accounts.get_by_id(account_id)


def change_own_password(uow: ConsoleWork, account_id: str, current: str, new: str, address: str) -> None:
    with uow:
        found = uow.accounts.credentials_by_id(account_id)
        if found is None or not verify_secret(found[1], current):
            raise AccountError("current_password", "wrong_password")
        account, password_hash = found
        check_password(account.username, new)
        if verify_secret(password_hash, new):
            raise AccountError("new_password", "password_unchanged")
        uow.accounts.set_password(account.id, hash_secret(new), utcnow(), must_change=False)
        audit.record(uow, actor=account.username, action="password_changed", target=account.username, address=address)
        uow.commit()


def reset_password(uow: ConsoleWork, username: str, new: str, actor: Actor) -> None:
    """An administrator sets a temporary password; its holder must change it at the next sign-in."""
    with uow:
        account = uow.accounts.get(_normal(username))
        if account is None:
            raise AccountError("username", "no_such_account")
        check_password(account.username, new)
        uow.accounts.set_password(account.id, hash_secret(new), utcnow(), must_change=True)
        audit.record(uow, actor=actor.username, action="password_reset", target=account.username, address=actor.address)
        uow.commit()


def ensure_first_admin(uow: ConsoleWork, password: str | None, unit: str | None) -> str | None:
    """With no account at all, create `admin` of `unit` (password given, else random). Returns the password it set,
    or None when accounts already exist (nothing is printed twice)."""
    with uow:
        if uow.accounts.count():
            return None
    chosen = password or secrets.token_urlsafe(15)
    draft = AccountDraft(FIRST_ADMIN, "Quản trị hệ thống", "", ("admin",), unit=unit)
    try:
        create_account(uow, draft, chosen, Actor("system", "local"))
    except AccountError as exc:
        if exc.code == "username_taken":  # another process made it first
            return None
        raise
    return chosen
