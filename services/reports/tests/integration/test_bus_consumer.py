"""On RabbitMQ: the reports worker consumes what intake publishes and publishes what it generates."""

from collections.abc import Callable

import pika
import pytest
from sqlalchemy import func, select

from tiepdan.kit.amqp import Names
from tiepdan.kit.db import utcnow
from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import wait_until
from tiepdan.kit.worker import Worker
from tiepdan.reports.adapters.orm import VisitFact
from tiepdan.reports.app import SERVICE
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.service.snapshots import ReportRequest, generate_report

Q1 = CutOffRule().window("quarter", 2026, 1)


def _visits(runtime: Runtime) -> int:
    with runtime.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(VisitFact)) or 0)


@pytest.mark.rabbitmq
def test_worker_projects_published_events_once_and_announces_reports(
    make_runtime: Callable[..., Runtime],
    sqlite_url: str,
    amqp_url: str,
    amqp_prefix: str,
    dataset_events: list[Envelope],
) -> None:
    runtime = make_runtime(SERVICE, sqlite_url, amqp_url=amqp_url, amqp_prefix=amqp_prefix)
    runtime.state["reports"] = ReportSettings()
    names = Names(amqp_prefix)
    worker = Worker.for_runtime(runtime)
    worker.start()
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        assert worker.consumer is not None
        assert worker.consumer.ready.wait(15), "the reports queue must be bound before intake publishes"
        channel = connection.channel()
        announced = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(announced, names.events, "reports.#")
        properties = pika.BasicProperties(content_type="application/json", delivery_mode=2)
        for _ in range(2):  # the second round is a redelivery of the very same messages
            for event in dataset_events:
                channel.basic_publish(names.events, event.type, event.to_json().encode(), properties)
        wait_until(lambda: _visits(runtime) == 13, 60, what="the 13 visits projected")
        with runtime.uow() as uow:
            request = ReportRequest("01/TCD", Q1, frozenset({"bach-quang"}), "test", "bach-quang")
            snapshot = generate_report(uow, ReportSettings(), request, utcnow())
            uow.commit()
        assert snapshot.figures["total"] == {"visits": 8, "persons": 35, "cases": 6}

        def received() -> bool:
            method, _, body = channel.basic_get(announced, auto_ack=True)
            return method is not None and snapshot.id.encode() in body

        wait_until(received, 30, what="reports.report.generated on the exchange")
    finally:
        connection.close()
        worker.stop()
    with runtime.uow() as uow:
        figures = uow.figures.reception_figures(None, Q1, 5)
    assert figures["bach-quang"].total_visits == 8
