"""Legal deadlines: each rule has its length, its day type (configurable per rule) and its legal basis.

Counting follows BLDS 2015 Art 147–148 through the kit's WorkingCalendar (the event day is not counted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from tiepdan.kit.calendar import DayType, WorkingCalendar


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    days: int
    day_type: DayType
    basis: str
    #: The law says "ngày" without saying which kind: show the date under the other day type too (docs/domain.md).
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
        # Art 30(1) extends the period ("gia hạn … không quá 30 ngày"): 30 + 30 days from acceptance, ending on
        # the next working day only if that last day is off (BLDS 2015 Art 147–148) — see DeadlinePolicy.deadline.
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

#: How many plainly counted deadlines a policy keeps (a few rules over the days registrations arrive on).
PLAIN_DEADLINES_KEPT = 1024

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
    #: What the date is computed from, so a later change recomputes it whole: the day counted from, the
    #: extension rules applied in order, and every suspension (its days do not count).
    counted_from: dt.date | None = None
    extended_by: tuple[str, ...] = ()
    suspensions: tuple[tuple[dt.date, dt.date], ...] = ()
    #: Set when the period runs into a year whose days off the calendar does not know yet.
    provisional_reason: str | None = None

    @property
    def provisional(self) -> bool:
        return self.provisional_reason is not None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date.isoformat(),
            "rule": self.rule,
            "rule_code": self.rule_code,
            "day_type": self.day_type.value,
            "provisional": self.provisional,
        }
        if self.other_day_type_date is not None:
            out["other_day_type_date"] = self.other_day_type_date.isoformat()
        if self.provisional_reason is not None:
            out["provisional_reason"] = self.provisional_reason
        if self.counted_from is not None:
            out["counted_from"] = self.counted_from.isoformat()
        if self.extended_by:
            out["extended_by"] = list(self.extended_by)
        if self.suspensions:
            out["suspensions"] = [{"from": a.isoformat(), "to": b.isoformat()} for a, b in self.suspensions]
        return out

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> Deadline:
        other = data.get("other_day_type_date")
        counted_from = data.get("counted_from")
        return cls(
            name=name,
            date=date.fromisoformat(data["date"]),
            rule=data["rule"],
            rule_code=data["rule_code"],
            day_type=DayType(data["day_type"]),
            other_day_type_date=date.fromisoformat(other) if other else None,
            counted_from=date.fromisoformat(counted_from) if counted_from else None,
            extended_by=tuple(data.get("extended_by", ())),
            suspensions=tuple(
                (date.fromisoformat(s["from"]), date.fromisoformat(s["to"])) for s in data.get("suspensions", ())
            ),
            provisional_reason=data.get("provisional_reason"),
        )


#: Why an extension runs on from the period's own last day, not from the working day it was moved to.
EXTENSION_BASIS = (
    "gia hạn tính tiếp từ ngày cuối cùng của thời hạn ban đầu, không từ ngày làm việc được lùi tới "
    "(Bộ luật Dân sự 2015, Điều 147–148)"
)


@dataclass(frozen=True)
class DeadlinePolicy:
    """The rules in force: the defaults, with per-rule overrides of length and day type from configuration."""

    rules: Mapping[str, DeadlineRule]
    remote_area: bool = False
    #: Deadlines counted plainly from a day (no extension, no suspension), with the calendar they were counted on:
    #: every registration asks for the same few, and a calendar never changes (a changed one is a new object).
    _plain: dict[tuple[str, str, date, int], tuple[WorkingCalendar, Deadline]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

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

    def deadline(
        self,
        name: str,
        rule_code: str,
        start: date,
        calendar: WorkingCalendar,
        extended_by: tuple[str, ...] = (),
        suspensions: tuple[tuple[date, date], ...] = (),
    ) -> Deadline:
        """The period of `rule_code` from `start`, then each extension, then each suspension's days.

        An extension lengthens the period (Luật Tố cáo 2018 Art 30(1): "gia hạn … không quá 30 ngày"), so it runs
        on from the period's own last day; only the end of the whole period moves off a day off (BLDS Art 148(5)).
        """
        if not (extended_by or suspensions):
            key = (name, rule_code, start, id(calendar))
            known = self._plain.get(key)
            if known is not None and known[0] is calendar:
                return known[1]
            if len(self._plain) >= PLAIN_DEADLINES_KEPT:
                self._plain.clear()
            deadline = self._counted(name, rule_code, start, calendar, (), ())
            self._plain[key] = (calendar, deadline)
            return deadline
        return self._counted(name, rule_code, start, calendar, extended_by, suspensions)

    def _counted(
        self,
        name: str,
        rule_code: str,
        start: date,
        calendar: WorkingCalendar,
        extended_by: tuple[str, ...],
        suspensions: tuple[tuple[date, date], ...],
    ) -> Deadline:
        rule = self.rules[rule_code]
        end = _period_end(calendar, start, rule)
        texts = [rule.text]
        for code in extended_by:
            extension = self.rules[code]
            end = _period_end(calendar, end, extension)
            texts.append(extension.text)
        for paused_from, paused_to in suspensions:
            end = _after_suspension(calendar, end, paused_from, paused_to, rule.day_type)
        due = calendar.next_working_day(end)
        if extended_by:
            texts.append(EXTENSION_BASIS)
        other = self._other_date(rule, start, due, calendar) if not (extended_by or suspensions) else None
        return Deadline(
            name,
            due,
            "; ".join(texts),
            rule.code,
            rule.day_type,
            other,
            counted_from=start,
            extended_by=tuple(extended_by),
            suspensions=tuple(suspensions),
            provisional_reason=calendar.provisional_reason(start, due),
        )

    def extended(self, deadline: Deadline, rule_code: str, start: date, calendar: WorkingCalendar) -> Deadline:
        """The deadline with one more extension by `rule_code`, its suspensions kept."""
        return self.recomputed(deadline, start, calendar, extended_by=(*deadline.extended_by, rule_code))

    def resumed(
        self, deadline: Deadline, paused_from: date, paused_to: date, start: date, calendar: WorkingCalendar
    ) -> Deadline:
        """Time under suspension does not count (Luật Khiếu nại 2011 Art 28; Luật Tố cáo 2018 Art 31)."""
        return self.recomputed(deadline, start, calendar, suspensions=(*deadline.suspensions, (paused_from, paused_to)))

    def recomputed(
        self,
        deadline: Deadline,
        start: date,
        calendar: WorkingCalendar,
        rule_code: str | None = None,
        extended_by: tuple[str, ...] | None = None,
        suspensions: tuple[tuple[date, date], ...] | None = None,
    ) -> Deadline:
        """The deadline computed again from what it is made of, with the parts given changed."""
        return self.deadline(
            deadline.name,
            rule_code or deadline.rule_code,
            deadline.counted_from or start,
            calendar,
            deadline.extended_by if extended_by is None else extended_by,
            deadline.suspensions if suspensions is None else suspensions,
        )

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


def _period_end(calendar: WorkingCalendar, start: date, rule: DeadlineRule) -> date:
    """The period's own last day (BLDS Art 147: the start day is not counted), before any move off a day off."""
    if rule.day_type is DayType.WORKING:
        return calendar.add_working_days(start, rule.days)
    return start + dt.timedelta(days=rule.days)


def _after_suspension(
    calendar: WorkingCalendar, end: date, paused_from: date, paused_to: date, day_type: DayType
) -> date:
    if day_type is DayType.WORKING:
        return calendar.add_working_days(end, calendar.working_days_between(paused_from, paused_to))
    return end + (paused_to - paused_from)
