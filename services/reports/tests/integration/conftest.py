import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import pika
import pytest
from pika.adapters.blocking_connection import BlockingChannel
from pypdf import PdfReader

from tiepdan.kit.amqp import Names
from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.service import Runtime
from tiepdan.kit.worker import Worker
from tiepdan.reports.app import SERVICE
from tiepdan.reports.config import ReportSettings


@pytest.fixture
def reports_runtime(make_runtime: Callable[..., Runtime], sqlite_url: str) -> Runtime:
    runtime = make_runtime(SERVICE, sqlite_url)
    runtime.state["reports"] = ReportSettings()
    return runtime


Project = Callable[[Runtime, Iterable[Envelope]], list[Outcome]]


def _project(runtime: Runtime, events: Iterable[Envelope]) -> list[Outcome]:
    """Through the real consumer path, a message at a time: inbox, handler, commit."""
    processor = runtime.processor()
    return [processor.process(event.to_json().encode()).outcome for event in events]


def _project_in_bursts(runtime: Runtime, events: Iterable[Envelope]) -> list[Outcome]:
    """As the AMQP consumer delivers under load: bursts of mixed types, each applied in one transaction."""
    processor = runtime.processor()
    bodies = [(event.to_json().encode(), 1) for event in events]
    return [
        result.outcome
        for first in range(0, len(bodies), 7)
        for result in processor.process_batch(bodies[first : first + 7])
    ]


@pytest.fixture(params=["one_by_one", "in_bursts"])
def project(request: pytest.FixtureRequest) -> Project:
    return _project if request.param == "one_by_one" else _project_in_bursts


@pytest.fixture
def projected(reports_runtime: Runtime, dataset_events: list[Envelope]) -> Runtime:
    assert set(_project(reports_runtime, dataset_events)) == {Outcome.DONE}
    return reports_runtime


@pytest.fixture
def pdf_text() -> Callable[[bytes], str]:
    """A PDF's text laid out as on the page (pypdf's layout mode), as a person or the province's tooling reads it."""

    def read(pdf: bytes) -> str:
        return "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(pdf)).pages)

    return read


@dataclass
class Bus:
    """The events exchange as intake publishes to it, with a channel for a test's own queues."""

    channel: BlockingChannel
    exchange: str

    def publish(self, events: Iterable[Envelope]) -> None:
        properties = pika.BasicProperties(content_type="application/json", delivery_mode=2)
        for event in events:
            self.channel.basic_publish(self.exchange, event.type, event.to_json().encode(), properties)


OnTheBus = Callable[[str, ReportSettings], AbstractContextManager[tuple[Runtime, Bus]]]


@pytest.fixture
def on_the_bus(make_runtime: Callable[..., Runtime], amqp_url: str, amqp_prefix: str) -> OnTheBus:
    """`with on_the_bus(db_url, settings) as (runtime, bus)`: the reports worker consuming from RabbitMQ, its queue
    bound before anything is published; the worker stops when the block ends."""

    @contextmanager
    def running(db_url: str, settings: ReportSettings) -> Iterator[tuple[Runtime, Bus]]:
        runtime = make_runtime(SERVICE, db_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix)
        runtime.state["reports"] = settings
        worker = Worker.for_runtime(runtime)
        worker.start()
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        try:
            assert worker.consumer is not None
            assert worker.consumer.ready.wait(15), "the reports queue must be bound before intake publishes"
            yield runtime, Bus(connection.channel(), Names(amqp_prefix).events)
        finally:
            connection.close()
            worker.stop()

    return running
