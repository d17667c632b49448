"""The worker process: outbox relay, event consumers and periodic timers for one or more services.

On RabbitMQ (TIEPDAN_AMQP_URL set) each relay publishes with pipelined confirms and one consumer serves every
subscription. Embedded (no URL), one relay loop hands each outbox row to the in-process subscribers. Several
replicas share the work: the relay and each periodic task run in one replica at a time (advisory locks). A worker
process answers probes and scrapes on its own port: /healthz, /readyz (database and broker), /metrics.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from . import metrics
from .amqp import AmqpConsumer, AmqpPublisher, Names, Subscription
from .db import advisory_key
from .errors import problem_response
from .heap import freeze_loaded
from .inproc import InProcessDispatcher, LocalSubscriber
from .outbox import Publish, PublishError
from .service import PeriodicTask, Runtime, ServiceSpec

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)


_TRY_LOCK = text("SELECT pg_try_advisory_lock(:key)")


class TimerLeases:
    """Which worker replica runs each periodic task of a service: the one holding a PostgreSQL session-level
    advisory lock on the task's name. The locks live on one connection kept for as long as the worker runs; the
    other replicas try at each tick and take over within a tick of the holder's end (stop, crash, lost
    connection). SQLite belongs to one process, which always leads."""

    def __init__(self, engine: Engine, service: str) -> None:
        self.engine = engine
        self.service = service
        self._guard = threading.Lock()
        self._connection: Connection | None = None
        self._held: set[int] = set()

    def lead(self, task: str) -> bool:
        """Whether this replica runs `task` at this tick (takes the task's lock when it is free)."""
        if self.engine.dialect.name != "postgresql":
            return True
        key = advisory_key(f"tiepdan.timer.{self.service}.{task}")
        with self._guard:
            try:
                if self._connection is None:
                    self._connection = self.engine.connect()
                if key in self._held:
                    self._connection.execute(text("SELECT 1"))  # the session is alive, so its locks are held
                elif self._connection.scalar(_TRY_LOCK, {"key": key}):
                    self._held.add(key)
                self._connection.commit()
            except SQLAlchemyError as exc:
                log.warning("timer leases of %s lost with their connection: %s", self.service, exc)
                self._drop()
                return False
            return key in self._held

    def release(self) -> None:
        """Hand every task over at once (a stopping worker): the other replicas lead from their next tick."""
        with self._guard:
            if self._connection is None:
                return
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock_all()"))
                self._connection.commit()
                self._connection.close()
            except SQLAlchemyError:
                self._drop()
            self._connection = None
            self._held.clear()

    def _drop(self) -> None:
        """Close the connection for good (never back to the pool): its session and locks end with it."""
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.invalidate()
                self._connection.close()
        self._connection = None
        self._held.clear()


class _OperationsServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # probes every few seconds: no access log
        pass


class Worker:
    def __init__(
        self,
        runtimes: Sequence[Runtime],
        amqp_url: str = "",
        amqp_prefix: str = "",
        delivery_limit: int = 5,
        relay_idle_s: float = 0.05,
    ) -> None:
        self.runtimes = list(runtimes)
        self.amqp_url = amqp_url
        self.names = Names(amqp_prefix)
        self.delivery_limit = delivery_limit
        self.relay_idle_s = relay_idle_s
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.consumer: AmqpConsumer | None = None
        self.publishers: list[AmqpPublisher] = []
        self._operations: _OperationsServer | None = None
        self._leases = {runtime.name: TimerLeases(runtime.engine, runtime.name) for runtime in self.runtimes}

    @classmethod
    def for_runtime(cls, runtime: Runtime) -> Worker:
        s = runtime.settings
        return cls([runtime], s.amqp_url, s.amqp_prefix, s.delivery_limit, s.relay_idle_s)

    def serve(self) -> None:
        """The worker process's main loop, with its probes and /metrics on TIEPDAN_WORKER_METRICS_PORT (9100)."""
        self.run_forever(int(os.environ.get("TIEPDAN_WORKER_METRICS_PORT", "9100")) or None)

    def serve_operations(self, port: int, host: str = "") -> int:
        """Answer /healthz, /readyz and /metrics on `port` (0: any free one) until `stop()`; returns the port."""
        server = make_server(host, port, self._operations_app, _OperationsServer, _QuietHandler)
        self._operations = server
        self._spawn("operations", server.serve_forever)
        return int(server.server_address[1])

    def _operations_app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        names = [runtime.name for runtime in self.runtimes]
        if path == "/healthz":
            response = _json({"status": "ok", "services": names})
        elif path == "/readyz":
            problems = [f"{r.name}: {p}" for r in self.runtimes for p in r.readiness_problems(broker=True)]
            response = problem_response(503, "; ".join(problems)) if problems else _json({"status": "ready"})
        elif path == "/metrics":  # the outbox gauges are kept fresh by _observe_outbox
            body, content_type = metrics.exposition()
            response = Response(body, content_type=content_type)
        else:
            response = problem_response(404, f"Không có tài nguyên {path}.")
        return response(environ, start_response)

    def stopping(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        if self.amqp_url:
            self._start_amqp()
        else:
            self._start_embedded()
        for runtime in self.runtimes:
            for task in runtime.spec.periodic:
                self._spawn(f"{runtime.name}-{task.name}", self._periodic, runtime, task)
            self._spawn(f"{runtime.name}-outbox-metrics", self._observe_outbox, runtime)

    def _start_amqp(self) -> None:
        subscriptions: list[Subscription] = []
        for runtime in self.runtimes:
            publisher = AmqpPublisher(self.amqp_url, self.names)
            self.publishers.append(publisher)
            relay = runtime.relay.run_pipelined if runtime.engine.dialect.name == "postgresql" else runtime.relay.run
            self._spawn(f"{runtime.name}-relay", relay, publisher, self.stopping, self.relay_idle_s)
            if runtime.spec.handlers:
                subscriptions.append(Subscription(runtime.name, runtime.spec.subscribes, runtime.processor()))
            inbound = runtime.inbound_processor()
            if inbound is not None and runtime.spec.inbound is not None:
                subscriptions.append(
                    Subscription(
                        runtime.name, runtime.spec.inbound.patterns, inbound, suffix="inbound", exchange="inbound"
                    )
                )
        if subscriptions:
            self.consumer = AmqpConsumer(self.amqp_url, self.names, subscriptions, self.delivery_limit)
            self._spawn("consumer", self.consumer.run, self.stopping)

    def _start_embedded(self) -> None:
        subscribers = [
            LocalSubscriber(r.name, r.spec.subscribes, r.processor()) for r in self.runtimes if r.spec.handlers
        ]
        dispatcher = InProcessDispatcher(subscribers, self.delivery_limit)
        self._spawn("relay", self._relay_all, dispatcher)

    def _relay_all(self, dispatcher: Publish) -> None:
        """One loop over every service's outbox so in-process delivery never runs two writers on one subscriber."""
        while not self.stopping():
            sent = 0
            for runtime in self.runtimes:
                try:
                    sent += runtime.relay.relay_once(dispatcher)
                except PublishError as exc:
                    log.warning("in-process delivery postponed: %s", exc)
                except Exception:
                    log.exception("outbox relay of %s failed", runtime.name)
            if sent == 0:
                self._stop.wait(self.relay_idle_s)

    def _periodic(self, runtime: Runtime, task: PeriodicTask) -> None:
        leases = self._leases[runtime.name]
        while not self._stop.wait(task.interval_s):
            if not task.every_replica and not leases.lead(task.name):
                continue  # another replica runs it
            started = time.monotonic()
            try:
                task.run(runtime)
            except Exception:
                log.exception("periodic task %s of %s failed", task.name, runtime.name)
            log.debug("periodic task %s took %.3fs", task.name, time.monotonic() - started)

    def _observe_outbox(self, runtime: Runtime) -> None:
        """Backlog gauges every 5 s; published rows older than a week deleted every hour (the outbox stays small)."""
        next_purge = 0.0
        while not self._stop.wait(5.0):
            try:
                runtime.relay.observe()
                if time.monotonic() >= next_purge:
                    purged = runtime.relay.purge_published()
                    next_purge = time.monotonic() + 3600
                    if purged:
                        log.info("purged %d published outbox rows of %s", purged, runtime.name)
            except Exception as exc:
                log.debug("outbox housekeeping unavailable: %s", exc)

    def _spawn(self, name: str, target: Callable[..., Any], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._operations is not None:
            self._operations.shutdown()
            self._operations.server_close()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        for leases in self._leases.values():
            leases.release()
        for publisher in self.publishers:
            publisher.close()
        for runtime in self.runtimes:
            if runtime.spec.on_stop is not None:
                try:
                    runtime.spec.on_stop(runtime)
                except Exception:
                    log.exception("stop hook of %s failed", runtime.name)

    def run_forever(self, metrics_port: int | None = None) -> None:
        """Until SIGTERM or SIGINT; what was committed stays in the outbox for the next start."""
        signal.signal(signal.SIGTERM, lambda *_: self._stop.set())
        signal.signal(signal.SIGINT, lambda *_: self._stop.set())
        if metrics_port:
            self.serve_operations(metrics_port)
        self.start()
        freeze_loaded()
        log.info("worker started for %s", ", ".join(r.name for r in self.runtimes))
        while not self._stop.wait(1.0):
            pass
        self.stop()


def _json(body: dict[str, Any]) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")


def run_service_worker(spec: ServiceSpec) -> None:
    """A service's worker process (`tiepdan worker <service>`): migrates first only in embedded mode."""
    runtime = Runtime(spec)
    if runtime.settings.embedded:
        runtime.start()
    Worker.for_runtime(runtime).serve()
