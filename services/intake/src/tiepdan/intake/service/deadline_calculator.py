"""The deadline calculator: the date a rule in force gives from a day, on the unit's calendar (papers that arrive
by other routes are timed as cases are)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tiepdan.intake.adapters.roster_copy import RosterCopy
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.errors import InvalidFieldsError
from tiepdan.kit.uow import UnitOfWork


def calculate_deadline(uow: UnitOfWork, config: IntakeConfig, unit: str, rule_code: str, start: date) -> dict[str, Any]:
    """`{date, day_type, basis, provisional, ...}`; InvalidFieldsError names an unknown rule."""
    if rule_code not in config.policy.rules:
        known = ", ".join(sorted(config.policy.rules))
        raise InvalidFieldsError({"rule": [f"Không có quy tắc thời hạn '{rule_code}'; chọn một trong: {known}."]})
    calendar = RosterCopy(uow).calendar(unit)
    deadline = config.policy.deadline(rule_code, rule_code, start, calendar)
    rule = config.policy.rules[rule_code]
    answer: dict[str, Any] = {
        "rule_code": rule_code,
        "from": start.isoformat(),
        "days": rule.days,
        "basis": rule.text,
        **deadline.to_dict(),
    }
    answer.pop("rule")
    answer.pop("counted_from")
    return answer
