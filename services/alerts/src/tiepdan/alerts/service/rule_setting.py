"""A unit's alert rules: thresholds, windows, severities, receivers, routes, inhibitions and timing, as data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tiepdan.alerts.domain.access import Caller
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.alerts.service.unit_of_work import AlertsWork


def current_rules(uow: AlertsWork, unit: str) -> RuleSet:
    """The unit's rules, the built-in defaults until someone saves them."""
    return uow.rules.get(unit)


def replace_rules(uow: AlertsWork, unit: str, document: Mapping[str, Any], caller: Caller, *, now: datetime) -> RuleSet:
    """The whole rule set, checked as a whole (`DocumentError` names every offending path); a receiver given
    without its secret keeps the stored one."""
    rules = RuleSet.from_dict(document).with_secrets_from(uow.rules.get(unit))
    uow.rules.put(unit, rules, caller.name, now)
    return rules
