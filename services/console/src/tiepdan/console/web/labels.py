"""The labels of intake's closed lists (docs/contract.md), in the words of the official forms: one table for every
page, as the alerts' titles word them; and what a unit nothing names is called."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "complaint": _l("Khiếu nại"),
    "denunciation": _l("Tố cáo"),
    "recommendation": _l("Kiến nghị"),
    "feedback": _l("Phản ánh"),
    "mixed": _l("Nhiều nội dung"),
}
FIELD_LABELS = {
    "land": _l("Đất đai"),
    "compensation": _l("Bồi thường, hỗ trợ, tái định cư"),
    "housing": _l("Nhà ở"),
    "social_policy": _l("Chính sách xã hội"),
    "religion": _l("Tôn giáo"),
    "environment": _l("Môi trường"),
    "official_conduct": _l("Công vụ, cán bộ"),
    "party": _l("Đảng"),
    "justice": _l("Tư pháp"),
    "election": _l("Bầu cử"),
    "other": _l("Khác"),
}


def unnamed_unit(code: str) -> str:
    """A unit nothing names: said so, with its code, for an administrator to name it (reports' PUT /api/v1/units)."""
    return _("Đơn vị chưa đặt tên (mã %(code)s)", code=code)
