"""RabbitMQ through kombu: the topology (docs/architecture.md, "The bus"), a pipelined-confirm publisher, a consumer.

One durable topic exchange `tiepdan.events`; per consuming service a durable quorum queue `<svc>.events` with a
delivery limit and the dead-letter exchange `tiepdan.dlx` → `<svc>.events.dlq`. `TIEPDAN_AMQP_PREFIX` prefixes
every name (tests use it for isolation).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import amqp
from amqp import spec
from kombu import Connection, Consumer, Exchange, Queue, binding
from kombu.message import Message

from . import metrics
from .inbox import MessageProcessor, Outcome, Result
from .outbox import PendingEvent, PublishError

log = logging.getLogger(__name__)

CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    socket.timeout,
    amqp.exceptions.ConnectionError,
    amqp.exceptions.ChannelError,
    amqp.exceptions.RecoverableConnectionError,
    amqp.exceptions.ConnectionForced,
)


@dataclass(frozen=True)
class Names:
    prefix: str = ""

    @property
    def events(self) -> str:
        return f"{self.prefix}tiepdan.events"

    @property
    def dlx(self) -> str:
        return f"{self.prefix}tiepdan.dlx"

    @property
    def inbound(self) -> str:
        return f"{self.prefix}tiepdan.inbound"

    def queue(self, service: str, suffix: str = "events") -> str:
        return f"{self.prefix}{service}.{suffix}"


@dataclass(frozen=True)
class Subscription:
    """A queue of a consuming service: bound to `patterns` on `exchange` (`events` or `inbound`)."""

    service: str
    patterns: tuple[str, ...]
    processor: MessageProcessor | None = None  # None: only declared (deploy step), not consumed
    suffix: str = "events"
    exchange: str = "events"
    prefetch: int = 200
    batch_size: int = 100
    extra: dict[str, Any] = field(default_factory=dict)


def declare_topology(
    channel: Any,
    names: Names,
    subscriptions: Sequence[Subscription] = (),
    delivery_limit: int = 5,
) -> None:
    events = Exchange(names.events, type="topic", durable=True)
    inbound = Exchange(names.inbound, type="topic", durable=True)
    dlx = Exchange(names.dlx, type="direct", durable=True)
    for exchange in (events, inbound, dlx):
        exchange(channel).declare()
    for sub in subscriptions:
        for queue in subscription_queues(names, sub, delivery_limit):
            queue(channel).declare()


def subscription_queues(names: Names, sub: Subscription, delivery_limit: int) -> list[Queue]:
    queue_name = names.queue(sub.service, sub.suffix)
    source = Exchange(names.events if sub.exchange == "events" else names.inbound, type="topic", durable=True)
    dlx = Exchange(names.dlx, type="direct", durable=True)
    main = Queue(
        queue_name,
        bindings=[binding(source, routing_key=pattern) for pattern in sub.patterns],
        durable=True,
        queue_arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": delivery_limit,
            "x-dead-letter-exchange": names.dlx,
            "x-dead-letter-routing-key": queue_name,
        },
    )
    dead = Queue(
        f"{queue_name}.dlq",
        exchange=dlx,
        routing_key=queue_name,
        durable=True,
        queue_arguments={"x-queue-type": "quorum"},
    )
    return [main, dead]


BATCH_WAIT_S = 0.02  # how long a partial batch waits for more deliveries before it is applied
IDLE_WAIT_S = 1.0  # how long an idle consumer blocks on the socket (well inside the 30 s heartbeat)


class ConfirmingChannel:
    """A raw py-amqp channel in confirm mode that pipelines a whole batch and then waits for every ack."""

    def __init__(self, connection: Connection, confirm_timeout: float = 30.0) -> None:
        self.connection = connection
        self.raw: amqp.Connection = connection.connection
        self.channel: amqp.Channel = self.raw.channel()
        self.channel.confirm_select()
        self.confirm_timeout = confirm_timeout
        self._next_tag = 0
        self._acked_upto = 0
        self._acked: set[int] = set()
        self._nacked: list[int] = []
        self.channel.events["basic_ack"].add(self._on_ack)
        self.channel.events["basic_nack"].add(self._on_nack)

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        if multiple:
            self._acked_upto = max(self._acked_upto, delivery_tag)
        else:
            self._acked.add(delivery_tag)
        while self._acked_upto + 1 in self._acked:
            self._acked_upto += 1
            self._acked.discard(self._acked_upto)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked.append(delivery_tag)
        self._on_ack(delivery_tag, multiple)

    def publish_many(self, messages: Sequence[tuple[str, str, bytes, dict[str, Any]]]) -> None:
        """(exchange, routing_key, body, properties) each; returns when all are confirmed, raises otherwise."""
        self.wait_confirmed(self.send(messages))

    def send(self, messages: Sequence[tuple[str, str, bytes, dict[str, Any]]]) -> int:
        """Publish without waiting; returns the delivery tag to wait for."""
        send = self.channel.send_method
        with _coalesced_writes(self.raw.transport):
            for exchange, routing_key, body, properties in messages:
                # basic.publish framed directly: py-amqp's basic_publish also polls the socket before every
                # message; acks are read once the whole batch is out.
                send(
                    spec.Basic.Publish,
                    "Bssbb",
                    (0, exchange, routing_key, False, False),
                    amqp.Message(body, **properties),
                )
                self._next_tag += 1
        return self._next_tag

    def wait_confirmed(self, tag: int) -> None:
        """Until every message up to `tag` is confirmed; raises on a nack or after the confirm timeout."""
        deadline = time.monotonic() + self.confirm_timeout
        while self._acked_upto < tag:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishError(f"broker did not confirm {tag - self._acked_upto} messages in time")
            self.raw.drain_events(timeout=min(remaining, 1.0))
        if any(nacked <= tag for nacked in self._nacked):
            self._nacked.clear()
            raise PublishError("broker refused messages")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing a channel of a dead connection
            self.channel.close()


@contextlib.contextmanager
def _coalesced_writes(transport: Any, flush_at: int = 256 * 1024) -> Iterator[None]:
    """py-amqp writes each message with its own syscall; a batch goes out in a few large writes instead (as pika
    does), which is what lets the relay keep up with pipelined publishing."""
    chunks: list[bytes] = []
    size = 0
    write = transport._write

    def buffer(data: Any) -> None:
        nonlocal size
        chunks.append(bytes(data))  # py-amqp reuses its frame buffer: copy before the next frame overwrites it
        size += len(data)
        if size >= flush_at:
            flush()

    def flush() -> None:
        nonlocal size
        if chunks:
            write(b"".join(chunks))
            chunks.clear()
            size = 0

    transport._write = buffer
    try:
        yield
        flush()
    finally:
        transport._write = write


def event_properties(event: PendingEvent, correlation: str | None = None) -> dict[str, Any]:
    return {
        "message_id": event.id,
        "type": event.type,
        "content_type": "application/json",
        "content_encoding": "utf-8",
        "delivery_mode": 2,
        **({"correlation_id": correlation} if correlation else {}),
    }


class AmqpPublisher:
    """The outbox relay's sink on RabbitMQ: connects lazily, reconnects on the next batch after a failure."""

    def __init__(self, url: str, names: Names, confirm_timeout: float = 30.0) -> None:
        self.url = url
        self.names = names
        self.confirm_timeout = confirm_timeout
        self._connection: Connection | None = None
        self._channel: ConfirmingChannel | None = None

    def _ensure(self) -> ConfirmingChannel:
        if self._channel is None:
            connection = Connection(self.url, connect_timeout=5, heartbeat=30)
            connection.connect()
            declare_topology(connection.default_channel, self.names)
            self._connection = connection
            self._channel = ConfirmingChannel(connection, self.confirm_timeout)
        return self._channel

    def __call__(self, batch: Sequence[PendingEvent]) -> None:
        self.wait(self.send(batch))

    def send(self, batch: Sequence[PendingEvent]) -> int:
        """Publish without waiting for confirms (the pipelined relay overlaps them with its database work)."""
        try:
            return self._ensure().send(
                [(self.names.events, e.type, e.body.encode("utf-8"), event_properties(e)) for e in batch]
            )
        except Exception:
            self.close()
            raise

    def wait(self, ticket: int) -> None:
        try:
            if self._channel is None:
                raise PublishError("the connection was lost before the broker confirmed")
            self._channel.wait_confirmed(ticket)
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
        if self._connection is not None:
            with contextlib.suppress(Exception):  # releasing a dead connection
                self._connection.release()
        self._channel = None
        self._connection = None


