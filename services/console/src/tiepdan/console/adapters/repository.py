"""All of the console's SQL, one repository per aggregate; rows become domain objects here.

The console's tables belong to the deployment, not to a ward (adapters/orm.py), so its units of work are unscoped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, func, or_, select, update
from sqlalchemy.orm import Session

from tiepdan.kit.db import utcnow

from ..domain.accounts import Account, Client, stored_scope
from ..domain.audit import AuditEntry
from ..domain.keys import SigningKey
from ..domain.limits import FailedSignIns, StoredSession
from ..domain.news import PUBLISHED, NewsItem
from .orm import (
    AccountRecord,
    AuditRecord,
    ClientRecord,
    ConsoleSettingRecord,
    NewsRecord,
    SignInFailureRecord,
    SigningKeyRecord,
    WebSessionRecord,
)


def _account(record: AccountRecord) -> Account:
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


class AccountRepository:
    """People who sign in; a password's hash is read only with `credentials` (sign-in, a password change)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _by_username(self, username: str) -> AccountRecord | None:
        return self.session.scalars(select(AccountRecord).where(AccountRecord.username == username)).first()

    def get(self, username: str) -> Account | None:
        record = self._by_username(username)
        return _account(record) if record is not None else None

    def get_by_id(self, account_id: str) -> Account | None:
        record = self.session.get(AccountRecord, account_id)
        return _account(record) if record is not None else None

    def credentials(self, username: str) -> tuple[Account, str] | None:
        record = self._by_username(username)
        return (_account(record), record.password_hash) if record is not None else None

    def credentials_by_id(self, account_id: str) -> tuple[Account, str] | None:
        record = self.session.get(AccountRecord, account_id)
        return (_account(record), record.password_hash) if record is not None else None

    def with_external_subject(self, subject: str) -> Account | None:
        record = self.session.scalars(select(AccountRecord).where(AccountRecord.external_subject == subject)).first()
        return _account(record) if record is not None else None

    def all(self) -> list[Account]:
        return [_account(r) for r in self.session.scalars(select(AccountRecord).order_by(AccountRecord.username))]

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(AccountRecord)) or 0)

    def usernames_starting(self, prefix: str) -> set[str]:
        # LIKE's own wildcards cannot occur: usernames are [a-z0-9._-] (domain/accounts.py)
        statement = select(AccountRecord.username).where(AccountRecord.username.like(f"{prefix}%"))
        return set(self.session.scalars(statement))

    def add(self, account: Account, password_hash: str, now: datetime, external_subject: str | None = None) -> None:
        self.session.add(
            AccountRecord(
                id=account.id,
                username=account.username,
                full_name=account.full_name,
                agency=account.agency,
                roles=list(account.roles),
                unit=account.scope.unit,
                units=account.scope.stored_units(),
                active=account.active,
                password_hash=password_hash,
                must_change_password=account.must_change_password,
                created_at=now,
                updated_at=now,
                external_subject=external_subject,
            )
        )

    def save(self, account: Account, now: datetime) -> None:
        """Name, agency, roles, scope and the active flag of an account read in this unit of work."""
        record = self.session.get(AccountRecord, account.id)
        if record is None:
            raise LookupError(f"account {account.id} is not stored")
        record.full_name = account.full_name
        record.agency = account.agency
        record.roles = list(account.roles)
        record.unit, record.units = account.scope.unit, account.scope.stored_units()
        record.active = account.active
        record.updated_at = now

    def set_password(self, account_id: str, password_hash: str, now: datetime, *, must_change: bool) -> None:
        record = self.session.get(AccountRecord, account_id)
        if record is None:
            raise LookupError(f"account {account_id} is not stored")
        record.password_hash = password_hash
        record.must_change_password = must_change
        record.updated_at = now

    def rehash(self, account_id: str, password_hash: str) -> None:
        """A stronger hash of the same password: not a change the account's holder made."""
        record = self.session.get(AccountRecord, account_id)
        if record is not None:
            record.password_hash = password_hash


class SignInFailureRepository:
    """Failed sign-ins per username typed, whether or not such an account exists."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, username: str) -> FailedSignIns | None:
        """Locked for the rest of the transaction: concurrent failures of one username count one by one."""
        record = self.session.get(SignInFailureRecord, username, with_for_update=True)
        return FailedSignIns(record.failures, record.locked_until) if record is not None else None

    def put(self, username: str, failed: FailedSignIns, now: datetime) -> None:
        record = self.session.get(SignInFailureRecord, username)
        if record is None:
            record = SignInFailureRecord(username=username)
            self.session.add(record)
        record.failures, record.locked_until, record.updated_at = failed.failures, failed.locked_until, now

    def clear(self, username: str) -> None:
        self.session.execute(delete(SignInFailureRecord).where(SignInFailureRecord.username == username))


class WebSessionRepository:
    """Browser sessions by the hash of their id (the id itself is only in the cookie)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, id_hash: str) -> StoredSession | None:
        record = self.session.get(WebSessionRecord, id_hash)
        if record is None:
            return None
        return StoredSession(dict(record.data or {}), record.account_id, record.created_at, record.last_seen_at)

    def put(self, id_hash: str, stored: StoredSession) -> None:
        record = self.session.get(WebSessionRecord, id_hash)
        if record is None:
            record = WebSessionRecord(id_hash=id_hash, created_at=stored.created_at)
            self.session.add(record)
        record.data = stored.data
        record.account_id = stored.account_id
        record.last_seen_at = stored.last_seen_at

    def delete(self, id_hash: str) -> None:
        self.session.execute(delete(WebSessionRecord).where(WebSessionRecord.id_hash == id_hash))

    def delete_idle(self, *, last_seen_before: datetime, created_before: datetime) -> int:
        """Sessions last seen at or before the first time, or made at or before the second; how many."""
        result = self.session.execute(
            delete(WebSessionRecord).where(
                or_(WebSessionRecord.last_seen_at <= last_seen_before, WebSessionRecord.created_at <= created_before)
            )
        )
        return int(result.rowcount or 0) if isinstance(result, CursorResult) else 0


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, *, actor: str, action: str, target: str, address: str, detail: dict[str, Any]) -> None:
        self.session.add(
            AuditRecord(
                at=utcnow(), actor=actor[:64], action=action, target=target[:120], address=address[:64], detail=detail
            )
        )

    def newest(self, limit: int, before: int | None = None) -> list[AuditEntry]:
        """Newest first, from the entry before id `before` when given."""
        statement = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)
        if before is not None:
            statement = statement.where(AuditRecord.id < before)
        return [
            AuditEntry(r.id, r.at, r.actor, r.action, r.target, r.address, dict(r.detail or {}))
            for r in self.session.scalars(statement)
        ]


