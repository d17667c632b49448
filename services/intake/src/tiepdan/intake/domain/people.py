"""Citizens at a visit or signing a petition, the headcount, groups and their representatives."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from tiepdan.intake.domain.errors import FieldErrors
from tiepdan.intake.domain.identity_numbers import id_number_problems, infer_id_type, normalise_id_number
from tiepdan.intake.domain.vocabulary import Kind

#: Practice, not a statutory definition (docs/domain.md "Reception"): configurable per deployment.
DEFAULT_GROUP_THRESHOLD = 5

_PHONE = re.compile(r"(0|\+84)\d{9}")


@dataclass(frozen=True)
class Citizen:
    full_name: str
    id_number: str | None = None
    id_type: str | None = None
    phone: str | None = None
    address: str | None = None
    representative: bool = False

    def normalised(self) -> Citizen:
        """ID number without typing noise and its type made explicit, phone without spaces."""
        if self.id_number is None:
            return replace(self, phone=_clean_phone(self.phone))
        number = normalise_id_number(self.id_number)
        id_type = self.id_type or (t.value if (t := infer_id_type(number)) else None)
        return replace(self, id_number=number, id_type=id_type, phone=_clean_phone(self.phone))


def _clean_phone(phone: str | None) -> str | None:
    return re.sub(r"[\s.\-]", "", phone) if phone else phone


def max_representatives(headcount: int, group_threshold: int = DEFAULT_GROUP_THRESHOLD) -> int | None:
    """Luật TCD 2013 Art 30, NĐ 124/2020 Art 6: 5–10 people → at most 2 representatives; 11 or more → at most 5."""
    if headcount < group_threshold:
        return None
    return 2 if headcount <= 10 else 5


def is_group(headcount: int, group_threshold: int = DEFAULT_GROUP_THRESHOLD) -> bool:
    return headcount >= group_threshold


def citizen_problems(citizens: list[Citizen], today: date, path: str = "citizens") -> dict[str, list[str]]:
    """Per-citizen checks: ID number format and province code, phone number."""
    found = FieldErrors()
    for index, citizen in enumerate(citizens):
        if citizen.id_number is not None:
            for message in id_number_problems(citizen.id_number, citizen.id_type, today):
                found.add(f"{path}.{index}.id_number", message)
        elif citizen.id_type is not None:
            found.add(f"{path}.{index}.id_number", f"Có loại giấy tờ '{citizen.id_type}' nhưng thiếu số giấy tờ.")
        if citizen.phone and not _PHONE.fullmatch(_clean_phone(citizen.phone) or ""):
            found.add(
                f"{path}.{index}.phone",
                "Số điện thoại phải gồm 10 chữ số bắt đầu bằng 0, hoặc +84 và 9 chữ số.",
            )
    return found.errors


def headcount_problems(
    headcount: int, citizens: list[Citizen], group_threshold: int = DEFAULT_GROUP_THRESHOLD
) -> dict[str, list[str]]:
    """Headcount ≥ 1 and ≥ the citizens listed; in a group the citizens listed are its representatives."""
    found = FieldErrors()
    if headcount < 1:
        found.add("headcount", "Số người phải từ 1 trở lên.")
        return found.errors
    if len(citizens) > headcount:
        found.add(
            "headcount",
            f"Số người ({headcount}) nhỏ hơn số công dân được liệt kê ({len(citizens)}).",
        )
    limit = max_representatives(headcount, group_threshold)
    if limit is not None:
        if not citizens:
            found.add(
                "citizens",
                f"Đoàn {headcount} người phải cử người đại diện: liệt kê từ 1 đến {limit} người đại diện.",
            )
        elif len(citizens) > limit:
            found.add(
                "citizens",
                f"Đoàn {headcount} người chỉ được cử tối đa {limit} người đại diện "
                f"(Luật Tiếp công dân Điều 30), nhận được {len(citizens)}.",
            )
    return found.errors


def visitors_problems(kind: str, citizens: list[Citizen]) -> dict[str, list[str]]:
    """Whoever comes is named; only a denunciation may be made without a name (anonymously)."""
    if not citizens and kind != Kind.DENUNCIATION:
        return {"citizens": ["Phải ghi ít nhất một công dân được tiếp (chỉ tố cáo mới có thể nặc danh)."]}
    return {}


def signers_problems(signers: int, citizens: list[Citizen]) -> dict[str, list[str]]:
    """A petition lists at most as many people as signed it."""
    if signers < len(citizens):
        return {"signers": [f"Số người ký đơn ({signers}) nhỏ hơn số người được liệt kê ({len(citizens)})."]}
    return {}


def as_representatives(headcount: int, citizens: list[Citizen], group_threshold: int) -> list[Citizen]:
    """In a group the citizens listed are the representatives the group chose."""
    if max_representatives(headcount, group_threshold) is None:
        return citizens
    return [replace(c, representative=True) for c in citizens]
