"""A province report over HTTP: the `over_level` alert of its topic raised or updated, as the AMQP path does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from tiepdan.alerts.domain.ids import new_id
from tiepdan.alerts.domain.observations import InboundReport, inbound_report_from
from tiepdan.alerts.service.detecting import take_inbound_report
from tiepdan.alerts.service.errors import ConcurrentChange
from tiepdan.alerts.service.unit_of_work import AlertsWork

Answer = TypeVar("Answer")
Work = TypeVar("Work", bound=AlertsWork)


@dataclass(frozen=True)
class ReportAccepted:
    id: str
    alert_id: str | None
    status: str = "accepted"


def accept_inbound_report(
    open_uow: Callable[[], Work],
    unit: str,
    body: Mapping[str, Any],
    *,
    now: datetime,
    answered: Callable[[Work, ReportAccepted], Answer],
) -> Answer:
    """An unreadable report raises `InvalidEventError` ("field: message"). This use case opens its own units of
    work: the worker may open the topic's alert at the same moment, and the second try then updates it.
    `answered` is given the unit of work and the result before the commit (the request records its answer with
    the work)."""
    report = inbound_report_from(dict(body), new_id())
    try:
        return _take(open_uow, unit, report, now, answered)
    except ConcurrentChange:
        return _take(open_uow, unit, report, now, answered)


def _take(
    open_uow: Callable[[], Work],
    unit: str,
    report: InboundReport,
    now: datetime,
    answered: Callable[[Work, ReportAccepted], Answer],
) -> Answer:
    with open_uow() as uow:
        outcome = take_inbound_report(uow, unit, report, occurred_at=now, now=now)
        answer = answered(uow, ReportAccepted(report.source_id, outcome.alert.id if outcome else None))
        uow.commit()
    return answer
