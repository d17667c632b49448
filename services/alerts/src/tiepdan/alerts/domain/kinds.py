"""The words of the alerts domain: kinds, severities and statuses."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    CROWD = "crowd"
    HOTSPOT = "hotspot"
    REPEAT = "repeat"
    OVER_LEVEL = "over_level"
    PARTY_PERSONNEL = "party_personnel"
    OVERDUE = "overdue"
    COVERAGE_GAP = "coverage_gap"
    #: For operations: the calendar knows no days off past a year ending soon, so deadlines past it are provisional.
    CALENDAR_MISSING = "calendar_missing"
    #: A complaint or denunciation about a candidate held in the election cut-off (Luật Bầu cử 2015, Điều 61).
    ELECTION_HOLD = "election_hold"
    #: An enforcement planned in or within days of a special period: going ahead needs the Chairman's recorded
    #: decision (the plan, §3: cân nhắc việc thực hiện cưỡng chế).
    ENFORCEMENT_IN_SPECIAL_PERIOD = "enforcement_in_special_period"
    #: An unscheduled reception scheduled in advance: the police on duty record a security plan (the plan, §4).
    RECEPTION_SCHEDULED = "reception_scheduled"
    #: A task of a handling plan past its due date without a report back: the leader is told.
    RESPONSE_TASK_OVERDUE = "response_task_overdue"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    def raised(self) -> Severity:
        """One level up; critical stays critical."""
        return _SEVERITY_ORDER[min(self.rank + 1, len(_SEVERITY_ORDER) - 1)]

    @staticmethod
    def highest(*severities: Severity) -> Severity:
        return max(severities, key=lambda s: s.rank)


_SEVERITY_ORDER = (Severity.INFO, Severity.WARNING, Severity.CRITICAL)


class Status(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"

    @property
    def is_active(self) -> bool:
        """Open and acknowledged alerts both hold their (kind, group_key): only resolution frees it."""
        return self is not Status.RESOLVED