def _client(record: ClientRecord) -> Client:
    return Client(
        client_id=record.client_id,
        name=record.name,
        agency=record.agency,
        roles=tuple(record.roles),
        scope=stored_scope(record.unit, record.units),
        active=record.active,
    )


class ClientRepository:
    """Agencies' systems; a client's secret is stored only as its hash."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, client_id: str) -> tuple[Client, str] | None:
        """The client and its secret's hash."""
        record = self.session.get(ClientRecord, client_id)
        return (_client(record), record.secret_hash) if record is not None else None

    def all(self) -> list[Client]:
        return [_client(r) for r in self.session.scalars(select(ClientRecord).order_by(ClientRecord.client_id))]

    def add(self, client: Client, secret_hash: str, now: datetime) -> None:
        self.session.add(
            ClientRecord(
                client_id=client.client_id,
                name=client.name,
                agency=client.agency,
                roles=list(client.roles),
                unit=client.scope.unit,
                units=client.scope.stored_units(),
                secret_hash=secret_hash,
                active=client.active,
                created_at=now,
            )
        )


def _key(record: SigningKeyRecord) -> SigningKey:
    return SigningKey(record.kid, record.private_pem, dict(record.public_jwk), record.created_at, record.retired_at)


class SigningKeyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self) -> SigningKey | None:
        """The newest unretired key: the one that signs."""
        statement = (
            select(SigningKeyRecord)
            .where(SigningKeyRecord.retired_at.is_(None))
            .order_by(SigningKeyRecord.created_at.desc())
        )
        record = self.session.scalars(statement).first()
        return _key(record) if record is not None else None

    def published(self, retired_since: datetime) -> list[SigningKey]:
        """Unretired keys and those retired after `retired_since`, newest first."""
        statement = (
            select(SigningKeyRecord)
            .where(SigningKeyRecord.retired_at.is_(None) | (SigningKeyRecord.retired_at > retired_since))
            .order_by(SigningKeyRecord.created_at.desc())
        )
        return [_key(r) for r in self.session.scalars(statement)]

    def add(self, key: SigningKey) -> None:
        self.session.add(
            SigningKeyRecord(
                kid=key.kid,
                private_pem=key.private_pem,
                public_jwk=key.public_jwk,
                created_at=key.created_at,
                retired_at=key.retired_at,
            )
        )

    def retire_all_but(self, kid: str, now: datetime) -> None:
        self.session.execute(
            update(SigningKeyRecord)
            .where(SigningKeyRecord.retired_at.is_(None), SigningKeyRecord.kid != kid)
            .values(retired_at=now)
        )


class SettingRepository:
    """Values every console process shares (the key that signs CSRF tokens)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, name: str) -> str | None:
        record = self.session.get(ConsoleSettingRecord, name)
        return record.value if record is not None else None

    def add(self, name: str, value: str) -> None:
        self.session.add(ConsoleSettingRecord(name=name, value=value))


def _news(record: NewsRecord) -> NewsItem:
    return NewsItem(
        record.id,
        record.unit,
        record.title,
        record.body,
        record.status,
        record.created_by,
        record.created_at,
        record.approved_by,
        record.published_at,
    )


class NewsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, item_id: str) -> NewsItem | None:
        record = self.session.get(NewsRecord, item_id)
        return _news(record) if record is not None else None

    def add(self, item: NewsItem) -> None:
        self.session.add(
            NewsRecord(
                id=item.id,
                unit=item.unit,
                title=item.title,
                body=item.body,
                status=item.status,
                created_by=item.created_by,
                created_at=item.created_at,
                approved_by=item.approved_by,
                published_at=item.published_at,
            )
        )

    def save(self, item: NewsItem) -> None:
        """Status, approver and publication time of an item read in this unit of work."""
        record = self.session.get(NewsRecord, item.id)
        if record is None:
            raise LookupError(f"news item {item.id} is not stored")
        record.status, record.approved_by, record.published_at = item.status, item.approved_by, item.published_at

    def of_units(self, units: frozenset[str] | None) -> list[NewsItem]:
        """Every item of the units (None: every unit), newest first."""
        statement = select(NewsRecord).order_by(NewsRecord.created_at.desc(), NewsRecord.id)
        if units is not None:
            statement = statement.where(NewsRecord.unit.in_(sorted(units)))
        return [_news(r) for r in self.session.scalars(statement)]

    def published(self, unit: str, limit: int) -> list[NewsItem]:
        """The unit's published items, most recently published first."""
        statement = (
            select(NewsRecord)
            .where(NewsRecord.unit == unit, NewsRecord.status == PUBLISHED)
            .order_by(NewsRecord.published_at.desc(), NewsRecord.id)
            .limit(limit)
        )
        return [_news(r) for r in self.session.scalars(statement)]
