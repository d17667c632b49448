"""Signing in: one answer for a wrong password, an unknown user and a disabled account; a lockout after repeated
failures of one username; every attempt audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.metrics import SIGN_INS
from ..adapters.orm import AccountRecord, SignInFailureRecord
from ..adapters.passwords import hash_secret, needs_rehash, verify_secret
from ..domain.accounts import Account
from ..domain.limits import LockoutPolicy
from . import audit
from .accounts import to_account

Outcome = Literal["signed_in", "failed", "locked"]


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    account: Account | None = None


def sign_in(runtime: Runtime, policy: LockoutPolicy, username: str, password: str, address: str) -> SignIn:
    name = username.strip().lower()[:64]
    now = utcnow()
    with runtime.uow() as uow:
        session = uow.session
        failures = session.get(SignInFailureRecord, name, with_for_update=True) if name else None
        if failures is not None and policy.locked(failures.locked_until, now):
            audit.record(session, actor=name, action="sign_in_refused_locked", target=name, address=address)
            uow.commit()
            SIGN_INS.labels("locked").inc()
            return SignIn("locked")
        record = session.scalars(select(AccountRecord).where(AccountRecord.username == name)).first() if name else None
        password_ok = verify_secret(record.password_hash if record is not None else None, password)
        if record is not None and record.active and password_ok:
            if failures is not None:
                session.delete(failures)
            if needs_rehash(record.password_hash):
                record.password_hash = hash_secret(password)
            audit.record(session, actor=name, action="sign_in", target=name, address=address)
            uow.commit()
            SIGN_INS.labels("signed_in").inc()
            return SignIn("signed_in", to_account(record))
        if not name:
            SIGN_INS.labels("failed").inc()
            return SignIn("failed")
        if failures is None:
            failures = SignInFailureRecord(username=name, failures=0, locked_until=None, updated_at=now)
            session.add(failures)
        failures.failures, failures.locked_until = policy.after_failure(failures.failures, failures.locked_until, now)
        failures.updated_at = now
        reason = "unknown_user" if record is None else ("disabled" if not record.active else "wrong_password")
        audit.record(
            session,
            actor=name,
            action="sign_in_failed",
            target=name,
            address=address,
            reason=reason,
            failures=failures.failures,
        )
        locked_until = failures.locked_until
        locked = locked_until is not None
        if locked_until is not None:
            audit.record(
                session,
                actor=name,
                action="lockout",
                target=name,
                address=address,
                until=locked_until.isoformat(),
            )
        uow.commit()
    SIGN_INS.labels("locked" if locked else "failed").inc()
    return SignIn("locked" if locked else "failed")


def sign_out(runtime: Runtime, username: str, address: str) -> None:
    with runtime.uow() as uow:
        audit.record(uow.session, actor=username, action="sign_out", target=username, address=address)
        uow.commit()
