"""What a period asks for: people per skill in each slot, and the heads' reception sessions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from tiepdan.roster.domain.roster import Duty, RosterProblem
from tiepdan.roster.domain.rules import LeaderReceptionRule
from tiepdan.roster.domain.staff import Staff

SlotKey = tuple[date, str]


def coverage_needs(problem: RosterProblem) -> dict[SlotKey, dict[str, int]]:
    """(day, shift) → skill → minimum people, from the day's special-period level and whether it is a working day."""
    needs: dict[SlotKey, dict[str, int]] = {}
    for day in problem.days():
        level, kind = problem.calendar.level_on(day), problem.day_kind(day)
        for shift in problem.rules.shifts:
            slot_needs = problem.rules.needs_for(level, kind, shift.code)
            if slot_needs:
                needs[(day, shift.code)] = slot_needs
    return needs


@dataclass(frozen=True)
class ReceptionObligation:
    """At least `required` sessions of `rule` on distinct days among `days` (each session one morning).

    `exact_day` marks a session moved over a week without working days (Tết): it must be held that very day.
    """

    rule_index: int
    rule: LeaderReceptionRule
    days: tuple[date, ...]
    required: int
    label: str
    exact_day: date | None = None


def reception_obligations(problem: RosterProblem) -> list[ReceptionObligation]:
    obligations: list[ReceptionObligation] = []
    for index, rule in enumerate(problem.rules.leader_reception):
        if rule.per == "week":
            obligations.extend(_weekly(problem, index, rule))
        else:
            obligations.extend(_monthly(problem, index, rule))
    return obligations


def reception_candidates(problem: RosterProblem, rule: LeaderReceptionRule, day: date) -> list[Staff]:
    """Holders of the rule's skill available that day; only when none is, the delegates (Luật TCD Art 15: ủy quyền)."""
    holders = [s for s in problem.staff if s.has(rule.skill) and s.is_available(day)]
    if holders or not rule.delegate_skill:
        return holders
    return [s for s in problem.staff if s.has(rule.delegate_skill) and s.is_available(day)]


def sessions_held_before_start(problem: RosterProblem, rule: LeaderReceptionRule, since: date) -> int:
    """Sessions of this rule in the published history between `since` and the day before the period."""
    staff = problem.staff_by_id()
    days = set()
    for a in problem.history():
        person = staff.get(a.staff_id)
        if (
            since <= a.date
            and a.duty is Duty.LEADER_RECEPTION
            and a.shift == rule.shift
            and person is not None
            and (person.has(rule.skill) or person.has(rule.delegate_skill))
        ):
            days.add(a.date)
    return len(days)


def _weekly(problem: RosterProblem, index: int, rule: LeaderReceptionRule) -> list[ReceptionObligation]:
    """Each week with a working day needs `at_least` sessions; a week without one moves them to the next working day."""
    calendar = problem.calendar
    first_monday = problem.start - timedelta(days=problem.start.weekday())
    moved_into: dict[date, list[date]] = {}
    monday = first_monday - timedelta(weeks=4)
    while monday <= problem.end:
        week = [monday + timedelta(days=i) for i in range(7)]
        if not any(calendar.is_working_day(d) for d in week):
            target = calendar.next_working_day(week[-1] + timedelta(days=1))
            moved_into.setdefault(target, []).append(monday)
        monday += timedelta(weeks=1)

    obligations: list[ReceptionObligation] = []
    monday = first_monday
    while monday <= problem.end:
        week = [monday + timedelta(days=i) for i in range(7)]
        in_period = tuple(d for d in week if problem.start <= d <= problem.end and calendar.is_working_day(d))
        moved_here = sorted(t for t in moved_into if t in week and t <= problem.end)
        for target in moved_here:
            if problem.start <= target:
                skipped = ", ".join(f"{m:%d/%m}–{m + timedelta(days=6):%d/%m}" for m in moved_into[target])
                obligations.append(
                    ReceptionObligation(
                        index,
                        rule,
                        (target,),
                        1,
                        f"ngày {target:%d/%m/%Y} (chuyển từ tuần không có ngày làm việc {skipped})",
                        exact_day=target,
                    )
                )
        if in_period:
            moved_count = sum(rule.at_least * len(moved_into[t]) for t in moved_here)
            required = rule.at_least + moved_count - sessions_held_before_start(problem, rule, monday)
            if required > 0:
                label = f"tuần {monday:%d/%m}–{week[-1]:%d/%m/%Y}"
                obligations.append(ReceptionObligation(index, rule, in_period, required, label))
        monday += timedelta(weeks=1)
    return obligations


def _monthly(problem: RosterProblem, index: int, rule: LeaderReceptionRule) -> list[ReceptionObligation]:
    """A month partly inside the period asks for its share of sessions, rounded up (a full month: `at_least`)."""
    obligations: list[ReceptionObligation] = []
    month_start = problem.start.replace(day=1)
    while month_start <= problem.end:
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        month_days = [month_start + timedelta(days=i) for i in range((next_month - month_start).days)]
        working = [d for d in month_days if problem.calendar.is_working_day(d)]
        in_period = tuple(d for d in working if problem.start <= d <= problem.end)
        if in_period:
            share = min(rule.at_least, math.ceil(rule.at_least * len(in_period) / len(working)))
            required = share - sessions_held_before_start(problem, rule, month_start)
            if required > 0:
                obligations.append(ReceptionObligation(index, rule, in_period, required, f"tháng {month_start:%m/%Y}"))
        month_start = next_month
    return obligations
