"""What every view of the service uses: the request's unit of work, its caller and time, and how a use case's
refusal is answered."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from tiepdan.alerts.domain.access import Caller
from tiepdan.alerts.domain.alert import AlertStateError
from tiepdan.alerts.service.clock import clock_of
from tiepdan.alerts.service.errors import NotFound, NotPermitted
from tiepdan.alerts.service.unit_of_work import AlertsUnitOfWork
from tiepdan.kit.auth import current_principal
from tiepdan.kit.errors import Problem, conflict, not_found
from tiepdan.kit.web import current_runtime, request_uow


def request_work() -> AlertsUnitOfWork:
    """The request's unit of work, scoped to the caller's units (under `@idempotent`, committed with the answer)."""
    return request_uow(AlertsUnitOfWork)


def request_time() -> datetime:
    """The request's notion of now: the runtime's clock (`service/clock.py`), which tests move."""
    return clock_of(current_runtime())()


def caller() -> Caller:
    principal = current_principal()
    return Caller(principal.name or principal.sub, principal.roles)


@contextmanager
def refusals_answered() -> Iterator[None]:
    """404 for what the caller may not see, 403 for what their roles may not do, 409 for what the alert's status
    does not allow."""
    try:
        yield
    except NotFound as exc:
        raise not_found(exc.what) from exc
    except NotPermitted as exc:
        raise Problem(403, str(exc)) from exc
    except AlertStateError as exc:
        raise conflict(str(exc)) from exc
