"""What every view of the service uses: the request's unit of work."""

from __future__ import annotations

from tiepdan.kit.web import request_uow
from tiepdan.reports.service.unit_of_work import ReportsUnitOfWork


def request_work() -> ReportsUnitOfWork:
    """The request's unit of work, scoped to the caller's units (the service declares `ReportsUnitOfWork`)."""
    return request_uow(ReportsUnitOfWork)
