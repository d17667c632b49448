"""Fixtures for the domain and service tests: the default rules, the 2026 calendar, a dedup book with sequential
ids, and the in-memory unit of work of `tests/fakes.py`."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from alerts_samples import ORDINARY

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.book import Desk, Outcome, apply_signal
from tiepdan.alerts.domain.detectors import Signal
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.kit.calendar import WorkingCalendar


@pytest.fixture
def rules() -> RuleSet:
    return RuleSet.default()


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar.default()


@pytest.fixture
def book(rules: RuleSet, calendar: WorkingCalendar) -> Callable[[Alert | None, Signal], Outcome]:
    """apply_signal with the default rules, the 2026 calendar and sequential ids."""
    ids = itertools.count(1)

    def apply(
        active: Alert | None, signal: Signal, now: datetime = ORDINARY, counted: frozenset[str] = frozenset()
    ) -> Outcome:
        desk = Desk("bach-quang", rules, calendar, now, lambda: f"a{next(ids)}")
        return apply_signal(active, signal, desk, counted=counted)

    return apply


def _load_fakes() -> ModuleType:
    """`tests/fakes.py` under a name of its own: every service's test directories share one sys.path."""
    spec = importlib.util.spec_from_file_location("alerts_fakes", Path(__file__).parent.parent / "fakes.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fakes = _load_fakes()


@pytest.fixture
def uow() -> Any:
    """An in-memory alerts unit of work, unscoped (as the worker's)."""
    return fakes.FakeAlertsUnitOfWork()
