"""Vietnamese titles the people on duty read first: kind, counts, field, subject and place — never a person."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tiepdan.alerts.domain.kinds import Kind

FIELD_LABELS = {
    "land": "Đất đai",
    "compensation": "Bồi thường, hỗ trợ, tái định cư",
    "housing": "Nhà ở",
    "social_policy": "Chính sách xã hội",
    "religion": "Tôn giáo",
    "environment": "Môi trường",
    "official_conduct": "Công vụ, cán bộ",
    "party": "Đảng",
    "justice": "Tư pháp",
    "election": "Bầu cử",
    "other": "Khác",
}
#: Every deadline intake watches, in the words of the law it comes from (docs/domain.md).
DEADLINE_LABELS = {
    "reply_due": "trả lời công dân sau khi tiếp",
    "process_by": "xử lý đơn",
    "transfer_by": "chuyển đơn tố cáo không thuộc thẩm quyền",
    "resolve_by": "giải quyết",
    "notify_by": "thông báo thụ lý tố cáo",
    "conclude_by": "kết luận trước đại hội",
    "voter_list_answer_by": "giải quyết khiếu nại danh sách cử tri",
}
LEVEL_LABELS = {"province": "tỉnh", "central": "Trung ương"}


@dataclass(frozen=True)
class Topic:
    """What an alert is about: the field, the subject and the area, as the visits gave them."""

    field: str | None
    subject: str | None
    area: str | None


@dataclass(frozen=True)
class _Said:
    """What a title may use: the topic as words, the alert's details and its counts."""

    topic: str
    details: Mapping[str, Any]
    headcount: int
    visit_count: int


def alert_title(
    kind: Kind, about: Topic, details: Mapping[str, Any], *, headcount: int = 0, visit_count: int = 0
) -> str:
    return _TITLES[kind](_Said(_topic(about), details, headcount, visit_count))


def _repeat_title(said: _Said) -> str:
    if said.details.get("after_resolved"):
        return f"Vụ việc đã giải quyết, công dân tiếp tục đến (lượt thứ {said.visit_count}) — {said.topic}"
    return f"Vụ việc kéo dài: {said.visit_count} lượt tiếp — {said.topic}"


def _over_level_title(said: _Said) -> str:
    level = LEVEL_LABELS.get(str(said.details.get("level")), str(said.details.get("level")))
    return f"Vượt cấp lên {level} ({said.headcount} người, tại {said.details.get('place')}) — {said.topic}"


def _calendar_missing_title(said: _Said) -> str:
    return (
        f"Chưa có lịch nghỉ lễ, Tết năm {said.details.get('year')}: lịch chỉ biết đến hết "
        f"{_page_date(said.details.get('last_known_day'))}, thời hạn tính sau ngày đó chỉ là tạm tính"
    )


def _election_hold_title(said: _Said) -> str:
    return (
        f"Khiếu nại, tố cáo về người ứng cử trong 10 ngày trước bầu cử: lưu giữ, chuyển sau ngày "
        f"{_page_date(said.details.get('election_day'))} — {said.topic}"
    )


def _reception_title(said: _Said) -> str:
    starts, ends = _page_time(said.details.get("starts_at")), _page_time(said.details.get("ends_at"))
    title = (
        f"Tiếp công dân đột xuất tại {said.details.get('place')}, {starts} – {ends}: Công an phường lập phương án "
        "bảo đảm an ninh, trật tự"
    )
    return f"{title} — {said.topic}" if said.topic else title


def _task_overdue_title(said: _Said) -> str:
    task = said.details.get("title") or f"nhiệm vụ {said.details.get('task_id')}"
    return (
        f"Quá hạn báo cáo kết quả thực hiện nhiệm vụ (hạn {_page_date(said.details.get('due'))}): {task}, "
        f"giao {said.details.get('assignee_agency')}"
    )


def _overdue_title(said: _Said) -> str:
    deadline = DEADLINE_LABELS.get(str(said.details.get("deadline")), "thời hạn")
    return f"Quá hạn {deadline} (hạn {_page_date(said.details.get('due'))}) — {said.topic}"


def _coverage_gap_title(said: _Said) -> str:
    return (
        f"Thiếu người trực ngày {said.details.get('date')}, ca {said.details.get('shift')}: "
        f"thiếu {said.details.get('missing')} ({said.details.get('skill')})"
    )


#: The Chairman's decision on an enforcement in or near a special period, as the title words it.
DECISION_LABELS = {"go": "vẫn thực hiện", "hold": "tạm hoãn"}


def _enforcement_title(details: Mapping[str, Any], topic: str) -> str:
    """The plan, §3: cân nhắc việc thực hiện cưỡng chế — the title says when, which period, and what was decided."""
    period = (
        f"{details.get('period')} ({_page_date(details.get('period_from'))} – {_page_date(details.get('period_to'))})"
    )
    where = "trong thời gian" if details.get("inside") else "sát thời gian"
    decision = details.get("decision")
    asked = (
        f"Chủ tịch UBND phường quyết định {DECISION_LABELS.get(str(decision), str(decision))}"
        if decision
        else "cần Chủ tịch UBND phường cân nhắc, quyết định"
    )
    title = f"Cưỡng chế dự kiến ngày {_page_date(details.get('planned_on'))}, {where} {period}: {asked}"
    return f"{title} — {topic}" if topic else title


def _page_time(value: Any) -> str:
    """dd/mm/yyyy HH:MM in the time the value carries (the ward's, as the detectors keep it)."""
    try:
        return datetime.fromisoformat(str(value)).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(value)


def _page_date(value: Any) -> str:
    """dd/mm/yyyy, as on every page; what is not an ISO date is shown as it came."""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def _topic(about: Topic) -> str:
    field = about.field or ""
    parts = [FIELD_LABELS.get(field, field), about.subject or "", about.area or ""]
    return ", ".join(part for part in parts if part)


_TITLES: dict[Kind, Callable[[_Said], str]] = {
    Kind.CROWD: lambda said: f"Đoàn đông người ({said.headcount} người) — {said.topic}",
    Kind.HOTSPOT: lambda said: f"Điểm nóng: {said.visit_count} lượt tiếp, {said.headcount} người — {said.topic}",
    Kind.REPEAT: _repeat_title,
    Kind.OVER_LEVEL: _over_level_title,
    Kind.PARTY_PERSONNEL: lambda said: f"Tố cáo liên quan đảng viên, nhân sự đại hội — {said.topic}",
    Kind.CALENDAR_MISSING: _calendar_missing_title,
    Kind.ELECTION_HOLD: _election_hold_title,
    Kind.ENFORCEMENT_IN_SPECIAL_PERIOD: lambda said: _enforcement_title(said.details, said.topic),
    Kind.RECEPTION_SCHEDULED: _reception_title,
    Kind.RESPONSE_TASK_OVERDUE: _task_overdue_title,
    Kind.OVERDUE: _overdue_title,
    Kind.COVERAGE_GAP: _coverage_gap_title,
}
