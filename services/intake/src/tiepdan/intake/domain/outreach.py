"""Outreach (tuyên truyền, vận động; hướng dẫn công dân trở về địa phương): who talked to whom, when, on what,
and how it ended — after a case's result, or with a group at the province or in Hà Nội.

Basis: the ward's plan for the 2026 congress and elections (tuyên truyền, vận động, hướng dẫn công dân trở về địa
phương), with Ủy ban MTTQ and Ban Xây dựng Đảng on religion, policy and người có công matters. Whom they talked to
is a count and a description: a citizen is known only through the case referred to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tiepdan.intake.domain.cases import Case, Status


class Topic(StrEnum):
    RELIGION = "religion"
    POLICY = "policy"
    MERITORIOUS_PEOPLE = "meritorious_people"  # người có công với cách mạng
    LAND = "land"
    COMPENSATION = "compensation"
    ENVIRONMENT = "environment"
    OTHER = "other"


class Outcome(StrEnum):
    AGREED_TO_RETURN = "agreed_to_return"
    UNDERSTOOD = "understood"  # heard the explanation and accepted it
    WILL_PETITION_AGAIN = "will_petition_again"
    NOT_AGREED = "not_agreed"
    OTHER = "other"


class GroupPlace(StrEnum):
    """Where a group was met: INBOUND_LEVELS of the contract (province; central: in Hà Nội)."""

    PROVINCE = "province"
    CENTRAL = "central"


TOPIC_LABELS = {
    Topic.RELIGION: "Tôn giáo",
    Topic.POLICY: "Chính sách",
    Topic.MERITORIOUS_PEOPLE: "Người có công",
    Topic.LAND: "Đất đai",
    Topic.COMPENSATION: "Bồi thường, hỗ trợ, tái định cư",
    Topic.ENVIRONMENT: "Môi trường",
    Topic.OTHER: "Khác",
}

#: A case "with a result": the ward has answered it (resolved, guided, transferred, filed, withdrawn).
CASE_RESULTS = frozenset({Status.RESOLVED, Status.GUIDED, Status.TRANSFERRED, Status.FILED, Status.WITHDRAWN})


@dataclass(frozen=True)
class Speaker:
    """An officer who talked: a staff id of roster's staff list and their agency's code (VP, MTTQ, BXD, …)."""

    staff_id: str
    agency: str


@dataclass(frozen=True)
class OutreachInput:
    held_at: datetime
    topic: Topic
    talked_by: tuple[Speaker, ...]
    persons: int
    audience: str
    outcome: Outcome
    case_id: str | None = None
    alert_id: str | None = None
    group_at: GroupPlace | None = None
    place: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Outreach:
    id: str
    unit: str
    details: OutreachInput
    #: the ward's day it was held (Asia/Ho_Chi_Minh), which the list filters by
    held_on: date
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class OutreachFilters:
    """`topics`: those the caller may read (access.outreach_topics); the others narrow the list."""

    topics: frozenset[Topic]
    topic: Topic | None = None
    case_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def reference_problems(request: OutreachInput, now: datetime) -> dict[str, list[str]]:
    """It is about a case or a group reported from above (an alert), and it has happened."""
    errors: dict[str, list[str]] = {}
    if request.case_id is None and request.alert_id is None:
        message = "Cần mã vụ việc (case_id) hoặc mã cảnh báo về đoàn đông người ở tỉnh, Trung ương (alert_id)."
        errors["case_id"] = [message]
        errors["alert_id"] = [message]
    if request.held_at > now:
        errors["held_at"] = ["Thời điểm tuyên truyền, vận động không được sau thời điểm hiện tại."]
    return errors


def case_refusal(case: Case) -> str | None:
    """Why outreach cannot be recorded on this case yet, or None."""
    if case.status in CASE_RESULTS:
        return None
    return (
        f"Vụ việc đang ở trạng thái '{case.status.value}': chỉ ghi nhận tuyên truyền, vận động sau khi vụ việc đã có "
        "kết quả (giải quyết, hướng dẫn, chuyển, lưu, rút)."
    )
