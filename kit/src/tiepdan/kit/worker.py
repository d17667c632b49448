"""The worker process: outbox relay, event consumers and periodic timers for one or more services.

On RabbitMQ (TIEPDAN_AMQP_URL set) each relay publishes with pipelined confirms and one consumer serves every
subscription. Embedded (no URL), one relay loop hands each outbox row to the in-process subscribers.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from prometheus_client import start_http_server

from .amqp import AmqpConsumer, AmqpPublisher, Names, Subscription
from .heap import freeze_loaded
from .inproc import InProcessDispatcher, LocalSubscriber
from .outbox import Publish, PublishError
from .service import PeriodicTask, Runtime, ServiceSpec

log = logging.getLogger(__name__)


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

    @classmethod
    def for_runtime(cls, runtime: Runtime) -> Worker:
        s = runtime.settings
        return cls([runtime], s.amqp_url, s.amqp_prefix, s.delivery_limit, s.relay_idle_s)

    def serve(self) -> None:
        """The worker process's main loop, with its own /metrics on TIEPDAN_WORKER_METRICS_PORT (default 9100)."""
        self.run_forever(int(os.environ.get("TIEPDAN_WORKER_METRICS_PORT", "9100")) or None)

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
        while not self._stop.wait(task.interval_s):
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
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
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
            start_http_server(metrics_port)
        self.start()
        freeze_loaded()
        log.info("worker started for %s", ", ".join(r.name for r in self.runtimes))
        while not self._stop.wait(1.0):
            pass
        self.stop()


def run_service_worker(spec: ServiceSpec) -> None:
    """A service's worker process (`tiepdan worker <service>`): migrates first only in embedded mode."""
    runtime = Runtime(spec)
    if runtime.settings.embedded:
        runtime.start()
    Worker.for_runtime(runtime).serve()
