"""In-memory stand-ins for the kit's adapters, for fast tests of a service layer without a database or broker.

A service's fake unit of work subclasses `FakeUnitOfWork` and adds its in-memory repositories, as its real unit of
work subclasses `tiepdan.kit.uow.UnitOfWork` and adds the SQL ones.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from .db import UNSCOPED, UnitScope
from .events import Envelope
from .outbox import make_envelope


class FakeUnitOfWork:
    """Holds emitted events until `commit`; leaving without commit drops them. `committed` and `events` are what
    a test asserts on: the events in `events` are the ones that would have reached the outbox."""

    def __init__(self, scope: UnitScope = UNSCOPED, source: str = "test") -> None:
        self.scope = scope
        self.source = source
        self.committed = False
        self.events: list[Envelope] = []
        self.emitted: list[Envelope] = []
        self._staged: list[Envelope] = []
        self._committed_callbacks: list[Callable[[], None]] = []
        self.deferred = False

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    def defer_writes(self) -> None:
        """Writes here wait for the commit anyway; a test may check that the use case asked for it."""
        self.deferred = True

    def emit(
        self, event_type: str, data: dict[str, Any], unit: str | None = None, aggregate_id: str | None = None
    ) -> Envelope:
        target = unit or self.scope.write_unit
        if not target:
            raise ValueError(f"{event_type}: no unit for the event (pass unit= in unscoped work)")
        envelope = make_envelope(self.source, event_type, data, target)  # validated against the catalogue
        self._staged.append(envelope)
        self.emitted.append(envelope)
        return envelope

    def on_committed(self, callback: Callable[[], None]) -> None:
        self._committed_callbacks.append(callback)

    def commit(self) -> None:
        self.events.extend(self._staged)
        self._staged.clear()
        self.committed = True
        callbacks, self._committed_callbacks = self._committed_callbacks, []
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        self._staged.clear()
        self._committed_callbacks.clear()