def delivery_attempt(message: Message) -> int:
    """Quorum queues count redeliveries in `x-delivery-count`; the first delivery has none."""
    headers = message.headers or {}
    count = headers.get("x-delivery-count", 0)
    return int(count) + 1 if isinstance(count, int) else 1


class AmqpConsumer:
    """Consumes one or more subscriptions; acks after the inbox commit, dead-letters poison with the reason."""

    def __init__(self, url: str, names: Names, subscriptions: Sequence[Subscription], delivery_limit: int = 5) -> None:
        self.url = url
        self.names = names
        self.subscriptions = list(subscriptions)
        self.delivery_limit = delivery_limit
        self.ready = threading.Event()

    def run(self, stop: Callable[[], bool]) -> None:
        delay = 0.5
        while not stop():
            try:
                self._consume(stop)
                delay = 0.5
            except CONNECTION_ERRORS as exc:
                if self.ready.is_set():  # it was consuming: a new outage starts again from the short wait
                    delay = 0.5
                self.ready.clear()
                log.warning("broker connection lost, reconnecting in %.1fs: %s", delay, exc)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)

    def _consume(self, stop: Callable[[], bool]) -> None:
        with Connection(self.url, connect_timeout=5, heartbeat=30) as connection:
            connection.connect()
            declare_topology(connection.default_channel, self.names, self.subscriptions, self.delivery_limit)
            dead_letters = ConfirmingChannel(connection)
            batches = [_Batch(self, sub, dead_letters) for sub in self.subscriptions]
            for batch in batches:
                channel = connection.channel()
                queues = subscription_queues(self.names, batch.sub, self.delivery_limit)[:1]
                consumer = Consumer(
                    channel,
                    queues=queues,
                    on_message=batch.add,
                    prefetch_count=batch.sub.prefetch,
                    auto_declare=False,
                    no_ack=False,
                )
                consumer.consume()
            self.ready.set()
            while not stop():
                # Waking every BATCH_WAIT_S with nothing to apply cost an idle worker about 1 % of a core.
                waiting = any(batch.pending for batch in batches)
                try:
                    connection.drain_events(timeout=BATCH_WAIT_S if waiting else IDLE_WAIT_S)
                except TimeoutError:
                    for batch in batches:  # the broker has nothing more right now: apply what arrived
                        batch.flush()
                    connection.heartbeat_check()
            for batch in batches:
                batch.flush()

    def dead_letter(
        self, channel: ConfirmingChannel, queue_name: str, message: Message, body: bytes, result: Result
    ) -> None:
        props = message.properties or {}
        headers = {
            "x-tiepdan-reason": result.reason[:1000],
            "x-tiepdan-queue": queue_name,
            "x-tiepdan-routing-key": (message.delivery_info or {}).get("routing_key", ""),
        }
        channel.publish_many(
            [
                (
                    self.names.dlx,
                    queue_name,
                    body,
                    {
                        "message_id": props.get("message_id"),
                        "type": props.get("type"),
                        "content_type": props.get("content_type", "application/json"),
                        "delivery_mode": 2,
                        "application_headers": headers,
                    },
                )
            ]
        )
        log.error("dead-lettered a message from %s: %s", queue_name, result.reason)


