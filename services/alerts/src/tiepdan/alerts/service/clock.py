"""Time as a dependency: handlers, timers and views read it from one clock, which tests replace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

Clock = Callable[[], datetime]
CLOCK_KEY = "clock"


def clock_of(runtime: Runtime) -> Clock:
    """The clock installed when the runtime started (`service_spec(clock)`), or the system clock."""
    clock: Clock = runtime.state.get(CLOCK_KEY, utcnow)
    return clock
