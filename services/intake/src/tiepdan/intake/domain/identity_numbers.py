"""ID numbers: 12-digit personal number (CCCD), 9-digit old ID (CMND) and passports.

Basis: Thông tư 07/2016/TT-BCA (province codes, century/sex digit); the 63 pre-2025 province codes stay valid
for numbers already issued after the 2025 merger of provinces.
"""

from __future__ import annotations

import re
from datetime import date

from tiepdan.intake.domain.vocabulary import IdType

#: The 63 province-of-birth codes (pre-2025 provinces), TT 07/2016/TT-BCA Phụ lục.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu",
    "079": "TP. Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

_DIGITS = re.compile(r"\d+")
_PASSPORT = re.compile(r"[A-Z0-9]{6,20}")


def normalise_id_number(raw: str) -> str:
    """Spaces, dots and dashes are typing noise: "019 085 001.234" is "019085001234"; letters upper-cased."""
    return re.sub(r"[\s.\-]", "", raw).upper()


def infer_id_type(number: str) -> IdType | None:
    if _DIGITS.fullmatch(number):
        if len(number) == 12:
            return IdType.CCCD
        if len(number) == 9:
            return IdType.CMND
    return None


def birth_year(number: str) -> int:
    """Century/sex digit: 0/1 → 1900s, 2/3 → 2000s, 4/5 → 2100s, 6/7 → 2200s, 8/9 → 2300s (male/female)."""
    century = 1900 + 100 * (int(number[3]) // 2)
    return century + int(number[4:6])


def id_number_problems(raw: str, id_type: str | None, today: date) -> list[str]:
    """What is wrong with an ID number, in words a clerk can act on; empty when it is valid.

    The messages never repeat the number itself: they end up in logs and responses.
    """
    number = normalise_id_number(raw)
    if not number:
        return ["Số giấy tờ không được để trống."]
    if id_type is not None and id_type not in {t.value for t in IdType}:
        return [f"Loại giấy tờ '{id_type}' không hợp lệ; chọn một trong: cccd, cmnd, passport."]
    kind = IdType(id_type) if id_type else infer_id_type(number)
    if kind is IdType.CCCD and _DIGITS.fullmatch(number) and len(number) == 12:
        return _cccd_problems(number, today)
    return _format_problems(number, kind)


def _format_problems(number: str, kind: IdType | None) -> list[str]:
    if kind is IdType.PASSPORT:
        if not _PASSPORT.fullmatch(number):
            return ["Số hộ chiếu phải gồm 6–20 chữ cái in hoa hoặc chữ số."]
        return []
    if kind is None:
        if not _DIGITS.fullmatch(number):
            return [
                "Số định danh chỉ gồm chữ số (12 số CCCD hoặc 9 số CMND); "
                'với hộ chiếu hãy gửi kèm "id_type": "passport".'
            ]
        return [
            f"Số định danh phải có 12 chữ số (CCCD) hoặc 9 chữ số (CMND cũ), nhận được {len(number)} chữ số; "
            'với hộ chiếu hãy gửi kèm "id_type": "passport".'
        ]
    if not _DIGITS.fullmatch(number):
        return [f"Số {kind.value.upper()} chỉ gồm chữ số."]
    if kind is IdType.CMND:
        if len(number) != 9:
            return [f"Số CMND phải có đúng 9 chữ số, nhận được {len(number)} chữ số."]
        return []
    return [f"Số CCCD phải có đúng 12 chữ số, nhận được {len(number)} chữ số."]


def _cccd_problems(number: str, today: date) -> list[str]:
    """A 12-digit CCCD: its province of birth registration and its birth year."""
    problems = []
    province = number[:3]
    if province not in PROVINCE_CODES:
        problems.append(
            f"Mã tỉnh nơi đăng ký khai sinh '{province}' (3 chữ số đầu) không hợp lệ: "
            "phải là một trong 63 mã tỉnh từ 001 đến 096."
        )
    year = birth_year(number)
    if year > today.year:
        problems.append(
            f"Chữ số thế kỷ/giới tính '{number[3]}' và năm sinh '{number[4:6]}' cho năm sinh {year}, sau năm hiện tại."
        )
    return problems
