"""What the case pages show of intake's vocabulary (docs/contract.md), in the official terms, and which actions a
case's status allows and who may take them: the same rules as intake's `domain/cases.py` (TRANSITIONS, WATCHED_IN)
and `domain/access.py`, so the page offers only what the API will accept. The API still decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "received": _l("Chưa xử lý"),
    "accepted": _l("Đang giải quyết"),
    "guided": _l("Đã hướng dẫn"),
    "transferred": _l("Đã chuyển"),
    "filed": _l("Đã lưu đơn"),
    "resolved": _l("Đã giải quyết"),
    "withdrawn": _l("Đã rút đơn"),
    "suspended": _l("Tạm đình chỉ"),
}
#: Statuses in which a case still has a deadline running.
OPEN_STATUSES = ("received", "accepted", "suspended")
RECEPTION_LABELS = {
    "regular": _l("Thường xuyên"),
    "periodic": _l("Định kỳ"),
    "unscheduled": _l("Đột xuất"),
    "delegated": _l("Ủy quyền"),
}
CHANNEL_LABELS = {
    "post": _l("Bưu chính"),
    "online": _l("Trực tuyến"),
    "in_person": _l("Trực tiếp"),
    "transferred": _l("Cơ quan khác chuyển đến"),
    "press": _l("Báo chí"),
}
DEADLINE_LABELS = {
    "reply_due": _l("Trả lời công dân"),
    "process_by": _l("Xử lý đơn"),
    "transfer_by": _l("Chuyển đơn tố cáo"),
    "resolve_by": _l("Giải quyết"),
    "notify_by": _l("Thông báo cho người tố cáo"),
    "conclude_by": _l("Kết luận trước Đại hội"),
    "voter_list_answer_by": _l("Trả lời khiếu nại danh sách cử tri"),
    "file_by": _l("Thời hiệu"),
}
#: Deadline → statuses in which it still runs (intake's WATCHED_IN); `transfer_by` only once not competent.
WATCHED_IN = {
    "reply_due": frozenset({"received"}),
    "process_by": frozenset({"received"}),
    "transfer_by": frozenset({"received"}),
    "resolve_by": frozenset({"accepted"}),
    "notify_by": frozenset({"accepted", "suspended"}),
    "conclude_by": frozenset({"received", "accepted", "suspended"}),
    "voter_list_answer_by": frozenset({"received", "accepted"}),
}
REFUSAL_LABELS = {
    "intoxicated": _l("Say do dùng chất kích thích (Điều 9 khoản 1)"),
    "mental_incapacity": _l("Mất khả năng nhận thức, điều khiển hành vi (Điều 9 khoản 1)"),
    "threats_or_rule_breach": _l("Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân (Điều 9 khoản 2)"),
    "already_resolved": _l("Vụ việc đã giải quyết đúng pháp luật, đã thông báo bằng văn bản (Điều 9 khoản 3)"),
    "other_legal": _l("Trường hợp khác theo quy định của pháp luật (Điều 9 khoản 4)"),
}


@dataclass(frozen=True)
class CaseAction:
    """`fields`: what its form asks; `needed`: the fields the API requires; `starts_from`: statuses it applies to."""

    code: str
    label: LazyString
    starts_from: frozenset[str]
    fields: tuple[str, ...] = ()
    needed: tuple[str, ...] = ()
    #: Decisions of whoever resolves (the Chairman): intake's DECIDER_ACTIONS, refused to a clerk.
    decider: bool = False


ACTIONS = (
    CaseAction("accept", _l("Thụ lý"), frozenset({"received", "guided", "filed"}), ("complex",)),
    CaseAction(
        "transfer", _l("Chuyển đơn"), frozenset({"received", "accepted"}), ("to_agency", "reason"), ("to_agency",)
    ),
    CaseAction("guide", _l("Hướng dẫn"), frozenset({"received"}), ("reason",), ("reason",)),
    CaseAction("file", _l("Lưu đơn"), frozenset({"received", "guided"}), ("reason",), ("reason",)),
    CaseAction("extend", _l("Gia hạn"), frozenset({"accepted"}), ("reason",), ("reason",), decider=True),
    CaseAction("suspend", _l("Tạm đình chỉ"), frozenset({"accepted"}), ("reason",), ("reason",), decider=True),
    CaseAction("resume", _l("Tiếp tục giải quyết"), frozenset({"suspended"}), ("reason",), decider=True),
    CaseAction(
        "resolve", _l("Ban hành quyết định, kết luận"), frozenset({"accepted"}), ("decision_no", "reason"), decider=True
    ),
    CaseAction("withdraw", _l("Rút đơn"), frozenset({"received", "accepted", "suspended"}), ("persons", "reason")),
    CaseAction(
        "refuse",
        _l("Từ chối"),
        frozenset({"received", "resolved"}),
        ("reason_code", "notice_no", "reason"),
        ("reason_code",),
    ),
    CaseAction("notify", _l("Thông báo thụ lý"), frozenset({"accepted", "suspended"}), ("notice_no",), ("notice_no",)),
    CaseAction("urge", _l("Đôn đốc"), frozenset({"received", "transferred"}), ("to_agency", "reason")),
    CaseAction(
        "flag_false_name", _l("Mạo danh"), frozenset({"received", "accepted", "suspended"}), ("reason",), ("reason",)
    ),
)
ACTION_BY_CODE = {action.code: action for action in ACTIONS}
#: What a case's history records: the actions, and how a visit or a petition opened or rejoined the case.
ACTION_LABELS = {
    **{action.code: action.label for action in ACTIONS},
    "open_by_visit": _l("Tiếp nhận qua lượt tiếp công dân"),
    "open_by_petition": _l("Tiếp nhận đơn"),
    "repeat_visit": _l("Công dân đến lại cùng nội dung"),
    "repeat_petition": _l("Đơn trùng nội dung"),
}
FIELD_NAMES = {
    "reason": _l("Lý do, nội dung"),
    "to_agency": _l("Cơ quan nhận"),
    "decision_no": _l("Số quyết định, kết luận"),
    "complex": _l("Vụ việc phức tạp"),
    "reason_code": _l("Căn cứ từ chối"),
    "notice_no": _l("Số thông báo"),
    "persons": _l("Số người rút"),
}


def may_take(roles: frozenset[str], action: CaseAction, kind: str | None, party_related: bool) -> bool:
    """intake's access.may_act: the leader decides everything; Party inspection on Party matters; a clerk all but
    the decisions, and nothing on a denunciation about a Party member."""
    if "leader" in roles:
        return True
    if "party_inspection" in roles and party_related:
        return True
    if party_related and kind == "denunciation":
        return False
    return "clerk" in roles and not action.decider


def applies(action: CaseAction, case: dict[str, Any]) -> bool:
    """The case's own bars that intake's `refused_because` checks besides the status (answered 409 otherwise)."""
    deadlines = case.get("deadlines") or {}
    if action.code == "accept":
        return bool(case.get("processable", True)) and not case.get("filing_late")
    if action.code == "extend":
        return "resolve_by" in deadlines and not (case.get("kind") == "complaint" and case.get("complex"))
    if action.code == "notify":
        return "notify_by" in deadlines
    if action.code == "flag_false_name":
        return case.get("kind") == "denunciation"
    return True


def actions_for(roles: frozenset[str], case: dict[str, Any]) -> list[CaseAction]:
    status = str(case.get("status") or "")
    kind = case.get("kind")
    party_related = bool(case.get("party_related"))
    return [
        action
        for action in ACTIONS
        if status in action.starts_from
        and applies(action, case)
        and may_take(roles, action, str(kind) if kind else None, party_related)
    ]
