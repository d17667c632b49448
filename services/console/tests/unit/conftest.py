"""Fixtures for the console's unit tests: the in-memory unit of work of `tests/fakes.py`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _load_fakes() -> None:
    """tests/fakes.py as `console_fakes`: every service has a tests/fakes.py, so a plain `fakes` would be whichever
    service's was imported first in a run of the whole suite."""
    spec = importlib.util.spec_from_file_location("console_fakes", Path(__file__).resolve().parent.parent / "fakes.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)


_load_fakes()

from console_fakes import FakeConsoleUnitOfWork  # noqa: E402


@pytest.fixture
def uow() -> FakeConsoleUnitOfWork:
    return FakeConsoleUnitOfWork()
