"""An in-memory console unit of work for fast tests of the service layer (no database).

Each repository answers as its SQL counterpart does. Like the real unit of work, leaving the `with` block without a
commit drops what the block changed: the repositories are restored to their state at the last commit.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from tiepdan.console.domain.accounts import Account, Client
from tiepdan.console.domain.audit import AuditEntry
from tiepdan.console.domain.keys import SigningKey
from tiepdan.console.domain.limits import FailedSignIns, StoredSession
from tiepdan.console.domain.news import PUBLISHED, NewsItem
from tiepdan.console.service.errors import AlreadyStored
from tiepdan.console.service.unit_of_work import ConsoleWork
from tiepdan.kit.db import utcnow
from tiepdan.kit.fakes import FakeUnitOfWork


@dataclasses.dataclass
class StoredAccount:
    account: Account
    password_hash: str
    external_subject: str | None
    updated_at: datetime


class FakeAccounts:
    def __init__(self) -> None:
        self.by_id: dict[str, StoredAccount] = {}
        self.conflicts: list[str] = []

    def _by_username(self, username: str) -> StoredAccount | None:
        return next((s for s in self.by_id.values() if s.account.username == username), None)

    def get(self, username: str) -> Account | None:
        stored = self._by_username(username)
        return stored.account if stored is not None else None

    def get_by_id(self, account_id: str) -> Account | None:
        stored = self.by_id.get(account_id)
        return stored.account if stored is not None else None

    def credentials(self, username: str) -> tuple[Account, str] | None:
        stored = self._by_username(username)
        return (stored.account, stored.password_hash) if stored is not None else None

    def credentials_by_id(self, account_id: str) -> tuple[Account, str] | None:
        stored = self.by_id.get(account_id)
        return (stored.account, stored.password_hash) if stored is not None else None

    def with_external_subject(self, subject: str) -> Account | None:
        return next((s.account for s in self.by_id.values() if s.external_subject == subject), None)

    def all(self) -> list[Account]:
        return sorted((s.account for s in self.by_id.values()), key=lambda a: a.username)

    def count(self) -> int:
        return len(self.by_id)

    def usernames_starting(self, prefix: str) -> set[str]:
        return {s.account.username for s in self.by_id.values() if s.account.username.startswith(prefix)}

    def add(self, account: Account, password_hash: str, now: datetime, external_subject: str | None = None) -> None:
        if self._by_username(account.username) is not None:
            self.conflicts.append(f"username {account.username}")  # the unique index refuses it at the commit
            return
        self.by_id[account.id] = StoredAccount(account, password_hash, external_subject, now)

    def save(self, account: Account, now: datetime) -> None:
        stored = self.by_id[account.id]
        stored.account = dataclasses.replace(account, must_change_password=stored.account.must_change_password)
        stored.updated_at = now

    def set_password(self, account_id: str, password_hash: str, now: datetime, *, must_change: bool) -> None:
        stored = self.by_id[account_id]
        stored.password_hash = password_hash
        stored.account = dataclasses.replace(stored.account, must_change_password=must_change)
        stored.updated_at = now

    def rehash(self, account_id: str, password_hash: str) -> None:
        self.by_id[account_id].password_hash = password_hash


class FakeSignInFailures:
    def __init__(self) -> None:
        self.by_username: dict[str, FailedSignIns] = {}

    def get(self, username: str) -> FailedSignIns | None:
        return self.by_username.get(username)

    def put(self, username: str, failed: FailedSignIns, now: datetime) -> None:
        self.by_username[username] = failed

    def clear(self, username: str) -> None:
        self.by_username.pop(username, None)


class FakeWebSessions:
    def __init__(self) -> None:
        self.by_hash: dict[str, StoredSession] = {}

    def get(self, id_hash: str) -> StoredSession | None:
        stored = self.by_hash.get(id_hash)
        return copy.deepcopy(stored)  # a copy, as a row read again is

    def put(self, id_hash: str, stored: StoredSession) -> None:
        created_at = self.by_hash[id_hash].created_at if id_hash in self.by_hash else stored.created_at
        self.by_hash[id_hash] = dataclasses.replace(copy.deepcopy(stored), created_at=created_at)

    def delete(self, id_hash: str) -> None:
        self.by_hash.pop(id_hash, None)

    def delete_idle(self, *, last_seen_before: datetime, created_before: datetime) -> int:
        idle = [
            key
            for key, s in self.by_hash.items()
            if s.last_seen_at <= last_seen_before or s.created_at <= created_before
        ]
        for key in idle:
            del self.by_hash[key]
        return len(idle)


class FakeAudit:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def record(self, *, actor: str, action: str, target: str, address: str, detail: dict[str, Any]) -> None:
        entry_id = len(self.entries) + 1
        self.entries.append(AuditEntry(entry_id, utcnow(), actor[:64], action, target[:120], address[:64], detail))

    def newest(self, limit: int, before: int | None = None) -> list[AuditEntry]:
        older = [e for e in reversed(self.entries) if before is None or e.id < before]
        return older[:limit]

    def actions(self, target: str | None = None) -> list[str]:
        """The actions recorded, oldest first (of one target when given): what tests assert on."""
        return [e.action for e in self.entries if target is None or e.target == target]


class FakeClients:
    def __init__(self) -> None:
        self.by_id: dict[str, tuple[Client, str]] = {}
        self.conflicts: list[str] = []

    def get(self, client_id: str) -> tuple[Client, str] | None:
        return self.by_id.get(client_id)

    def all(self) -> list[Client]:
        return [client for _, (client, _) in sorted(self.by_id.items())]

    def add(self, client: Client, secret_hash: str, now: datetime) -> None:
        if client.client_id in self.by_id:
            self.conflicts.append(f"client {client.client_id}")
            return
        self.by_id[client.client_id] = (client, secret_hash)


class FakeSigningKeys:
    def __init__(self) -> None:
        self.keys: list[SigningKey] = []

    def current(self) -> SigningKey | None:
        unretired = [k for k in self.keys if k.retired_at is None]
        return max(unretired, key=lambda k: k.created_at) if unretired else None

    def published(self, retired_since: datetime) -> list[SigningKey]:
        shown = [k for k in self.keys if k.retired_at is None or k.retired_at > retired_since]
        return sorted(shown, key=lambda k: k.created_at, reverse=True)

    def add(self, key: SigningKey) -> None:
        self.keys.append(key)

    def retire_all_but(self, kid: str, now: datetime) -> None:
        self.keys = [
            dataclasses.replace(k, retired_at=now) if k.retired_at is None and k.kid != kid else k for k in self.keys
        ]


class FakeSettings:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.conflicts: list[str] = []

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def add(self, name: str, value: str) -> None:
        if name in self.values:
            self.conflicts.append(f"setting {name}")
            return
        self.values[name] = value


class FakeNews:
    def __init__(self) -> None:
        self.by_id: dict[str, NewsItem] = {}

    def get(self, item_id: str) -> NewsItem | None:
        return self.by_id.get(item_id)

    def add(self, item: NewsItem) -> None:
        self.by_id[item.id] = item

    def save(self, item: NewsItem) -> None:
        self.by_id[item.id] = item

    def of_units(self, units: frozenset[str] | None) -> list[NewsItem]:
        chosen = [i for i in self.by_id.values() if units is None or i.unit in units]
        return sorted(sorted(chosen, key=lambda i: i.id), key=lambda i: i.created_at, reverse=True)

    def published(self, unit: str, limit: int) -> list[NewsItem]:
        shown = [i for i in self.by_id.values() if i.unit == unit and i.status == PUBLISHED]
        ordered = sorted(sorted(shown, key=lambda i: i.id), key=lambda i: i.published_at or i.created_at, reverse=True)
        return ordered[:limit]


@dataclasses.dataclass
class ConsoleData:
    """Everything the fake stores; one copy is kept as of the last commit, for a rollback."""

    accounts: FakeAccounts = dataclasses.field(default_factory=FakeAccounts)
    sign_in_failures: FakeSignInFailures = dataclasses.field(default_factory=FakeSignInFailures)
    web_sessions: FakeWebSessions = dataclasses.field(default_factory=FakeWebSessions)
    audit: FakeAudit = dataclasses.field(default_factory=FakeAudit)
    clients: FakeClients = dataclasses.field(default_factory=FakeClients)
    signing_keys: FakeSigningKeys = dataclasses.field(default_factory=FakeSigningKeys)
    settings: FakeSettings = dataclasses.field(default_factory=FakeSettings)
    news: FakeNews = dataclasses.field(default_factory=FakeNews)


class FakeConsoleUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__(source="console")
        self.data = ConsoleData()
        self._committed_data = copy.deepcopy(self.data)
        self.commits = 0
        self.entered = False

    @property
    def accounts(self) -> FakeAccounts:
        return self.data.accounts

    @property
    def sign_in_failures(self) -> FakeSignInFailures:
        return self.data.sign_in_failures

    @property
    def web_sessions(self) -> FakeWebSessions:
        return self.data.web_sessions

    @property
    def audit(self) -> FakeAudit:
        return self.data.audit

    @property
    def clients(self) -> FakeClients:
        return self.data.clients

    @property
    def signing_keys(self) -> FakeSigningKeys:
        return self.data.signing_keys

    @property
    def settings(self) -> FakeSettings:
        return self.data.settings

    @property
    def news(self) -> FakeNews:
        return self.data.news

    def __enter__(self) -> Self:
        if self.entered:
            raise RuntimeError("a unit of work is entered once at a time (a use case nested in another's block)")
        self.entered = True
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        super().__exit__(exc_type, exc, tb)
        self.entered = False

    def commit(self) -> None:
        conflicts = [*self.accounts.conflicts, *self.clients.conflicts, *self.settings.conflicts]
        if conflicts:
            raise AlreadyStored(", ".join(conflicts))
        super().commit()
        self._committed_data = copy.deepcopy(self.data)
        self.commits += 1

    def rollback(self) -> None:
        super().rollback()
        self.data = copy.deepcopy(self._committed_data)


def _fits(uow: FakeConsoleUnitOfWork) -> ConsoleWork:
    """mypy checks here that the fake fits the protocol the service layer is typed with."""
    return uow
