"""The console's unit of work: the kit's transaction, with a repository per aggregate.

`ConsoleWork` and the repository protocols are what the service layer may use of it; the SQL unit of work here and
the tests' in-memory one (tests/fakes.py) both fit them, which mypy checks. The console's use cases open and commit
their unit of work themselves (`with uow: ...; uow.commit()`): a page or a command calls one use case per step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy.exc import IntegrityError

from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.kit.uow import UnitOfWork

from ..adapters.repository import (
    AccountRepository,
    AuditRepository,
    ClientRepository,
    NewsRepository,
    SettingRepository,
    SignInFailureRepository,
    SigningKeyRepository,
    WebSessionRepository,
)
from ..domain.accounts import Account, Client
from ..domain.audit import AuditEntry
from ..domain.keys import SigningKey
from ..domain.limits import FailedSignIns, StoredSession
from ..domain.news import NewsItem
from .errors import AlreadyStored


class ConsoleUnitOfWork(UnitOfWork):
    accounts: AccountRepository
    sign_in_failures: SignInFailureRepository
    web_sessions: WebSessionRepository
    audit: AuditRepository
    clients: ClientRepository
    signing_keys: SigningKeyRepository
    settings: SettingRepository
    news: NewsRepository

    def __enter__(self) -> Self:
        super().__enter__()
        self.accounts = AccountRepository(self.session)
        self.sign_in_failures = SignInFailureRepository(self.session)
        self.web_sessions = WebSessionRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.clients = ClientRepository(self.session)
        self.signing_keys = SigningKeyRepository(self.session)
        self.settings = SettingRepository(self.session)
        self.news = NewsRepository(self.session)
        return self

    def commit(self) -> None:
        """A unique key another transaction stored first (a username, a setting) is refused by the database."""
        try:
            super().commit()
        except IntegrityError as exc:
            raise AlreadyStored(str(exc.orig)) from exc


def console_work(runtime: Runtime) -> ConsoleUnitOfWork:
    """The runtime's unit of work is the console's own, as `ServiceSpec.unit_of_work` declares: this says so to
    the type checker, and fails loudly if it is not."""
    uow = runtime.uow()
    if not isinstance(uow, ConsoleUnitOfWork):
        raise TypeError(f"the console needs a ConsoleUnitOfWork, got {type(uow).__name__}")
    return uow


class Accounts(Protocol):
    def get(self, username: str) -> Account | None: ...
    def get_by_id(self, account_id: str) -> Account | None: ...
    def credentials(self, username: str) -> tuple[Account, str] | None: ...
    def credentials_by_id(self, account_id: str) -> tuple[Account, str] | None: ...
    def with_external_subject(self, subject: str) -> Account | None: ...
    def all(self) -> list[Account]: ...
    def count(self) -> int: ...
    def usernames_starting(self, prefix: str) -> set[str]: ...
    def add(self, account: Account, password_hash: str, now: datetime, external_subject: str | None = None) -> None: ...
    def save(self, account: Account, now: datetime) -> None: ...
    def set_password(self, account_id: str, password_hash: str, now: datetime, *, must_change: bool) -> None: ...
    def rehash(self, account_id: str, password_hash: str) -> None: ...


class SignInFailures(Protocol):
    def get(self, username: str) -> FailedSignIns | None: ...
    def put(self, username: str, failed: FailedSignIns, now: datetime) -> None: ...
    def clear(self, username: str) -> None: ...


class WebSessions(Protocol):
    def get(self, id_hash: str) -> StoredSession | None: ...
    def put(self, id_hash: str, stored: StoredSession) -> None: ...
    def delete(self, id_hash: str) -> None: ...
    def delete_idle(self, *, last_seen_before: datetime, created_before: datetime) -> int: ...


class Audit(Protocol):
    def record(self, *, actor: str, action: str, target: str, address: str, detail: dict[str, Any]) -> None: ...
    def newest(self, limit: int, before: int | None = None) -> list[AuditEntry]: ...


class Clients(Protocol):
    def get(self, client_id: str) -> tuple[Client, str] | None: ...
    def all(self) -> list[Client]: ...
    def add(self, client: Client, secret_hash: str, now: datetime) -> None: ...


class SigningKeys(Protocol):
    def current(self) -> SigningKey | None: ...
    def published(self, retired_since: datetime) -> list[SigningKey]: ...
    def add(self, key: SigningKey) -> None: ...
    def retire_all_but(self, kid: str, now: datetime) -> None: ...


class Settings(Protocol):
    def get(self, name: str) -> str | None: ...
    def add(self, name: str, value: str) -> None: ...


class News(Protocol):
    def get(self, item_id: str) -> NewsItem | None: ...
    def add(self, item: NewsItem) -> None: ...
    def save(self, item: NewsItem) -> None: ...
    def of_units(self, units: frozenset[str] | None) -> list[NewsItem]: ...
    def published(self, unit: str, limit: int) -> list[NewsItem]: ...


class ConsoleWork(Protocol):
    """What a console use case is given: the repositories (read-only members, so each unit of work may type them
    as its own classes), events staged with the work, and the commit."""

    @property
    def accounts(self) -> Accounts: ...
    @property
    def sign_in_failures(self) -> SignInFailures: ...
    @property
    def web_sessions(self) -> WebSessions: ...
    @property
    def audit(self) -> Audit: ...
    @property
    def clients(self) -> Clients: ...
    @property
    def signing_keys(self) -> SigningKeys: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def news(self) -> News: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope: ...
    def commit(self) -> None: ...
    def on_committed(self, callback: Callable[[], None]) -> None: ...


#: Opens a unit of work each time: for what outlives one request (the token signer's key cache).
WorkFactory = Callable[[], ConsoleWork]
