"""The labels of intake's closed lists (docs/contract.md), in the words of the official forms: one table for every
page, as the alerts' titles word them; and the units' names, the header's and the pages' alike."""

from __future__ import annotations

from collections.abc import Mapping

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .context import console

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


def unit_names() -> Mapping[str, str]:
    """The units' names: the console's setting, then those the platform keeps, which win (reports' `/api/v1/units`:
    its shipped names and an administrator's, from the process's copy). Taken once a request, so that a page's
    header and body never name a unit two ways."""
    names: Mapping[str, str] | None = g.get("unit_names")
    if names is None:
        ctx = console()
        names = g.unit_names = {**ctx.config.unit_names, **ctx.unit_names.current()}
    return names


def ward_name(code: str) -> str:
    return unit_names().get(code) or unnamed_unit(code)
