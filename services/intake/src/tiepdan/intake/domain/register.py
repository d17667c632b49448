"""The reception register (Sổ tiếp công dân, Mẫu 03, TT 04/2021/TT-TTCP) and the daily register summary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tiepdan.intake.domain.people import DEFAULT_GROUP_THRESHOLD, Citizen
from tiepdan.intake.domain.refusal import REFUSAL_LABELS, RefusalReason
from tiepdan.intake.domain.vocabulary import KIND_LABELS, Kind, Reception

#: Mẫu 03 columns in the form's order: (key, heading).
REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", "STT"),
    ("date", "Ngày tiếp"),
    ("name_address", "Họ tên – Địa chỉ"),
    ("id_number", "Số CCCD/CMND/Hộ chiếu"),
    ("content", "Nội dung vụ việc"),
    ("classification", "Phân loại vụ việc, số người"),
    ("handled_by", "Cơ quan, đơn vị đã giải quyết"),
    ("outcome", "Hướng xử lý"),
    ("follow_up", "Theo dõi kết quả giải quyết"),
    ("notes", "Ghi chú"),
)

OUTCOME_LABELS = {
    "accepted": "Thụ lý giải quyết",
    "resolved": "Thụ lý giải quyết",
    "guided": "Trả lại đơn và hướng dẫn",
    "transferred": "Chuyển đơn đến cơ quan có thẩm quyền",
    "filed": "Lưu đơn",
    "withdrawn": "Công dân rút đơn",
    "refused": "Từ chối tiếp",
}

STATUS_LABELS = {
    "received": "Chưa xử lý",
    "accepted": "Đang giải quyết",
    "guided": "Đã hướng dẫn",
    "transferred": "Đã chuyển",
    "filed": "Đã lưu đơn",
    "resolved": "Đã giải quyết",
    "withdrawn": "Đã rút đơn",
    "suspended": "Tạm đình chỉ",
}


@dataclass(frozen=True)
class RegisterVisit:
    """What the register needs of one visit and its case; citizens already redacted for the reader."""

    received_at: datetime
    #: The ward's date of the visit (Asia/Ho_Chi_Minh), not the UTC date of `received_at`.
    received_on: date
    citizens: list[Citizen]
    headcount: int
    kind: str
    subject: str
    summary: str
    handled_by: str | None
    case_status: str
    case_outcome: str | None
    case_to_agency: str | None
    case_decision_no: str | None
    resolve_by: date | None
    repeat: bool
    refusal_code: str | None
    notes: str | None
    group_threshold: int = DEFAULT_GROUP_THRESHOLD
    #: The visit's line in the year's register, given once at registration; None for visits stored before it.
    register_no: int | None = None


def register_rows(visits: Iterable[RegisterVisit]) -> list[dict[str, Any]]:
    """One row per visit in time order, keyed by the Mẫu 03 column keys; STT is the visit's register number, the
    same in every export (a register book's lines are numbered once, continuously within the year)."""
    rows = []
    for visit in sorted(visits, key=lambda v: v.received_at):
        rows.append(
            {
                "no": visit.register_no,
                "date": visit.received_on.isoformat(),
                "name_address": "; ".join(_name_address(c) for c in visit.citizens),
                "id_number": "; ".join(c.id_number for c in visit.citizens if c.id_number),
                "content": f"{visit.subject}: {visit.summary}" if visit.summary else visit.subject,
                "classification": _classification(visit),
                "handled_by": visit.handled_by or "",
                "outcome": _outcome(visit),
                "follow_up": _follow_up(visit),
                "notes": _notes(visit),
            }
        )
    return rows


def _name_address(citizen: Citizen) -> str:
    return f"{citizen.full_name} – {citizen.address}" if citizen.address else citizen.full_name


def _classification(visit: RegisterVisit) -> str:
    label = KIND_LABELS.get(Kind(visit.kind), visit.kind)
    if visit.headcount >= visit.group_threshold:
        return f"{label}; đoàn đông người {visit.headcount} người"
    return f"{label}; {visit.headcount} người"


def _outcome(visit: RegisterVisit) -> str:
    if visit.refusal_code:
        return f"Từ chối tiếp: {REFUSAL_LABELS[RefusalReason(visit.refusal_code)]}"
    label = OUTCOME_LABELS.get(visit.case_outcome or "", "")
    if visit.case_outcome == "transferred" and visit.case_to_agency:
        return f"{label}: {visit.case_to_agency}"
    return label


def _follow_up(visit: RegisterVisit) -> str:
    text = STATUS_LABELS.get(visit.case_status, visit.case_status)
    if visit.case_decision_no:
        return f"{text} (số {visit.case_decision_no})"
    if visit.case_status == "accepted" and visit.resolve_by:
        return f"{text}, hạn {visit.resolve_by.strftime('%d/%m/%Y')}"
    return text


def _notes(visit: RegisterVisit) -> str:
    parts = []
    if visit.repeat:
        parts.append("Vụ việc đã đến nhiều lần")
    if visit.notes:
        parts.append(visit.notes)
    return "; ".join(parts)


@dataclass(frozen=True)
class DayVisit:
    reception: str
    headcount: int


def day_summary(
    day: date, visits: Iterable[DayVisit], petitions: int, group_threshold: int = DEFAULT_GROUP_THRESHOLD
) -> dict[str, Any]:
    """The `intake.register.closed` data for one unit and one day: counts only, never a person."""
    by_reception = {r.value: {"visits": 0, "persons": 0} for r in Reception}
    total_visits = total_persons = groups = 0
    for visit in visits:
        total_visits += 1
        total_persons += visit.headcount
        groups += visit.headcount >= group_threshold
        by_reception[visit.reception]["visits"] += 1
        by_reception[visit.reception]["persons"] += visit.headcount
    return {
        "date": day.isoformat(),
        "visits": total_visits,
        "persons": total_persons,
        "groups": groups,
        "petitions": petitions,
        "by_reception": by_reception,
    }
