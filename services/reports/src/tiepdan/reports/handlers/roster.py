"""Projecting roster's calendar: special periods decide when the `daily` report is due."""

from __future__ import annotations

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.service import projections
from tiepdan.reports.service.unit_of_work import reports_work


def project_calendar(uow: UnitOfWork, event: Envelope) -> None:
    projections.copy_calendar(reports_work(uow), event.unit, dict(event.data), event.occurred)
