"""The report on carrying out the plan over a period (báo cáo kết quả thực hiện kế hoạch).

Basis: the ward's plan for reception around the congresses and the 2026 elections, part III.2 (the ward office
reports the results of carrying it out): receptions, groups, cases by kind, alerts by kind, special-period days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from tiepdan.kit.contract import ALERT_KINDS
from tiepdan.kit.contract import KINDS as CASE_KINDS
from tiepdan.reports.domain.coordination import empty_coordination_counts
from tiepdan.reports.domain.daily import AlertFact, register_counts
from tiepdan.reports.domain.figures import sum_figures

CASE_KIND_LABELS = {
    "complaint": "Khiếu nại",
    "denunciation": "Tố cáo",
    "recommendation": "Kiến nghị",
    "feedback": "Phản ánh",
    "mixed": "Nhiều nội dung",
}
ALERT_KIND_LABELS = {
    "crowd": "Đông người",
    "hotspot": "Điểm nóng",
    "repeat": "Kéo dài, tái diễn",
    "over_level": "Vượt cấp",
    "party_personnel": "Nhân sự Đại hội",
    "overdue": "Quá hạn",
    "coverage_gap": "Thiếu người trực",
    "election_hold": "Đơn về người ứng cử lưu giữ",
}


def sum_days(days: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Receptions of the period: the days' register counts added up (same shape as one day's)."""
    total: dict[str, Any] = sum_figures(days, register_counts({}, 0))
    return total


def alerts_raised(alerts: Iterable[AlertFact], start: datetime, end: datetime) -> dict[str, int]:
    """Alerts raised in [start, end) by kind, and their total."""
    counts = dict.fromkeys(ALERT_KINDS, 0)
    for alert in alerts:
        if start <= alert.raised_at < end:
            counts[alert.kind] = counts.get(alert.kind, 0) + 1
    return {**counts, "total": sum(counts.values())}


def cases_by_kind(found: Mapping[str, int]) -> dict[str, int]:
    counts = {kind: int(found.get(kind, 0)) for kind in CASE_KINDS}
    return {**counts, "total": sum(counts.values())}


def plan_figures(
    days: Iterable[Mapping[str, Any]],
    cases: Mapping[str, int],
    alerts: Mapping[str, int],
    special_days: int,
    coordination: Mapping[str, int],
) -> dict[str, Any]:
    """One unit's figures of the plan report; `coordination`: its response plans and tasks
    (`domain/coordination.coordination_counts`)."""
    return {
        "receptions": sum_days(days),
        "cases_by_kind": cases_by_kind(cases),
        "alerts_by_kind": dict(alerts),
        "special_days": special_days,
        "coordination": dict(coordination),
    }


def empty_plan_figures() -> dict[str, Any]:
    return plan_figures([], {}, alerts_raised([], datetime.min, datetime.min), 0, empty_coordination_counts())
