"""Signing in: one answer for a wrong password, an unknown user and a disabled account; a lockout after repeated
failures of one username; every attempt audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tiepdan.kit.db import utcnow

from ..adapters.metrics import SIGN_INS
from ..adapters.passwords import hash_secret, needs_rehash, verify_secret
from ..domain.accounts import Account
from ..domain.limits import FailedSignIns, LockoutPolicy
from . import audit
from .unit_of_work import ConsoleWork

Outcome = Literal["signed_in", "failed", "locked"]


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    account: Account | None = None


@dataclass(frozen=True)
class Attempt:
    """A username as typed (lower-cased) and where from."""

    name: str
    address: str


def sign_in(uow: ConsoleWork, policy: LockoutPolicy, username: str, password: str, address: str) -> SignIn:
    attempt = Attempt(username.strip().lower()[:64], address)
    now = utcnow()
    with uow:
        failed = uow.sign_in_failures.get(attempt.name) if attempt.name else None
        if failed is not None and policy.locked(failed.locked_until, now):
            audit.record(uow, actor=attempt.name, action="sign_in_refused_locked", target=attempt.name, address=address)
            return _answer(uow, SignIn("locked"))
        found = uow.accounts.credentials(attempt.name) if attempt.name else None
        password_ok = verify_secret(found[1] if found is not None else None, password)
        if found is not None and found[0].active and password_ok:
            return _signed_in(uow, attempt, found, password, had_failures=failed is not None)
        if not attempt.name:
            SIGN_INS.labels("failed").inc()
            return SignIn("failed")
        account = found[0] if found is not None else None
        reason = "unknown_user" if account is None else ("disabled" if not account.active else "wrong_password")
        return _failed(uow, attempt, policy.record_failure(failed, now), reason, now)


def _answer(uow: ConsoleWork, result: SignIn) -> SignIn:
    uow.on_committed(lambda: SIGN_INS.labels(result.outcome).inc())
    uow.commit()
    return result


def _signed_in(
    uow: ConsoleWork, attempt: Attempt, found: tuple[Account, str], password: str, *, had_failures: bool
) -> SignIn:
    account, password_hash = found
    if had_failures:
        uow.sign_in_failures.clear(attempt.name)
    if needs_rehash(password_hash):
        uow.accounts.rehash(account.id, hash_secret(password))
    audit.record(uow, actor=attempt.name, action="sign_in", target=attempt.name, address=attempt.address)
    return _answer(uow, SignIn("signed_in", account))


def _failed(uow: ConsoleWork, attempt: Attempt, failed: FailedSignIns, reason: str, now: datetime) -> SignIn:
    uow.sign_in_failures.put(attempt.name, failed, now)
    common = {"actor": attempt.name, "target": attempt.name, "address": attempt.address}
    audit.record(uow, action="sign_in_failed", reason=reason, failures=failed.failures, **common)
    if failed.locked_until is not None:
        audit.record(uow, action="lockout", until=failed.locked_until.isoformat(), **common)
        return _answer(uow, SignIn("locked"))
    return _answer(uow, SignIn("failed"))


def sign_out(uow: ConsoleWork, username: str, address: str) -> None:
    with uow:
        audit.record(uow, actor=username, action="sign_out", target=username, address=address)
        uow.commit()