class _Batch:
    """Deliveries of one subscription gathered while the broker keeps sending, applied in one transaction."""

    def __init__(self, consumer: AmqpConsumer, sub: Subscription, dead_letters: ConfirmingChannel) -> None:
        if sub.processor is None:
            raise ValueError(f"subscription {sub.service}.{sub.suffix} has no processor to consume with")
        self.consumer = consumer
        self.sub = sub
        self.processor: MessageProcessor = sub.processor
        self.dead_letters = dead_letters
        self.queue_name = consumer.names.queue(sub.service, sub.suffix)
        self.pending: list[Message] = []
        self.received: list[float] = []  # wall-clock arrival of each pending delivery, for the event-age metric
        self.first_at = 0.0

    def add(self, message: Message) -> None:
        if not self.pending:
            self.first_at = time.monotonic()
        self.pending.append(message)
        self.received.append(time.time())
        # A steady trickle never leaves the broker silent: the oldest delivery bounds the wait too.
        if len(self.pending) >= self.sub.batch_size or time.monotonic() - self.first_at >= BATCH_WAIT_S:
            self.flush()

    def flush(self) -> None:
        messages, self.pending = self.pending, []
        received, self.received = self.received, []
        if not messages:
            return
        bodies = [m.body if isinstance(m.body, bytes) else str(m.body).encode("utf-8") for m in messages]
        attempts = [delivery_attempt(m) for m in messages]
        results = self.processor.process_batch(list(zip(bodies, attempts, strict=True)))
        self._observe(received, results)
        for message, body, attempt, result in zip(messages, bodies, attempts, results, strict=True):
            # Retried in place, not requeued: a requeued message would go behind later ones of its aggregate.
            while result.outcome is Outcome.RETRY:
                time.sleep(min(0.1 * 2 ** (attempt - 1), 2.0))
                attempt += 1
                result = self.processor.process(body, attempt)
            if result.outcome is Outcome.DEAD:
                self.consumer.dead_letter(self.dead_letters, self.queue_name, message, body, result)
            message.ack()

    def _observe(self, received: Sequence[float], results: Sequence[Result]) -> None:
        committed = time.time()
        service = self.sub.service
        for arrived, result in zip(received, results, strict=True):
            if result.outcome is Outcome.DONE and result.envelope is not None:
                occurred = result.envelope.occurred.timestamp()
                metrics.EVENT_AGE.labels(service, "received").observe(max(0.0, arrived - occurred))
                metrics.EVENT_AGE.labels(service, "committed").observe(max(0.0, committed - occurred))


def broker_reachable(url: str, timeout: float = 2.0) -> bool:
    try:
        with Connection(url, connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False
