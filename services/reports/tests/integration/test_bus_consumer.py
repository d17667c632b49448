"""On RabbitMQ: the reports worker consumes what intake publishes and publishes what it generates."""

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from tiepdan.kit.db import utcnow
from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import wait_until
from tiepdan.reports.adapters.orm import VisitFact
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.service.snapshots import ReportRequest, generate_report

Q1 = CutOffRule().window("quarter", 2026, 1)


def _visits(runtime: Runtime) -> int:
    with runtime.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(VisitFact)) or 0)


@pytest.mark.rabbitmq
def test_worker_projects_published_events_once_and_announces_reports(
    on_the_bus: Callable[..., Any], sqlite_url: str, dataset_events: list[Envelope]
) -> None:
    with on_the_bus(sqlite_url, ReportSettings()) as (runtime, bus):
        announced = bus.channel.queue_declare("", exclusive=True).method.queue
        bus.channel.queue_bind(announced, bus.exchange, "reports.#")
        for _ in range(2):  # the second round is a redelivery of the very same messages
            bus.publish(dataset_events)
        wait_until(lambda: _visits(runtime) == 13, 60, what="the 13 visits projected")
        with runtime.uow() as uow:
            request = ReportRequest("01/TCD", Q1, frozenset({"bach-quang"}), "test", "bach-quang")
            snapshot = generate_report(uow, ReportSettings(), request, utcnow())
            uow.commit()
        assert snapshot.figures["total"] == {"visits": 8, "persons": 35, "cases": 6}

        def received() -> bool:
            method, _, body = bus.channel.basic_get(announced, auto_ack=True)
            return method is not None and snapshot.id.encode() in body

        wait_until(received, 30, what="reports.report.generated on the exchange")
    with runtime.uow() as uow:
        figures = uow.figures.reception_figures(None, Q1, 5)
    assert figures["bach-quang"].total_visits == 8
