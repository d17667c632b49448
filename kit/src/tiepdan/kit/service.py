"""What a service declares about itself (ServiceSpec) and the per-process objects built from it (Runtime).

Services register a `ServiceSpec` under the `tiepdan.services` entry point group, so the kit, the CLI and the
embedded runner find them without the kit knowing any service by name.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData

from . import migrate
from .amqp import broker_reachable
from .config import Settings
from .db import UNSCOPED, UnitScope, create_db_engine, make_session_factory, ping
from .events import Envelope
from .inbox import BatchHandler, Handler, MessageProcessor
from .outbox import OutboxRelay
from .uow import UnitOfWork

if TYPE_CHECKING:
    from flask import Flask
    from flask_smorest import Api

#: How long a broker check answers readiness probes before the next one connects again.
BROKER_CHECK_CACHE_S = 5.0


#: `Runtime.state` key of the platform's API dispatcher (WSGI), set by the embedded runner: a service of pages in the
#: same process calls the APIs through it, with the same routing, authentication and answers as over HTTP.
API_DISPATCHER_STATE = "api_dispatcher"


@dataclass(frozen=True)
class PeriodicTask:
    """Run by the worker every `interval_s` seconds (timers: deadlines, escalation, scheduled reports): by one
    worker replica at a time (`kit.worker.TimerLeases`), or by each when `every_replica` (gauges a replica exports)."""

    name: str
    interval_s: float
    run: Callable[[Runtime], object]
    every_replica: bool = False


@dataclass(frozen=True)
class InboundQueue:
    """A queue on `tiepdan.inbound` for messages agencies send from outside (not envelopes): `decode` makes one."""

    patterns: tuple[str, ...]
    decode: Callable[[bytes], Envelope]
    handlers: dict[str, Handler]


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    title: str
    metadata: MetaData
    versions_dir: Path
    register_api: Callable[[Api], None]
    resources: tuple[str, ...]
    handlers: dict[str, Handler] = field(default_factory=dict)
    batch_handlers: dict[str, BatchHandler] = field(default_factory=dict)  # optional, per type in `handlers`
    periodic: tuple[PeriodicTask, ...] = ()
    inbound: InboundQueue | None = None
    on_start: Callable[[Runtime], None] | None = None
    on_stop: Callable[[Runtime], None] | None = None  # the worker is stopping: close connections and sessions
    # a service of pages rather than an API (the console) builds its own app; the embedded runner uses it
    web_app: Callable[[Runtime], Flask] | None = None
    # the service's unit of work: the kit's, extended with the service's repositories
    unit_of_work: type[UnitOfWork] = UnitOfWork

    def __post_init__(self) -> None:
        # a batch handler replaces its type's handler only in batches: a message alone still needs the single one
        orphans = sorted(set(self.batch_handlers) - set(self.handlers))
        if orphans:
            raise ValueError(f"{self.name}: batch handlers without a handler for {', '.join(orphans)}")

    @property
    def subscribes(self) -> tuple[str, ...]:
        return tuple(sorted(self.handlers))


class Runtime:
    """One service's engine, sessions, outbox relay and message processors in one process."""

    def __init__(self, spec: ServiceSpec, settings: Settings | None = None) -> None:
        self.spec = spec
        self.settings = settings or Settings.from_env(spec.name)
        self.engine = create_db_engine(self.settings.database_url)
        self.sessions = make_session_factory(self.engine)
        self.relay = OutboxRelay(self.sessions, spec.name, self.settings.relay_batch)
        self.state: dict[str, Any] = {}

    @property
    def name(self) -> str:
        return self.spec.name

    def migrate(self) -> None:
        migrate.upgrade(self.engine, self.spec.versions_dir, self.spec.metadata)

    def start(self) -> None:
        """Migrate (embedded mode does it on start) and run the service's own start hook (seed defaults)."""
        self.migrate()
        if self.spec.on_start is not None:
            self.spec.on_start(self)

    def uow(self, scope: UnitScope = UNSCOPED) -> UnitOfWork:
        return self.spec.unit_of_work(self.sessions, scope, self.spec.name)

    def processor(self) -> MessageProcessor:
        return MessageProcessor(
            self.spec.name,
            self.sessions,
            self.spec.handlers,
            self.settings.delivery_limit,
            batch_handlers=self.spec.batch_handlers,
            unit_of_work=self.spec.unit_of_work,
        )

    def inbound_processor(self) -> MessageProcessor | None:
        inbound = self.spec.inbound
        if inbound is None:
            return None
        return MessageProcessor(
            self.spec.name,
            self.sessions,
            inbound.handlers,
            self.settings.delivery_limit,
            decode=inbound.decode,
            unit_of_work=self.spec.unit_of_work,
        )

    def check_database(self) -> None:
        ping(self.engine)

    def readiness_problems(self, *, broker: bool) -> list[str]:
        """Why this process should not take work yet; none when ready. A web process asks for its database only
        (what it commits waits in the outbox while the broker is away); a worker also needs the broker."""
        problems: list[str] = []
        try:
            self.check_database()
        except Exception as exc:
            problems.append(f"database unreachable ({type(exc).__name__})")
        url = self.settings.amqp_url
        if broker and url:
            checked = self.state.get("broker_check")
            now = time.monotonic()
            if checked is None or now - checked[0] > BROKER_CHECK_CACHE_S:
                checked = (now, broker_reachable(url))
                self.state["broker_check"] = checked
            if not checked[1]:
                problems.append("broker unreachable")
        return problems

    def dispose(self) -> None:
        self.engine.dispose()


def discover_services() -> dict[str, ServiceSpec]:
    """Every installed service, by name, from the `tiepdan.services` entry points."""
    found: dict[str, ServiceSpec] = {}
    for entry in entry_points(group="tiepdan.services"):
        spec = entry.load()
        if not isinstance(spec, ServiceSpec):
            raise TypeError(f"entry point {entry.name} is not a ServiceSpec")
        found[spec.name] = spec
    return dict(sorted(found.items()))
