"""Fixtures for the domain tests: the default rules, the 2026 calendar and a dedup book with sequential ids."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

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
