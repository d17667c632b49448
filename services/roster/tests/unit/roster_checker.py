"""An independent checker of every hard roster rule, written from the documents alone (not from the solver's code).

It reads the raw JSON shapes (staff, coverage rules) and the kit calendar, and returns one message per broken rule.
Coverage shortfalls are allowed only when the roster reports exactly those slots in its violations.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tiepdan.kit.calendar import WorkingCalendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Row:
    day: date
    shift: str
    staff_id: str
    duty: str


def rows_of(assignments: list[Any]) -> list[Row]:
    """Accepts domain assignments or their JSON form."""
    rows = []
    for a in assignments:
        if isinstance(a, dict):
            rows.append(Row(date.fromisoformat(a["date"]), a["shift"], a["staff_id"], a["duty"]))
        else:
            rows.append(Row(a.date, a.shift, a.staff_id, str(a.duty)))
    return rows


def check_roster(
    *,
    staff: list[dict[str, Any]],
    rules: dict[str, Any],
    calendar: WorkingCalendar,
    start: date,
    end: date,
    assignments: list[Any],
    reported_gaps: list[dict[str, Any]] | None = None,
    history: Sequence[Any] = (),
) -> list[str]:
    problems: list[str] = []
    people = {p["id"]: p for p in staff}
    shifts = {s["code"]: s for s in rules["shifts"]}
    rows = rows_of(assignments)
    past = rows_of(list(history))

    def available(person: dict[str, Any], day: date) -> bool:
        if day.isoformat() in person.get("unavailable", []):
            return False
        return not any(v["from"] <= day.isoformat() <= v["to"] for v in person.get("leave", []))

    def interval(row: Row) -> tuple[datetime, datetime]:
        shift = shifts[row.shift]
        start_at = datetime.combine(row.day, datetime.strptime(shift["start"], "%H:%M").time())
        end_at = datetime.combine(row.day, datetime.strptime(shift["end"], "%H:%M").time())
        if end_at <= start_at:
            end_at += timedelta(days=1)
        return start_at, end_at

    # Every row is well formed and the person is available.
    seen = set()
    for row in rows:
        if (row.day, row.shift, row.staff_id) in seen:
            problems.append(f"duplicate assignment {row}")
        seen.add((row.day, row.shift, row.staff_id))
        if row.staff_id not in people:
            problems.append(f"unknown staff {row.staff_id}")
            continue
        if row.shift not in shifts:
            problems.append(f"unknown shift {row.shift}")
            continue
        if not start <= row.day <= end:
            problems.append(f"{row} outside the period")
        if not available(people[row.staff_id], row.day):
            problems.append(f"{row.staff_id} is unavailable on {row.day} but assigned {row.shift}")
        expected_default = "on_call" if shifts[row.shift].get("on_call") else "reception"
        if row.duty not in (expected_default, "leader_reception"):
            problems.append(f"{row} has duty {row.duty}, expected {expected_default}")

    valid = [r for r in rows if r.staff_id in people and r.shift in shifts]
    everything = valid + [r for r in past if r.shift in shifts]
    personal = rules["personal"]

    # Max shifts a day.
    per_day: dict[tuple[str, date], int] = defaultdict(int)
    for row in valid:
        per_day[(row.staff_id, row.day)] += 1
    for (person, day), count in per_day.items():
        if count > personal["max_shifts_per_day"]:
            problems.append(f"{person} has {count} shifts on {day}")

    # Minimum rest between consecutive shifts of a person (history included).
    by_person: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for row in everything:
        by_person[row.staff_id].append(interval(row))
    rest = timedelta(hours=personal["min_rest_hours"])
    for person, spans in by_person.items():
        spans.sort()
        for (_, end_a), (start_b, _) in itertools.pairwise(spans):
            if start_b < end_a + rest:
                problems.append(f"{person} rests only {start_b - end_a} between shifts ending {end_a} and {start_b}")

    # Consecutive working days (history included).
    worked: dict[str, set[date]] = defaultdict(set)
    for row in everything:
        worked[row.staff_id].add(row.day)
    for person, days in worked.items():
        run, previous = 0, None
        for day in sorted(days):
            run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
            previous = day
            if run > personal["max_consecutive_days"]:
                problems.append(f"{person} works {run} days in a row up to {day}")

    # Coverage: every shortfall must be reported, and nothing else.
    on_shift: dict[tuple[date, str], list[dict[str, Any]]] = defaultdict(list)
    for row in valid:
        on_shift[(row.day, row.shift)].append(people[row.staff_id])
    expected_gaps = set()
    day = start
    while day <= end:
        level = calendar.level_on(day)
        kind = "working" if calendar.is_working_day(day) else "off"
        for code in shifts:
            needs: dict[str, int] = {}
            for rule in rules["coverage"]:
                if rule["level"] == level and rule["days"] in ("any", kind) and code in rule["shifts"]:
                    for need in rule["need"]:
                        needs[need["skill"]] = max(needs.get(need["skill"], 0), need["min"])
            for skill, minimum in needs.items():
                have = sum(1 for p in on_shift[(day, code)] if skill in p["skills"])
                if have < minimum:
                    expected_gaps.add((day.isoformat(), code, skill, minimum - have))
        day += timedelta(days=1)
    reported = {(g["date"], g["shift"], g["skill"], g["missing"]) for g in reported_gaps or []}
    for gap in sorted(expected_gaps - reported):
        problems.append(f"coverage not met and not reported: {gap}")
    for gap in sorted(reported - expected_gaps):
        problems.append(f"reported gap that is not one: {gap}")

    problems.extend(_check_leader_reception(rules, calendar, people, start, end, valid, past, available))
    return problems


def _check_leader_reception(rules, calendar, people, start, end, rows, past, available) -> list[str]:
    problems: list[str] = []
    for rule in rules.get("leader_reception", []):
        holders = [p for p in people.values() if rule["skill"] in p["skills"]]
        delegate = rule.get("delegate_skill")
        sessions: dict[date, list[str]] = defaultdict(list)
        for row in rows + past:
            person = people.get(row.staff_id)
            if row.duty != "leader_reception" or row.shift != rule["shift"] or person is None:
                continue
            is_holder = rule["skill"] in person["skills"]
            if not is_holder and delegate not in person["skills"]:
                continue
            sessions[row.day].append(row.staff_id)
            if not calendar.is_working_day(row.day):
                problems.append(f"{rule['skill']} session on a day off {row.day}")
            if not is_holder and any(available(h, row.day) for h in holders):
                problems.append(f"{row.staff_id} receives for {rule['skill']} on {row.day} though a holder is free")
        for day, who in sessions.items():
            if len(who) > 1:
                problems.append(f"{len(who)} {rule['skill']} sessions on {day}")
        if rule["per"] == "week":
            problems.extend(_weekly_sessions(rule, calendar, start, end, sessions))
        else:
            problems.extend(_monthly_sessions(rule, calendar, start, end, sessions))
    return problems


def _weekly_sessions(rule, calendar, start, end, sessions) -> list[str]:
    problems = []
    monday = start - timedelta(days=start.weekday()) - timedelta(weeks=4)
    moved: dict[date, int] = defaultdict(int)
    while monday <= end:
        week = [monday + timedelta(days=i) for i in range(7)]
        if not any(calendar.is_working_day(d) for d in week):
            target = calendar.next_working_day(week[-1] + timedelta(days=1))
            moved[target] += rule["at_least"]
            if start <= target <= end and target not in sessions:
                problems.append(f"no {rule['skill']} session on {target}, the next working day after {monday}'s week")
        monday += timedelta(weeks=1)
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        week = [monday + timedelta(days=i) for i in range(7)]
        if any(start <= d <= end and calendar.is_working_day(d) for d in week):
            due = rule["at_least"] + sum(n for t, n in moved.items() if t in week and t <= end)
            held = sum(1 for d in week if d in sessions)
            if held < due:
                problems.append(f"week of {monday}: {held} {rule['skill']} sessions, {due} due")
        monday += timedelta(weeks=1)
    return problems


def _monthly_sessions(rule, calendar, start, end, sessions) -> list[str]:
    problems = []
    month = start.replace(day=1)
    while month <= end:
        following = (month + timedelta(days=32)).replace(day=1)
        working = [month + timedelta(days=i) for i in range((following - month).days)]
        working = [d for d in working if calendar.is_working_day(d)]
        inside = [d for d in working if start <= d <= end]
        if inside:
            due = min(rule["at_least"], math.ceil(rule["at_least"] * len(inside) / len(working)))
            held = sum(1 for d in sessions if month <= d < following)
            if held < due:
                problems.append(f"month {month:%Y-%m}: {held} {rule['skill']} sessions, {due} due")
        month = following
    return problems
