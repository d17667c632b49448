"""The event catalogue of CONTRACT.md: every event type, its version and the data fields it must carry.

Publishers and consumers validate against this one table, so a field renamed on one side fails loudly
on both. Fields beyond the required ones are allowed (add, never rename).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_ALERT_FIELDS = frozenset(
    {
        "id",
        "kind",
        "severity",
        "status",
        "title",
        "group_key",
        "field",
        "subject",
        "area",
        "headcount",
        "visit_count",
        "case_ids",
        "first_seen",
        "last_seen",
        "receivers",
        "escalation_level",
    }
)

#: type → version → required data keys
EVENT_TYPES: dict[str, dict[int, frozenset[str]]] = {
    "intake.visit.registered": {
        1: frozenset(
            {
                "visit_id",
                "case_id",
                "received_at",
                "reception",
                "headcount",
                "is_group",
                "repeat",
                "kind",
                "field",
                "subject",
                "area",
                "party_related",
                "case_first_visit_at",
                "case_visit_count",
                "case_status",
            }
        )
    },
    "intake.petition.received": {
        1: frozenset(
            {
                "petition_id",
                "case_id",
                "channel",
                "received_on",
                "signers",
                "kind",
                "field",
                "subject",
                "area",
                "eligible",
                "party_related",
                "repeat",
            }
        )
    },
    "intake.case.opened": {
        1: frozenset({"case_id", "kind", "field", "area", "subject", "status", "previous_status", "deadlines"})
    },
    "intake.case.changed": {
        1: frozenset({"case_id", "kind", "field", "area", "subject", "status", "previous_status", "deadlines"})
    },
    "intake.case.deadline_due": {1: frozenset({"case_id", "deadline", "date", "kind", "field", "area", "subject"})},
    "intake.case.overdue": {1: frozenset({"case_id", "deadline", "date", "kind", "field", "area", "subject"})},
    "intake.register.closed": {1: frozenset({"date", "visits", "persons", "groups", "petitions", "by_reception"})},
    "intake.visit.corrected": {
        1: frozenset(
            {"visit_id", "case_id", "received_at", "reception", "headcount", "kind", "field", "area", "changed"}
        )
    },
    "intake.petition.corrected": {
        1: frozenset({"petition_id", "case_id", "received_on", "signers", "kind", "field", "area", "changed"})
    },
    "intake.case.merged": {1: frozenset({"case_id", "into", "merged_at", "visit_ids", "petition_ids"})},
    "roster.calendar.changed": {1: frozenset({"days_off", "make_up_working_days", "special_periods"})},
    "roster.roster.published": {1: frozenset({"roster_id", "period", "shifts", "assignments"})},
    "roster.coverage.gap": {1: frozenset({"roster_id", "date", "shift", "skill", "missing"})},
    "alerts.alert.raised": {1: _ALERT_FIELDS},
    "alerts.alert.updated": {1: _ALERT_FIELDS},
    "alerts.alert.acknowledged": {1: _ALERT_FIELDS},
    "alerts.alert.escalated": {1: _ALERT_FIELDS},
    "alerts.alert.resolved": {1: _ALERT_FIELDS},
    "reports.report.generated": {1: frozenset({"report_id", "template", "period"})},
}

#: Keys that would carry a citizen's identity: never allowed anywhere inside an event's data.
PERSONAL_KEYS = frozenset(
    {
        "full_name",
        "name_of_citizen",
        "citizen_name",
        "id_number",
        "phone",
        "address",
        "citizens",
        "signers_list",
        "denouncer",
        "email",
    }
)


class ContractError(ValueError):
    """An event that does not match the catalogue."""


_SCALARS = (str, int, float, type(None))  # bool is an int; checked by exact types, cheaper than the ABCs


def _personal_keys_in(value: Any, path: str = "data") -> list[str]:
    found: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in PERSONAL_KEYS:
                found.append(f"{path}.{key}")
            if not isinstance(item, _SCALARS):
                found.extend(_personal_keys_in(item, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, _SCALARS):
                found.extend(_personal_keys_in(item, f"{path}[{index}]"))
    return found


def check_event(event_type: str, version: int, data: Mapping[str, Any]) -> None:
    """Raise ContractError when the type/version is unknown, a required field is missing or personal data leaks."""
    versions = EVENT_TYPES.get(event_type)
    if versions is None:
        raise ContractError(f"unknown event type {event_type!r}")
    required = versions.get(version)
    if required is None:
        raise ContractError(f"unknown version {version} of {event_type!r}")
    if not isinstance(data, Mapping):
        raise ContractError("event data must be an object")
    missing = sorted(required - set(data))
    if missing:
        raise ContractError(f"{event_type} v{version} lacks {', '.join(missing)}")
    leaks = _personal_keys_in(data)
    if leaks:
        raise ContractError(f"{event_type} carries personal data at {', '.join(leaks)}")
