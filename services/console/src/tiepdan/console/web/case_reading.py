"""Reading cases and their deadlines through intake's API, and the unit's working calendar through roster's, for the
case pages, the deadline board and the leader's home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.replica import CopyCache

from ..adapters.services import ApiAnswer, ServiceUnavailable
from .case_terms import DEADLINE_LABELS
from .context import console, current_account, person_token

WARD_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class ApiProblem(Exception):
    """A 4xx answer the page shows: its detail and the messages per field."""

    def __init__(self, answer: ApiAnswer) -> None:
        body = answer.body if isinstance(answer.body, dict) else {}
        self.status = answer.status
        self.detail = str(body.get("detail") or body.get("title") or answer.status)
        errors = body.get("errors")
        self.errors: dict[str, list[str]] = errors if isinstance(errors, dict) else {}
        super().__init__(self.detail)


def ward_today() -> date:
    return datetime.now(WARD_TZ).date()


def call(
    service: str,
    method: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """The answer's body on success; ApiProblem on a 4xx; ServiceUnavailable when the service did not answer."""
    answer = console().services.call(service, method, path, person_token(), params=params, body=body, headers=headers)
    if answer.status >= 400:
        raise ApiProblem(answer)
    return answer.body


#: A unit's calendar changes a few times a year: each process keeps what roster answered this long, per scope and
#: roles of the person asking (the answer depends on both), so a change shows on the pages within it.
CALENDAR_KEPT_S = 60.0
CALENDARS_STATE = "console.calendars"


def working_calendar() -> WorkingCalendar | None:
    """The unit's calendar from roster; None when it cannot be read (days left are then counted in calendar days)."""
    account = current_account()
    claims = account.claims() if account is not None else {}
    key = (repr(claims.get("unit")), repr(claims.get("units")), *sorted(claims.get("roles") or ()))
    kept: CopyCache[WorkingCalendar] = console().runtime.state.setdefault(CALENDARS_STATE, CopyCache(CALENDAR_KEPT_S))
    try:
        return kept.get(key, lambda: WorkingCalendar.from_dict(call("roster", "GET", "/api/v1/calendar")))
    except (ServiceUnavailable, ApiProblem, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class DeadlineView:
    name: str
    label: str
    due: date
    basis: str
    rule_code: str
    working: bool
    provisional: bool
    provisional_reason: str
    running: bool
    #: Days left until `due` (negative when past): working days on the unit's calendar, else calendar days.
    days_left: int
    counted_in_working_days: bool

    @property
    def overdue(self) -> bool:
        return self.running and self.days_left < 0


def days_left(today: date, due: date, calendar: WorkingCalendar | None) -> int:
    if calendar is None:
        return (due - today).days
    if due >= today:
        return calendar.working_days_between(today, due)
    return -max(calendar.working_days_between(due, today), 1)


def deadlines_of(case: dict[str, Any], today: date, calendar: WorkingCalendar | None) -> list[DeadlineView]:
    running_names = set(case.get("running_deadlines") or ())
    views = []
    for name, deadline in (case.get("deadlines") or {}).items():
        try:
            due = date.fromisoformat(deadline["date"])
        except (KeyError, TypeError, ValueError):
            continue
        running = name in running_names
        views.append(
            DeadlineView(
                name=name,
                label=str(DEADLINE_LABELS.get(name, name)),
                due=due,
                basis=deadline.get("rule") or "",
                rule_code=deadline.get("rule_code") or "",
                working=deadline.get("day_type") == "working",
                provisional=bool(deadline.get("provisional")),
                provisional_reason=deadline.get("provisional_reason") or "",
                running=running,
                days_left=days_left(today, due, calendar),
                counted_in_working_days=calendar is not None,
            )
        )
    return sorted(views, key=lambda view: (not view.running, view.due))


@dataclass(frozen=True)
class RunningDeadline:
    """A case with its earliest running deadline, which places it on the board, and its other running ones."""

    case: dict[str, Any]
    deadline: DeadlineView
    others: tuple[DeadlineView, ...] = ()


@dataclass(frozen=True)
class DuePage:
    items: list[RunningDeadline]
    next_cursor: str | None


def due_page(
    today: date,
    calendar: WorkingCalendar | None,
    due_from: date | None,
    due_to: date,
    limit: int,
    cursor: str | None = None,
) -> DuePage:
    """One page of the cases whose earliest running deadline falls within the days asked, soonest first."""
    params: dict[str, Any] = {"due_to": due_to.isoformat(), "sort": "due", "limit": limit}
    if due_from is not None:
        params["due_from"] = due_from.isoformat()
    if cursor:
        params["cursor"] = cursor
    page = call("intake", "GET", "/api/v1/cases", params=params)
    items = []
    for case in page.get("items") or []:
        running = [d for d in deadlines_of(case, today, calendar) if d.running]
        if running:
            items.append(RunningDeadline(case, running[0], tuple(running[1:])))
    return DuePage(items, page.get("next_cursor"))


def due_counts(due_to: date, by: tuple[str, ...]) -> dict[str, Any]:
    """How many cases have their earliest running deadline by `due_to`, grouped by `by` (intake's counts)."""
    params = {"due_to": due_to.isoformat(), "by": list(by)}
    counted: dict[str, Any] = call("intake", "GET", "/api/v1/cases/counts", params=params)
    return counted
