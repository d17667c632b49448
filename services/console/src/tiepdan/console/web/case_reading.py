"""Reading cases and their deadlines through intake's API, and the unit's working calendar through roster's, for the
case pages, the deadline board and the leader's home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.kit.calendar import WorkingCalendar

from ..adapters.services import ApiAnswer, ServiceUnavailable
from .case_terms import DEADLINE_LABELS, OPEN_STATUSES, WATCHED_IN
from .context import console, person_token

WARD_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE_LIMIT = 500
#: Pages of open cases read for the board and the leader's home: 2,000 running cases per status at most.
MAX_PAGES = 4


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


def call(service: str, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None) -> Any:
    """The answer's body on success; ApiProblem on a 4xx; ServiceUnavailable when the service did not answer."""
    answer = console().services.call(service, method, path, person_token(), params=params, body=body)
    if answer.status >= 400:
        raise ApiProblem(answer)
    return answer.body


def working_calendar() -> WorkingCalendar | None:
    """The unit's calendar from roster; None when it cannot be read (days left are then counted in calendar days)."""
    try:
        document = call("roster", "GET", "/api/v1/calendar")
        return WorkingCalendar.from_dict(document)
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
    status = case.get("status")
    views = []
    for name, deadline in (case.get("deadlines") or {}).items():
        try:
            due = date.fromisoformat(deadline["date"])
        except (KeyError, TypeError, ValueError):
            continue
        running = status in WATCHED_IN.get(name, frozenset())
        if name == "transfer_by" and case.get("competent") is not False:
            running = False
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
    case: dict[str, Any]
    deadline: DeadlineView


def running_deadlines(today: date, calendar: WorkingCalendar | None) -> tuple[list[RunningDeadline], bool]:
    """Every deadline still running on the open cases this person may read, soonest first; `cut` when there were
    more cases than read."""
    found: list[RunningDeadline] = []
    cut = False
    for status in OPEN_STATUSES:
        cursor: str | None = None
        for _page in range(MAX_PAGES):
            params: dict[str, Any] = {"status": status, "limit": PAGE_LIMIT}
            if cursor:
                params["cursor"] = cursor
            page = call("intake", "GET", "/api/v1/cases", params=params)
            for case in page.get("items") or []:
                found.extend(RunningDeadline(case, d) for d in deadlines_of(case, today, calendar) if d.running)
            cursor = page.get("next_cursor")
            if not cursor:
                break
        else:
            cut = cut or bool(cursor)
    return sorted(found, key=lambda item: (item.deadline.due, item.case.get("id", ""))), cut
