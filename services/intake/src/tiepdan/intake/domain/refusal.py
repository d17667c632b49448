"""Refusal of reception: Luật Tiếp công dân 2013, Art 9."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tiepdan.intake.domain.errors import FieldErrors


class RefusalReason(StrEnum):
    INTOXICATED = "intoxicated"
    MENTAL_INCAPACITY = "mental_incapacity"
    THREATS_OR_RULE_BREACH = "threats_or_rule_breach"
    ALREADY_RESOLVED = "already_resolved"
    OTHER_LEGAL = "other_legal"


REFUSAL_LABELS: dict[RefusalReason, str] = {
    RefusalReason.INTOXICATED: "Say do dùng chất kích thích (Điều 9 khoản 1)",
    RefusalReason.MENTAL_INCAPACITY: "Mất khả năng nhận thức, điều khiển hành vi (Điều 9 khoản 1)",
    RefusalReason.THREATS_OR_RULE_BREACH: "Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân (Điều 9 khoản 2)",
    RefusalReason.ALREADY_RESOLVED: "Vụ việc đã giải quyết đúng pháp luật, đã thông báo bằng văn bản (Điều 9 khoản 3)",
    RefusalReason.OTHER_LEGAL: "Trường hợp khác theo quy định của pháp luật (Điều 9 khoản 4)",
}


@dataclass(frozen=True)
class Refusal:
    reason_code: RefusalReason
    notice_no: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"reason_code": self.reason_code.value, "notice_no": self.notice_no}


def make_refusal(reason_code: str | None, notice_no: str | None, path: str) -> Refusal:
    """A matter already resolved is refused by the head's written notice, so its number is required."""
    found = FieldErrors()
    codes = ", ".join(r.value for r in RefusalReason)
    if not reason_code:
        found.add(f"{path}reason_code", f"Thiếu lý do từ chối tiếp (Điều 9): một trong {codes}.")
    elif reason_code not in {r.value for r in RefusalReason}:
        found.add(f"{path}reason_code", f"Lý do từ chối '{reason_code}' không hợp lệ: một trong {codes}.")
    elif reason_code == RefusalReason.ALREADY_RESOLVED and not (notice_no or "").strip():
        found.add(f"{path}notice_no", "Từ chối vì vụ việc đã giải quyết phải có số thông báo từ chối bằng văn bản.")
    found.raise_if_any()
    return Refusal(RefusalReason(str(reason_code)), (notice_no or "").strip() or None)
