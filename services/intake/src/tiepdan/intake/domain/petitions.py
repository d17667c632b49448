"""Petition (đơn) classification: eligible or not, processable or not (TT 05/2021/TT-TTCP Art 6–7)."""

from __future__ import annotations

from dataclasses import dataclass

from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.vocabulary import Kind


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    processable: bool
    reasons: tuple[str, ...]


def assess(kind: Kind, signers: list[Citizen], signed: bool, dated: bool, in_vietnamese: bool) -> Eligibility:
    """A petition is eligible when written in Vietnamese, dated, named and signed, with the elements its kind
    needs (a denunciation: the denouncer's name and address). Anonymous denunciations are recorded but not
    processed under the law (Luật Tố cáo Art 25)."""
    reasons = []
    named = [s for s in signers if s.full_name.strip()]
    if not named:
        reasons.append("Đơn không ghi họ tên người viết đơn (nặc danh).")
    if not signed:
        reasons.append("Đơn không có chữ ký hoặc điểm chỉ.")
    if not dated:
        reasons.append("Đơn không ghi ngày, tháng, năm.")
    if not in_vietnamese:
        reasons.append("Đơn không viết bằng tiếng Việt.")
    if kind is Kind.DENUNCIATION and named and not any((s.address or "").strip() for s in named):
        reasons.append("Đơn tố cáo phải ghi địa chỉ của người tố cáo.")
    processable = not (kind is Kind.DENUNCIATION and not named)
    return Eligibility(eligible=not reasons, processable=processable, reasons=tuple(reasons))


def sender_problems(channel: str, sender_agency: str | None) -> dict[str, list[str]]:
    """A petition transferred by another agency names that agency."""
    if channel == "transferred" and not (sender_agency or "").strip():
        return {"sender_agency": ["Đơn do cơ quan khác chuyển đến phải ghi cơ quan chuyển (sender_agency)."]}
    return {}
