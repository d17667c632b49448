"""The event catalogue's closed lists (tiepdan.kit.contract) are the services' own: a value a service adds to one
of its enums must reach the catalogue, or its events would break their published schema."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from tiepdan.alerts.domain import kinds
from tiepdan.alerts.domain.escalation import Reason
from tiepdan.alerts.domain.observations import INBOUND_LEVELS
from tiepdan.intake.domain import cases, vocabulary
from tiepdan.kit import contract
from tiepdan.reports.domain.periods import PeriodKind
from tiepdan.reports.service.snapshots import TEMPLATES
from tiepdan.roster.api.schemas import ROSTER_STATUSES
from tiepdan.roster.domain.roster import Duty


@pytest.mark.parametrize(
    ("catalogue", "service"),
    [
        (contract.RECEPTIONS, vocabulary.Reception),
        (contract.KINDS, vocabulary.Kind),
        (contract.FIELDS, vocabulary.Field),
        (contract.CHANNELS, vocabulary.Channel),
        (contract.CASE_STATUSES, cases.Status),
        (contract.CASE_ACTIONS, cases.Action),
        (contract.CASE_OUTCOMES, set(cases.OUTCOME_OF.values())),
        (contract.DUTIES, Duty),
        (contract.ROSTER_STATUSES, ROSTER_STATUSES),
        (contract.ALERT_KINDS, kinds.Kind),
        (contract.SEVERITIES, kinds.Severity),
        (contract.ALERT_STATUSES, kinds.Status),
        (contract.NOTICE_REASONS, Reason),
        (contract.INBOUND_LEVELS, INBOUND_LEVELS),
        (contract.REPORT_TEMPLATES, TEMPLATES),
    ],
)
def test_each_closed_list_is_the_services_own(catalogue: tuple[str, ...], service: Iterable[object]) -> None:
    assert set(catalogue) == {str(value) for value in service}


def test_report_periods_are_the_periodic_kinds_and_the_two_others() -> None:
    assert set(contract.REPORT_PERIOD_KINDS) == {str(kind) for kind in PeriodKind} | {"custom", "daily"}
