"""A case's history as the reports see it, and which decisions meet which deadlines.

Basis: TT 05/2021/TT-TTCP (petition processing), Luật Khiếu nại 02/2011, Luật Tố cáo 25/2018 (docs/domain.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tiepdan.reports.domain.ward_time import ward_day

RECEIVED = "received"
#: Intake says in each case event which deadlines it watches (`watched`); a deadline is met once the case leaves
#: them. Only events from before that field are read by status, as intake then watched them: the resolution
#: deadline runs while the case is accepted, the denouncer's acceptance notice while it is accepted or suspended,
#: every other one until the first decision.
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
    #: The deadlines intake watched after this change; None for events from before intake sent them.
    watched: frozenset[str] | None = None

    def watches(self, deadline: str) -> bool:
        if self.watched is not None:
            return deadline in self.watched
        return self.status in WATCHED_IN.get(deadline, WATCHED_BY_DEFAULT)

    @property
    def on(self) -> date:
        day: date = ward_day(self.at)
        return day

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
        """The day of the first change that ends the deadline after intake watched it (events from before the
        `watched` field: the first change outside its statuses)."""
        meeting_action = MET_BY_ACTION.get(self.name)
        watched_since = min((change.at for change in changes if change.watches(self.name)), default=None)
        return min(
            (
                change.on
                for change in changes
                if (not change.watches(self.name) or (meeting_action is not None and change.action == meeting_action))
                and (change.watched is None or (watched_since is not None and watched_since < change.at))
            ),
            default=None,
        )

    def in_force(self, changes: Sequence[CaseChange], day: date) -> bool:
        """Intake watched the deadline at some change up to `day` (e.g. a denunciation's transfer deadline only
        once the ward is known not to be competent); with no change known yet, or only changes from before the
        `watched` field, it is taken as running."""
        known = [change for change in changes if change.on <= day]
        return not known or any(change.watched is None or change.watches(self.name) for change in known)

    def state_as_of(self, changes: Sequence[CaseChange], day: date) -> DeadlineState | None:
        """None for a deadline intake never watched by `day`: it is neither met nor missed."""
        if not self.in_force(changes, day):
            return None
        met = self.met_on(changes)
        if met is not None and met <= day:
            return DeadlineState.MET if met <= self.due else DeadlineState.MISSED
        return DeadlineState.MISSED if self.due < day else DeadlineState.PENDING

    def is_overdue_on(self, changes: Sequence[CaseChange], day: date) -> bool:
        """Past its date, watched, and still not met at the end of `day`."""
        met = self.met_on(changes)
        return self.due < day and self.in_force(changes, day) and (met is None or met > day)
