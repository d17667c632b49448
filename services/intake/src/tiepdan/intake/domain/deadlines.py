"""Legal deadlines: each rule has its length, its day type (configurable per rule) and its legal basis.

Counting follows BLDS 2015 Art 147–148 through the kit's WorkingCalendar (the event day is not counted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from tiepdan.kit.calendar import DayType, WorkingCalendar


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    days: int
    day_type: DayType
    basis: str
    #: The law says "ngày" without saying which kind: show the date under the other day type too (DOMAIN.md).
    contested: bool = False

    @property
    def text(self) -> str:
        unit = "ngày làm việc" if self.day_type is DayType.WORKING else "ngày"
        return f"{self.days} {unit} — {self.basis}"


DEFAULT_RULES: dict[str, DeadlineRule] = {
    rule.code: rule
    for rule in (
        DeadlineRule("visit_reply", 10, DayType.WORKING, "trả lời sau khi tiếp (Luật Tiếp công dân 2013, Điều 28)"),
        DeadlineRule(
            "petition_processing", 10, DayType.CALENDAR, "xử lý đơn kể từ ngày nhận (TT 05/2021/TT-TTCP)", True
        ),
        DeadlineRule(
            "complaint_acceptance", 10, DayType.CALENDAR, "thụ lý khiếu nại (Luật Khiếu nại 2011, Điều 27)", True
        ),
        DeadlineRule(
            "complaint_resolution", 30, DayType.CALENDAR, "giải quyết khiếu nại lần đầu (Luật Khiếu nại, Điều 28)", True
        ),
        DeadlineRule(
            "complaint_resolution_complex",
            45,
            DayType.CALENDAR,
            "giải quyết khiếu nại lần đầu, vụ việc phức tạp (Luật Khiếu nại, Điều 28)",
            True,
        ),
        DeadlineRule(
            "complaint_resolution_remote",
            45,
            DayType.CALENDAR,
            "giải quyết khiếu nại lần đầu, vùng sâu vùng xa (Luật Khiếu nại, Điều 28)",
            True,
        ),
        DeadlineRule(
            "complaint_resolution_remote_complex",
            60,
            DayType.CALENDAR,
            "giải quyết khiếu nại lần đầu, vùng sâu vùng xa, phức tạp (Luật Khiếu nại, Điều 28)",
            True,
        ),
        DeadlineRule(
            "complaint_resolution_second",
            45,
            DayType.CALENDAR,
            "giải quyết khiếu nại lần hai (Luật Khiếu nại, Điều 37)",
            True,
        ),
        DeadlineRule(
            "complaint_resolution_second_complex",
            60,
            DayType.CALENDAR,
            "giải quyết khiếu nại lần hai, vụ việc phức tạp (Luật Khiếu nại, Điều 37)",
            True,
        ),
        DeadlineRule(
            "complaint_resolution_second_remote",
            60,
            DayType.CALENDAR,
            "giải quyết khiếu nại lần hai, vùng sâu vùng xa (Luật Khiếu nại, Điều 37)",
            True,
        ),
        DeadlineRule(
            "complaint_resolution_second_remote_complex",
            70,
            DayType.CALENDAR,
            "giải quyết khiếu nại lần hai, vùng sâu vùng xa, phức tạp (Luật Khiếu nại, Điều 37)",
            True,
        ),
        DeadlineRule(
            "denunciation_initial", 7, DayType.WORKING, "xử lý ban đầu đơn tố cáo (Luật Tố cáo 2018, Điều 24)"
        ),
        DeadlineRule(
            "denunciation_initial_several_places",
            10,
            DayType.WORKING,
            "xử lý ban đầu đơn tố cáo phải xác minh ở nhiều địa điểm (Luật Tố cáo 2018, Điều 24)",
        ),
        DeadlineRule(
            "denunciation_transfer",
            5,
            DayType.WORKING,
            "chuyển đơn tố cáo không thuộc thẩm quyền (Luật Tố cáo 2018, Điều 24)",
        ),
        DeadlineRule(
            "denunciation_acceptance_notice",
            5,
            DayType.WORKING,
            "thông báo thụ lý tố cáo cho người tố cáo (Luật Tố cáo 2018, Điều 29)",
        ),
        DeadlineRule(
            "denunciation_resolution",
            30,
            DayType.CALENDAR,
            "giải quyết tố cáo kể từ ngày thụ lý (Luật Tố cáo, Điều 30)",
            True,
        ),
        DeadlineRule(
            "denunciation_extension",
            30,
            DayType.CALENDAR,
            "gia hạn giải quyết tố cáo, tối đa 2 lần (Luật Tố cáo, Điều 30)",
            True,
        ),
    )
}

#: Filing limits and the election's own periods (domain/filing.py, domain/civic.py use them).
DEFAULT_RULES.update(
    {
        rule.code: rule
        for rule in (
            DeadlineRule(
                "complaint_filing",
                90,
                DayType.CALENDAR,
                "thời hiệu khiếu nại kể từ ngày biết quyết định, hành vi hành chính (Luật Khiếu nại 2011, Điều 9)",
            ),
            DeadlineRule(
                "complaint_second_filing",
                30,
                DayType.CALENDAR,
                "thời hạn khiếu nại lần hai kể từ ngày nhận quyết định lần đầu (Luật Khiếu nại 2011, Điều 33)",
            ),
            DeadlineRule(
                "complaint_second_filing_remote",
                45,
                DayType.CALENDAR,
                "thời hạn khiếu nại lần hai, vùng sâu vùng xa (Luật Khiếu nại 2011, Điều 33)",
            ),
            DeadlineRule(
                "voter_list_filing",
                30,
                DayType.CALENDAR,
                "khiếu nại về danh sách cử tri kể từ ngày niêm yết (Luật Bầu cử ĐBQH và HĐND 2015, Điều 33)",
            ),
            DeadlineRule(
                "voter_list_resolution",
                5,
                DayType.CALENDAR,
                "giải quyết khiếu nại về danh sách cử tri kể từ ngày nhận (Luật Bầu cử ĐBQH và HĐND 2015, Điều 33)",
            ),
        )
    }
)

#: Denunciation resolution may be extended once (complex) or twice (especially complex): Luật Tố cáo Art 30.
MAX_DENUNCIATION_EXTENSIONS = 2


@dataclass(frozen=True)
class Deadline:
    name: str
    date: dt.date
    rule: str
    rule_code: str
    day_type: DayType
    #: The same period counted the other way, when the law leaves the day type open and the dates differ.
    other_day_type_date: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date.isoformat(),
            "rule": self.rule,
            "rule_code": self.rule_code,
            "day_type": self.day_type.value,
        }
        if self.other_day_type_date is not None:
            out["other_day_type_date"] = self.other_day_type_date.isoformat()
        return out

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> Deadline:
        other = data.get("other_day_type_date")
        return cls(
            name=name,
            date=date.fromisoformat(data["date"]),
            rule=data["rule"],
            rule_code=data["rule_code"],
            day_type=DayType(data["day_type"]),
            other_day_type_date=date.fromisoformat(other) if other else None,
        )


@dataclass(frozen=True)
class DeadlinePolicy:
    """The rules in force: the defaults, with per-rule overrides of length and day type from configuration."""

    rules: Mapping[str, DeadlineRule]
    remote_area: bool = False

    @classmethod
    def default(cls) -> DeadlinePolicy:
        return cls(rules=dict(DEFAULT_RULES))

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]], remote_area: bool = False) -> DeadlinePolicy:
        """`{"petition_processing": {"days": 10, "day_type": "working"}}`; ValueError naming an unknown rule."""
        rules = dict(self.rules)
        for code, change in overrides.items():
            if code not in rules:
                raise ValueError(f"unknown deadline rule {code!r}; known: {', '.join(sorted(rules))}")
            unknown = set(change) - {"days", "day_type"}
            if unknown:
                raise ValueError(f"deadline rule {code!r}: only days and day_type may change, not {sorted(unknown)}")
            days = int(change.get("days", rules[code].days))
            if days < 1:
                raise ValueError(f"deadline rule {code!r}: days must be at least 1")
            rules[code] = replace(
                rules[code], days=days, day_type=DayType(change.get("day_type", rules[code].day_type))
            )
        return DeadlinePolicy(rules=rules, remote_area=remote_area)

    def deadline(self, name: str, rule_code: str, start: date, calendar: WorkingCalendar) -> Deadline:
        rule = self.rules[rule_code]
        due = calendar.add_days(start, rule.days, rule.day_type)
        return Deadline(name, due, rule.text, rule.code, rule.day_type, self._other_date(rule, start, due, calendar))

    def extended(self, deadline: Deadline, rule_code: str, calendar: WorkingCalendar) -> Deadline:
        """The deadline pushed on from its current date by the extension rule."""
        rule = self.rules[rule_code]
        due = calendar.add_days(deadline.date, rule.days, rule.day_type)
        return Deadline(
            deadline.name,
            due,
            f"{deadline.rule}; {rule.text}",
            deadline.rule_code,
            deadline.day_type,
            None,
        )

    def shifted(self, deadline: Deadline, paused_from: date, paused_to: date, calendar: WorkingCalendar) -> Deadline:
        """Time under suspension does not count (Luật Khiếu nại Art 28; Luật Tố cáo Art 31): move the date on."""
        if deadline.day_type is DayType.WORKING:
            due = calendar.add_working_days(deadline.date, calendar.working_days_between(paused_from, paused_to))
        else:
            due = calendar.add_calendar_days(deadline.date, (paused_to - paused_from).days)
        return replace(deadline, date=due, other_day_type_date=None)

    @staticmethod
    def _other_date(rule: DeadlineRule, start: date, due: date, calendar: WorkingCalendar) -> date | None:
        if not rule.contested:
            return None
        other_type = DayType.CALENDAR if rule.day_type is DayType.WORKING else DayType.WORKING
        other = calendar.add_days(start, rule.days, other_type)
        return other if other != due else None

    def complaint_resolution_rule(self, complex_case: bool, complaint_round: int) -> str:
        code = "complaint_resolution" if complaint_round == 1 else "complaint_resolution_second"
        if self.remote_area:
            code += "_remote"
        if complex_case:
            code += "_complex"
        return code
