"""A case's history as the reports see it, and which decisions meet which deadlines.

Basis: TT 05/2021/TT-TTCP (petition processing), Luật Khiếu nại 02/2011, Luật Tố cáo 25/2018 (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tiepdan.reports.domain.ward_time import ward_day

RECEIVED = "received"
#: a deadline is met once the case leaves the statuses it is watched in (as intake watches them): the resolution
#: deadline runs while the case is accepted, the denouncer's acceptance notice while it is accepted or suspended,
#: every other one until the first decision
WATCHED_IN: dict[str, frozenset[str]] = {
    "resolve_by": frozenset({RECEIVED, "accepted"}),
    "notify_by": frozenset({RECEIVED, "accepted", "suspended"}),
    # the congress-personnel deadline runs until the conclusion, the voter-list answer until the decision
    "conclude_by": frozenset({RECEIVED, "accepted", "suspended"}),
    "voter_list_answer_by": frozenset({RECEIVED, "accepted"}),
}
WATCHED_BY_DEFAULT = frozenset({RECEIVED})
#: ...or by the action that does what the deadline asks (Luật Tố cáo 2018, Điều 29: the acceptance notice)
MET_BY_ACTION: dict[str, str] = {"notify_by": "notify"}


@dataclass(frozen=True)
class CaseChange:
    """One `intake.case.opened|changed` event, reduced to what the forms count."""

    case_id: str
    at: datetime
    status: str
    kind: str
    field: str
    area: str = ""
    competent: bool | None = None
    complaint_round: int = 1
    action: str | None = None
    outcome: str | None = None

    @property
    def on(self) -> date:
        return ward_day(self.at)

    @property
    def is_decision(self) -> bool:
        return self.status != RECEIVED


def state_as_of(changes: Iterable[CaseChange], day: date) -> CaseChange | None:
    """The case as it stood at the end of `day`: its latest change by event time, whatever order events came in."""
    before = [change for change in changes if change.on <= day]
    return max(before, key=lambda change: change.at, default=None)


def first_decision_on(changes: Iterable[CaseChange], since: date) -> date | None:
    """The day of the first decision (status other than received) on or after `since`."""
    return min((change.on for change in changes if change.is_decision and change.on >= since), default=None)


class DeadlineState(StrEnum):
    MET = "met"
    MISSED = "missed"
    PENDING = "pending"


@dataclass(frozen=True)
class CaseDeadline:
    unit: str
    case_id: str
    name: str
    due: date

    def met_on(self, changes: Sequence[CaseChange]) -> date | None:
        watched = WATCHED_IN.get(self.name, WATCHED_BY_DEFAULT)
        meeting_action = MET_BY_ACTION.get(self.name)
        return min(
            (
                change.on
                for change in changes
                if change.status not in watched or (meeting_action is not None and change.action == meeting_action)
            ),
            default=None,
        )

    def state_as_of(self, changes: Sequence[CaseChange], day: date) -> DeadlineState:
        met = self.met_on(changes)
        if met is not None and met <= day:
            return DeadlineState.MET if met <= self.due else DeadlineState.MISSED
        return DeadlineState.MISSED if self.due < day else DeadlineState.PENDING

    def is_overdue_on(self, changes: Sequence[CaseChange], day: date) -> bool:
        """Past its date and still not met at the end of `day`."""
        met = self.met_on(changes)
        return self.due < day and (met is None or met > day)
