"""The leader's day on the home page: today's receptions and groups (intake), open critical alerts (alerts), cases
due within 2 working days and overdue (intake, on roster's calendar), who is on duty now and the next leader
reception day (roster), yesterday's figures (reports). Each part says so when its service does not answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tiepdan.kit.calendar import WorkingCalendar

from ..adapters.services import ServiceUnavailable
from .case_reading import ApiProblem, RunningDeadline, call, due_counts, due_page, ward_today, working_calendar
from .together import at_once

#: "Due soon" on the leader's home: within this many working days (issue 17).
DUE_SOON_WORKING_DAYS = 2
LIST_LIMIT = 500
#: Cases named under "overdue" and "due soon"; the counts give the rest, the deadline board lists them.
HOME_CASES = 10


@dataclass(frozen=True)
class Part:
    """One part of the page: its data, or why it is missing (`unavailable`: the service did not answer)."""

    data: Any = None
    unavailable: bool = False
    problem: str | None = None


def _part(read: Callable[[], Any]) -> Part:
    try:
        return Part(read())
    except ServiceUnavailable:
        return Part(unavailable=True)
    except ApiProblem as exc:
        return Part(problem=exc.detail)


@dataclass
class LeaderDay:
    today: date
    receptions: Part
    alerts: Part
    deadlines: Part
    on_duty: Part
    next_leader_reception: Part
    yesterday: Part
    groups: list[dict[str, Any]] = field(default_factory=list)


def _receptions(today: date) -> dict[str, Any]:
    page = call(
        "intake",
        "GET",
        "/api/v1/visits",
        params={"from": today.isoformat(), "to": today.isoformat(), "limit": LIST_LIMIT},
    )
    visits = page.get("items") or []
    return {
        "visits": len(visits),
        "persons": sum(int(v.get("headcount") or 0) for v in visits),
        "groups": [v for v in visits if v.get("is_group")],
        "more": bool(page.get("next_cursor")),
    }


def _critical_alerts() -> list[dict[str, Any]]:
    page = call("alerts", "GET", "/api/v1/alerts", params={"status": "open", "severity": "critical", "limit": 50})
    return list(page.get("items") or [])


def soon_until(today: date, calendar: WorkingCalendar | None) -> date:
    """The last day with at most DUE_SOON_WORKING_DAYS working days left (calendar days without a calendar)."""
    if calendar is None:
        return today + timedelta(days=DUE_SOON_WORKING_DAYS)
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS + 1) - timedelta(days=1)


@dataclass(frozen=True)
class DueCases:
    """The first cases overdue and due soon (by their earliest running deadline), and how many there are."""

    overdue: list[RunningDeadline]
    soon: list[RunningDeadline]
    overdue_total: int
    soon_total: int


def _deadlines(today: date) -> DueCases:
    calendar = working_calendar()
    last = soon_until(today, calendar)
    counted, overdue, soon = at_once(
        lambda: due_counts(last, ("due",)),
        lambda: due_page(today, calendar, None, today - timedelta(days=1), HOME_CASES),
        lambda: due_page(today, calendar, today, last, HOME_CASES),
    )
    overdue_total = sum(int(g.get("count") or 0) for g in counted.get("groups") or [] if g.get("due") == "overdue")
    return DueCases(overdue.items, soon.items, overdue_total, int(counted.get("total") or 0) - overdue_total)


def _on_duty() -> list[dict[str, Any]]:
    return list(call("roster", "GET", "/api/v1/duty").get("items") or [])


def _next_leader_reception(today: date) -> dict[str, Any] | None:
    """The first leader reception on or after today in the published rosters: those not ended are read soonest
    first, until the next one starts after the day found (none later can hold an earlier day)."""
    page = call("roster", "GET", "/api/v1/rosters", params={"status": "published", "limit": 50})
    current = sorted(
        (s for s in page.get("items") or [] if str(s.get("end") or "") >= today.isoformat()),
        key=lambda s: str(s.get("start") or ""),
    )
    found: dict[str, Any] | None = None
    for summary in current:
        if found is not None and found["date"] < str(summary.get("start") or ""):
            break
        roster = call("roster", "GET", f"/api/v1/rosters/{summary['id']}")
        for assignment in roster.get("assignments") or []:
            day = str(assignment.get("date") or "")
            upcoming = assignment.get("duty") == "leader_reception" and day >= today.isoformat()
            if upcoming and (found is None or day < found["date"]):
                found = assignment
    return found


def _yesterday(today: date) -> dict[str, Any]:
    day = (today - timedelta(days=1)).isoformat()
    figures = call("reports", "GET", "/api/v1/figures", params={"from": day, "to": day, "by": "day"})
    return dict(figures.get("total") or {})


def leader_day() -> LeaderDay:
    today = ward_today()
    receptions, alerts, deadlines, on_duty, next_leader_reception, yesterday = at_once(
        lambda: _part(lambda: _receptions(today)),
        lambda: _part(_critical_alerts),
        lambda: _part(lambda: _deadlines(today)),
        lambda: _part(_on_duty),
        lambda: _part(lambda: _next_leader_reception(today)),
        lambda: _part(lambda: _yesterday(today)),
    )
    return LeaderDay(
        today=today,
        receptions=receptions,
        alerts=alerts,
        deadlines=deadlines,
        on_duty=on_duty,
        next_leader_reception=next_leader_reception,
        yesterday=yesterday,
        groups=(receptions.data or {}).get("groups", []),
    )
