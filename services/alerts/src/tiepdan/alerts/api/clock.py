"""The request's notion of now (the runtime's clock: see `service/clock.py`)."""

from __future__ import annotations

from datetime import datetime

from tiepdan.alerts.service.clock import clock_of
from tiepdan.kit.web import current_runtime


def now() -> datetime:
    return clock_of(current_runtime())()
