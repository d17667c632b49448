"""Coverage rules in the format of `coverage-rules.json`: shifts, minimum coverage, leader reception, personal rules."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

from tiepdan.kit.calendar import LEVELS, WEEKDAY_CODES
from tiepdan.roster.domain.errors import ErrorCollector

DAY_KINDS = ("working", "off", "any")
PERIODS = ("week", "month")
OFF_DAY_SHIFTS = "off_day_shifts"
#: The need a `working_group_on_duty` rule adds to its slots: a member of the working group in force that day
#: (not a skill, so no need may name it).
WORKING_GROUP = "working_group"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Shift:
    """A duty shift in local time; one whose end is not after its start runs past midnight (night 21:00–07:30)."""

    code: str
    start: time
    end: time
    on_call: bool = False

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def starts_at(self, day: date) -> datetime:
        return datetime.combine(day, self.start)

    def ends_at(self, day: date) -> datetime:
        end_day = day + timedelta(days=1) if self.crosses_midnight else day
        return datetime.combine(end_day, self.end)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "start": _hhmm(self.start), "end": _hhmm(self.end)}
        if self.on_call:
            data["on_call"] = True
        return data


@dataclass(frozen=True)
class SkillNeed:
    skill: str
    minimum: int


@dataclass(frozen=True)
class CoverageRule:
    """At `level`, on days of `days` kind, each of `shifts` needs at least `minimum` people holding each skill, and
    with `working_group_on_duty` at least one member of the working group (Tổ công tác tiếp công dân) in force."""

    level: str
    days: str
    shifts: tuple[str, ...]
    needs: tuple[SkillNeed, ...]
    working_group_on_duty: bool = False

    def applies_to(self, level: str, day_kind: str) -> bool:
        return self.level == level and self.days in ("any", day_kind)


@dataclass(frozen=True)
class LeaderReceptionRule:
    """Periodic reception by a head: Luật TCD 42/2013 Art 15 (Chủ tịch ≥1 day/week), KL 215-KL/TW (Bí thư ≥2/month)."""

    skill: str
    at_least: int
    per: str
    shift: str
    preferred_weekday: int | None = None
    delegate_skill: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"skill": self.skill, "at_least": self.at_least, "per": self.per, "shift": self.shift}
        if self.preferred_weekday is not None:
            data["preferred_weekday"] = WEEKDAY_CODES[self.preferred_weekday]
        if self.delegate_skill:
            data["delegate_skill"] = self.delegate_skill
        return data


@dataclass(frozen=True)
class PersonalRules:
    max_shifts_per_day: int = 1
    min_rest_hours: float = 11
    max_consecutive_days: int = 6
    fair_share: tuple[str, ...] = (OFF_DAY_SHIFTS, "evening", "night")

    def to_dict(self) -> dict[str, Any]:
        return {
            "max_shifts_per_day": self.max_shifts_per_day,
            "min_rest_hours": self.min_rest_hours,
            "max_consecutive_days": self.max_consecutive_days,
            "fair_share": list(self.fair_share),
        }


@dataclass(frozen=True)
class CoverageRules:
    shifts: tuple[Shift, ...]
    coverage: tuple[CoverageRule, ...]
    leader_reception: tuple[LeaderReceptionRule, ...]
    personal: PersonalRules
    basis: str = ""

    @classmethod
    def from_dict(cls, data: Any) -> CoverageRules:
        """Parse and validate; raises InvalidDocument listing every offending field."""
        errors = ErrorCollector()
        if not isinstance(data, dict):
            errors.add("", "Phải là một đối tượng JSON.")
            errors.raise_if_any()
        shifts, codes = _parse_shifts(data.get("shifts"), errors)
        coverage = _parse_coverage(data.get("coverage", []), codes, errors)
        leader = _parse_leader_reception(data.get("leader_reception", []), codes, errors)
        personal = _parse_personal(data.get("personal", {}), codes, errors)
        basis = data.get("basis", "")
        if not isinstance(basis, str):
            errors.add("basis", "Phải là chuỗi ký tự.")
        errors.raise_if_any()
        return cls(tuple(shifts), tuple(coverage), tuple(leader), personal, basis if isinstance(basis, str) else "")

    @classmethod
    def default(cls) -> CoverageRules:
        """The built-in rules (copy of the shared `coverage-rules.json`)."""
        return cls.from_dict(default_rules_data())

    def to_dict(self) -> dict[str, Any]:
        return {
            "shifts": [s.to_dict() for s in self.shifts],
            "coverage": [_rule_dict(r) for r in self.coverage],
            "leader_reception": [r.to_dict() for r in self.leader_reception],
            "personal": self.personal.to_dict(),
            "basis": self.basis,
        }

    def shift(self, code: str) -> Shift:
        for s in self.shifts:
            if s.code == code:
                return s
        raise KeyError(code)

    def needs_for(self, level: str, day_kind: str, shift_code: str) -> dict[str, int]:
        """Minimum people per skill; when several rules match the same slot the largest minimum wins. A rule with
        `working_group_on_duty` adds one of `WORKING_GROUP`."""
        needs: dict[str, int] = {}
        for rule in self.coverage:
            if shift_code in rule.shifts and rule.applies_to(level, day_kind):
                for need in rule.needs:
                    needs[need.skill] = max(needs.get(need.skill, 0), need.minimum)
                if rule.working_group_on_duty:
                    needs[WORKING_GROUP] = 1
        return {skill: n for skill, n in needs.items() if n > 0}

    def covered_skills(self) -> list[str]:
        """Skills some coverage rule asks for, in first-mention order: the fairness groups."""
        seen: dict[str, None] = {}
        for rule in self.coverage:
            for need in rule.needs:
                if need.minimum > 0:
                    seen.setdefault(need.skill, None)
        return list(seen)


def _rule_dict(rule: CoverageRule) -> dict[str, Any]:
    data: dict[str, Any] = {
        "level": rule.level,
        "days": rule.days,
        "shifts": list(rule.shifts),
        "need": [{"skill": n.skill, "min": n.minimum} for n in rule.needs],
    }
    if rule.working_group_on_duty:
        data["working_group_on_duty"] = True
    return data


def default_rules_data() -> dict[str, Any]:
    text = resources.files("tiepdan.roster").joinpath("data/coverage-rules.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _parse_time(value: Any, path: str, errors: ErrorCollector) -> time | None:
    if not isinstance(value, str) or not _HHMM.match(value):
        errors.add(path, "Giờ phải có dạng HH:MM (00:00–23:59).")
        return None
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _is_count(value: Any, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _parse_shifts(items: Any, errors: ErrorCollector) -> tuple[list[Shift], set[str]]:
    """The valid shifts, and every declared code (so a bad time is not reported again wherever the code is used)."""
    if not isinstance(items, list) or not items:
        errors.add("shifts", "Cần ít nhất một ca trực.")
        return [], set()
    shifts: list[Shift] = []
    codes: set[str] = set()
    for i, item in enumerate(items):
        path = f"shifts.{i}"
        if not isinstance(item, dict):
            errors.add(path, "Phải là một đối tượng.")
            continue
        code = item.get("code")
        if not isinstance(code, str) or not code.strip():
            errors.add(f"{path}.code", "Mã ca không được để trống.")
            continue
        if code in codes:
            errors.add(f"{path}.code", f"Mã ca '{code}' bị trùng.")
            continue
        codes.add(code)
        start = _parse_time(item.get("start"), f"{path}.start", errors)
        end = _parse_time(item.get("end"), f"{path}.end", errors)
        on_call = item.get("on_call", False)
        if not isinstance(on_call, bool):
            errors.add(f"{path}.on_call", "Phải là true hoặc false.")
            on_call = False
        if start is not None and end is not None:
            shifts.append(Shift(code, start, end, on_call))
    return shifts, codes


def _parse_coverage(items: Any, codes: set[str], errors: ErrorCollector) -> list[CoverageRule]:
    if not isinstance(items, list):
        errors.add("coverage", "Phải là một danh sách.")
        return []
    rules: list[CoverageRule] = []
    for i, item in enumerate(items):
        path = f"coverage.{i}"
        if not isinstance(item, dict):
            errors.add(path, "Phải là một đối tượng.")
            continue
        level, days, shifts = item.get("level"), item.get("days"), item.get("shifts")
        ok = True
        if level not in LEVELS:
            errors.add(f"{path}.level", f"Mức phải là một trong {', '.join(LEVELS)}.")
            ok = False
        if days not in DAY_KINDS:
            errors.add(f"{path}.days", f"Loại ngày phải là một trong {', '.join(DAY_KINDS)}.")
            ok = False
        if not isinstance(shifts, list) or not shifts or not all(isinstance(s, str) and s in codes for s in shifts):
            errors.add(f"{path}.shifts", f"Phải là danh sách mã ca đã khai báo ({', '.join(sorted(codes))}).")
            ok = False
        working_group = item.get("working_group_on_duty", False)
        if not isinstance(working_group, bool):
            errors.add(f"{path}.working_group_on_duty", "Phải là true hoặc false.")
            ok = False
        needs = _parse_needs(item.get("need", []), f"{path}.need", errors, optional=working_group is True)
        if ok and needs is not None:
            rules.append(CoverageRule(str(level), str(days), tuple(shifts or []), tuple(needs), working_group))
    return rules


def _parse_needs(items: Any, path: str, errors: ErrorCollector, *, optional: bool) -> list[SkillNeed] | None:
    """A rule needs at least one skill, unless it asks only for a working-group member."""
    if not isinstance(items, list) or not (items or optional):
        errors.add(path, "Cần ít nhất một yêu cầu kỹ năng.")
        return None
    needs: list[SkillNeed] = []
    for j, need in enumerate(items):
        skill = need.get("skill") if isinstance(need, dict) else None
        minimum = need.get("min") if isinstance(need, dict) else None
        if not isinstance(skill, str) or not skill.strip():
            errors.add(f"{path}.{j}.skill", "Kỹ năng không được để trống.")
            return None
        if skill == WORKING_GROUP:
            errors.add(f"{path}.{j}.skill", f"'{WORKING_GROUP}' không phải kỹ năng: dùng working_group_on_duty.")
            return None
        if not _is_count(minimum, 0):
            errors.add(f"{path}.{j}.min", "Số người tối thiểu phải là số nguyên ≥ 0.")
            return None
        needs.append(SkillNeed(skill, int(minimum or 0)))
    return needs


def _parse_leader_reception(items: Any, codes: set[str], errors: ErrorCollector) -> list[LeaderReceptionRule]:
    if not isinstance(items, list):
        errors.add("leader_reception", "Phải là một danh sách.")
        return []
    rules: list[LeaderReceptionRule] = []
    for i, item in enumerate(items):
        path = f"leader_reception.{i}"
        if not isinstance(item, dict):
            errors.add(path, "Phải là một đối tượng.")
            continue
        rule = _parse_one_leader_reception(item, path, codes, errors)
        if rule is not None:
            rules.append(rule)
    return rules


def _parse_one_leader_reception(
    item: dict[str, Any], path: str, codes: set[str], errors: ErrorCollector
) -> LeaderReceptionRule | None:
    before = len(errors.errors)
    skill, at_least, per, shift = item.get("skill"), item.get("at_least"), item.get("per"), item.get("shift")
    weekday, delegate = item.get("preferred_weekday"), item.get("delegate_skill")
    if not isinstance(skill, str) or not skill.strip():
        errors.add(f"{path}.skill", "Kỹ năng của người tiếp không được để trống.")
    if not _is_count(at_least, 1):
        errors.add(f"{path}.at_least", "Số buổi tối thiểu phải là số nguyên ≥ 1.")
    if per not in PERIODS:
        errors.add(f"{path}.per", "Chu kỳ phải là 'week' hoặc 'month'.")
    if shift not in codes:
        errors.add(f"{path}.shift", f"Ca '{shift}' chưa được khai báo trong shifts.")
    if weekday is not None and weekday not in WEEKDAY_CODES:
        errors.add(f"{path}.preferred_weekday", f"Thứ phải là một trong {', '.join(WEEKDAY_CODES)}.")
    if delegate is not None and (not isinstance(delegate, str) or not delegate.strip()):
        errors.add(f"{path}.delegate_skill", "Kỹ năng người được ủy quyền phải là chuỗi không rỗng.")
    if len(errors.errors) != before:
        return None
    return LeaderReceptionRule(
        skill=str(skill),
        at_least=int(at_least or 0),
        per=str(per),
        shift=str(shift),
        preferred_weekday=WEEKDAY_CODES.index(weekday) if weekday is not None else None,
        delegate_skill=delegate,
    )


def _parse_personal(item: Any, codes: set[str], errors: ErrorCollector) -> PersonalRules:
    defaults = PersonalRules()
    if not isinstance(item, dict):
        errors.add("personal", "Phải là một đối tượng.")
        return defaults
    max_per_day = item.get("max_shifts_per_day", defaults.max_shifts_per_day)
    rest = item.get("min_rest_hours", defaults.min_rest_hours)
    consecutive = item.get("max_consecutive_days", defaults.max_consecutive_days)
    fair = item.get("fair_share", list(defaults.fair_share))
    if not _is_count(max_per_day, 1):
        errors.add("personal.max_shifts_per_day", "Phải là số nguyên ≥ 1.")
    if isinstance(rest, bool) or not isinstance(rest, int | float) or not 0 <= rest <= 48:
        errors.add("personal.min_rest_hours", "Phải là số giờ từ 0 đến 48.")
    if not _is_count(consecutive, 1):
        errors.add("personal.max_consecutive_days", "Phải là số nguyên ≥ 1.")
    allowed = {OFF_DAY_SHIFTS, *codes}
    if not isinstance(fair, list) or not all(isinstance(f, str) and f in allowed for f in fair):
        errors.add("personal.fair_share", f"Mỗi mục phải là '{OFF_DAY_SHIFTS}' hoặc một mã ca đã khai báo.")
        fair = []
    numeric = {"personal.max_shifts_per_day", "personal.min_rest_hours", "personal.max_consecutive_days"}
    if errors.errors.keys() & numeric:
        return defaults
    return PersonalRules(max_per_day, rest, consecutive, tuple(dict.fromkeys(fair)))
