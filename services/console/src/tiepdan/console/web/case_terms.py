"""What the case pages show of intake's vocabulary (docs/contract.md), in the official terms, and the form of each
case action. Which actions a person may take on a case, and which deadlines still run, intake says in the case's
answer (`actions`, `running_deadlines`)."""

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
REFUSAL_LABELS = {
    "intoxicated": _l("Say do dùng chất kích thích (Điều 9 khoản 1)"),
    "mental_incapacity": _l("Mất khả năng nhận thức, điều khiển hành vi (Điều 9 khoản 1)"),
    "threats_or_rule_breach": _l("Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân (Điều 9 khoản 2)"),
    "already_resolved": _l("Vụ việc đã giải quyết đúng pháp luật, đã thông báo bằng văn bản (Điều 9 khoản 3)"),
    "other_legal": _l("Trường hợp khác theo quy định của pháp luật (Điều 9 khoản 4)"),
}


@dataclass(frozen=True)
class CaseAction:
    """`fields`: what its form asks; `needed`: the fields the API requires of it."""

    code: str
    label: LazyString
    fields: tuple[str, ...] = ()
    needed: tuple[str, ...] = ()


ACTIONS = (
    CaseAction("accept", _l("Thụ lý"), ("complex",)),
    CaseAction("transfer", _l("Chuyển đơn"), ("to_agency", "reason"), ("to_agency",)),
    CaseAction("guide", _l("Hướng dẫn"), ("reason",), ("reason",)),
    CaseAction("file", _l("Lưu đơn"), ("reason",), ("reason",)),
    CaseAction("extend", _l("Gia hạn"), ("reason",), ("reason",)),
    CaseAction("suspend", _l("Tạm đình chỉ"), ("reason",), ("reason",)),
    CaseAction("resume", _l("Tiếp tục giải quyết"), ("reason",)),
    CaseAction("resolve", _l("Ban hành quyết định, kết luận"), ("decision_no", "reason")),
    CaseAction("withdraw", _l("Rút đơn"), ("persons", "reason")),
    CaseAction("refuse", _l("Từ chối"), ("reason_code", "notice_no", "reason"), ("reason_code",)),
    CaseAction("notify", _l("Thông báo thụ lý"), ("notice_no",), ("notice_no",)),
    CaseAction("urge", _l("Đôn đốc"), ("to_agency", "reason")),
    CaseAction("flag_false_name", _l("Mạo danh"), ("reason",), ("reason",)),
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


def offered(case: dict[str, Any]) -> list[CaseAction]:
    """The actions intake says this person may take on the case, in the order of the page's forms."""
    allowed = set(case.get("actions") or ())
    return [action for action in ACTIONS if action.code in allowed]
