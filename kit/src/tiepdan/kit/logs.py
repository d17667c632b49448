"""JSON log lines carrying the correlation id that follows a request into the events it causes."""

from __future__ import annotations

import contextvars
import logging
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from pythonjsonlogger.json import JsonFormatter

_correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


def correlation_id() -> str:
    """The current correlation id, minting one when none is set."""
    value = _correlation_id.get()
    if value is None:
        value = str(uuid.uuid4())
        _correlation_id.set(value)
    return value


@contextmanager
def correlated(value: str | None) -> Iterator[str]:
    token = _correlation_id.set(value or str(uuid.uuid4()))
    try:
        yield correlation_id()
    finally:
        _correlation_id.reset(token)


def set_correlation_id(value: str | None) -> contextvars.Token[str | None]:
    return _correlation_id.set(value or str(uuid.uuid4()))


def reset_correlation_id(token: contextvars.Token[str | None]) -> None:
    _correlation_id.reset(token)


class _CorrelationFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = _correlation_id.get()
        return True


def configure_logging(level: str = "INFO", service: str = "tiepdan") -> None:
    """Idempotent: one JSON handler on the root logger."""
    root = logging.getLogger()
    if any(getattr(h, "_tiepdan", False) for h in root.handlers):
        root.setLevel(level.upper())
        return
    handler = logging.StreamHandler(sys.stderr)
    handler._tiepdan = True  # type: ignore[attr-defined]
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            static_fields={"service": service},
        )
    )
    handler.addFilter(_CorrelationFilter())
    root.addHandler(handler)
    root.setLevel(level.upper())
