"""The forms' printed layout: Vietnamese headings and column order, shared by the CSV, XLSX and PDF files.

Basis: Biểu 01/TCD and 02/XLD of TT 01/2024/TT-TTCP as used by TT 06/2025/TT-TTCP; the daily report is the
ward's own table for special periods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tiepdan.reports.domain.periods import Period


@dataclass(frozen=True)
class FormColumn:
    """A figure's place in the form: `path` into the figures document, the heading group and the column label."""

    path: tuple[str, ...]
    group: str
    label: str

    def value(self, figures: Mapping[str, Any]) -> int:
        node: Any = figures
        for key in self.path:
            node = node.get(key, 0) if isinstance(node, Mapping) else 0
        return int(node) if isinstance(node, int) else 0


@dataclass(frozen=True)
class FormTable:
    """One form ready to print: the first column names the row (a unit, a day, or the total)."""

    code: str
    title: str
    period_line: str
    row_heading: str
    columns: tuple[FormColumn, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def heading_groups(self) -> list[tuple[str, int]]:
        """Consecutive columns under one group heading, as (heading, span) for merged header cells."""
        spans: list[tuple[str, int]] = []
        for column in self.columns:
            if spans and spans[-1][0] == column.group:
                spans[-1] = (column.group, spans[-1][1] + 1)
            else:
                spans.append((column.group, 1))
        return spans


def _reception_column(key: str, group: str, with_sessions: bool) -> list[FormColumn]:
    leaves = [
        ("visits", "Lượt"),
        ("persons", "Người"),
        ("cases_first", "Vụ việc lần đầu"),
        ("cases_repeat", "Vụ việc nhiều lần"),
        ("groups", "Đoàn đông người"),
        ("group_persons", "Người trong đoàn"),
        ("groups_first", "Đoàn lần đầu"),
        ("groups_repeat", "Đoàn nhiều lần"),
    ]
    if with_sessions:
        leaves.insert(0, ("sessions", "Kỳ tiếp"))
    return [FormColumn((key, leaf), group, label) for leaf, label in leaves]


RECEPTION_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("total", "visits"), "Tổng số", "Lượt"),
    FormColumn(("total", "persons"), "Tổng số", "Người"),
    FormColumn(("total", "cases"), "Tổng số", "Vụ việc"),
    *_reception_column("regular", "Tiếp thường xuyên", with_sessions=False),
    *_reception_column("head", "Thủ trưởng tiếp định kỳ và đột xuất", with_sessions=True),
    *_reception_column("delegated", "Thủ trưởng ủy quyền tiếp", with_sessions=True),
)

_CONTENT_LABELS = (
    ("policy", "Chế độ, chính sách"),
    ("land_housing", "Đất đai, nhà cửa"),
    ("administrative_other", "Hành chính khác"),
    ("judicial", "Tư pháp"),
    ("party", "Đảng"),
    ("other", "Khác"),
    ("total", "Cộng"),
)
_KIND_LABELS = (
    ("complaint", "Khiếu nại"),
    ("denunciation", "Tố cáo"),
    ("recommendation", "Kiến nghị, phản ánh"),
    ("mixed", "Nhiều nội dung"),
    ("total", "Tổng các loại"),
)

HANDLING_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("petitions", "carried_over"), "Số đơn", "Kỳ trước chuyển sang"),
    FormColumn(("petitions", "received"), "Số đơn", "Tiếp nhận trong kỳ"),
    FormColumn(("petitions", "total"), "Số đơn", "Tổng số đơn"),
    FormColumn(("petitions", "handled"), "Số đơn", "Đã xử lý"),
    FormColumn(("petitions", "not_handled"), "Số đơn", "Chưa xử lý"),
    FormColumn(("eligible", "petitions"), "Đủ điều kiện xử lý", "Số đơn"),
    FormColumn(("eligible", "cases"), "Đủ điều kiện xử lý", "Số vụ việc"),
    *(
        FormColumn(("by_content", kind, content), f"Theo nội dung — {kind_label}", content_label)
        for kind, kind_label in _KIND_LABELS
        for content, content_label in _CONTENT_LABELS
    ),
    FormColumn(("by_status", "resolved_first"), "Theo tình trạng giải quyết", "Đã giải quyết lần đầu"),
    FormColumn(("by_status", "resolved_second"), "Theo tình trạng giải quyết", "Đã giải quyết lần 2"),
    FormColumn(("by_status", "resolved_by_court"), "Theo tình trạng giải quyết", "Đã có bản án của Tòa"),
    FormColumn(("by_status", "not_resolved"), "Theo tình trạng giải quyết", "Chưa giải quyết"),
    FormColumn(("outcome", "competent", "complaint_first"), "Thuộc thẩm quyền", "Khiếu nại lần đầu"),
    FormColumn(("outcome", "competent", "complaint_second"), "Thuộc thẩm quyền", "Khiếu nại lần 2"),
    FormColumn(("outcome", "competent", "denunciation"), "Thuộc thẩm quyền", "Tố cáo"),
    FormColumn(("outcome", "competent", "recommendation"), "Thuộc thẩm quyền", "Kiến nghị, phản ánh"),
    FormColumn(("outcome", "not_competent", "guided"), "Không thuộc thẩm quyền", "Hướng dẫn"),
    FormColumn(("outcome", "not_competent", "transferred"), "Không thuộc thẩm quyền", "Chuyển đơn"),
    FormColumn(("outcome", "not_competent", "urged"), "Không thuộc thẩm quyền", "Đôn đốc giải quyết"),
    FormColumn(("deadlines", "met"), "Thời hạn", "Đúng hạn"),
    FormColumn(("deadlines", "missed"), "Thời hạn", "Quá hạn"),
    FormColumn(("deadlines", "pending"), "Thời hạn", "Còn hạn"),
)

DAILY_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("visits",), "Tiếp công dân", "Lượt"),
    FormColumn(("persons",), "Tiếp công dân", "Người"),
    FormColumn(("groups",), "Tiếp công dân", "Đoàn đông người"),
    FormColumn(("petitions",), "Đơn", "Tiếp nhận"),
    FormColumn(("open_alerts", "crowd"), "Cảnh báo đang mở", "Đông người"),
    FormColumn(("open_alerts", "hotspot"), "Cảnh báo đang mở", "Điểm nóng"),
    FormColumn(("open_alerts", "repeat"), "Cảnh báo đang mở", "Kéo dài, tái diễn"),
    FormColumn(("open_alerts", "over_level"), "Cảnh báo đang mở", "Vượt cấp"),
    FormColumn(("open_alerts", "party_personnel"), "Cảnh báo đang mở", "Nhân sự Đại hội"),
    FormColumn(("open_alerts", "overdue"), "Cảnh báo đang mở", "Quá hạn"),
    FormColumn(("open_alerts", "coverage_gap"), "Cảnh báo đang mở", "Thiếu người trực"),
    # Luật Bầu cử 2015, Điều 61: complaints and denunciations about candidates held in the last 10 days
    FormColumn(("open_alerts", "election_hold"), "Cảnh báo đang mở", "Đơn về người ứng cử lưu giữ"),
    FormColumn(("overdue_cases",), "Vụ việc", "Quá hạn"),
)

TEMPLATES: dict[str, tuple[str, str, tuple[FormColumn, ...]]] = {
    "01/TCD": ("Biểu số 01/TCD", "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", RECEPTION_COLUMNS),
    "02/XLD": ("Biểu số 02/XLD", "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN", HANDLING_COLUMNS),
    "daily": ("Báo cáo ngày", "TÌNH HÌNH TIẾP CÔNG DÂN, XỬ LÝ ĐƠN TRONG NGÀY", DAILY_COLUMNS),
}
TOTAL_ROW = "Tổng cộng"


def period_line(period: Period) -> str:
    return f"Kỳ báo cáo: từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"


def form_table(
    template: str, period: Period, rows: Sequence[tuple[str, Mapping[str, Any]]], total: Mapping[str, Any] | None
) -> FormTable:
    """Lay out figures as the form prints them; `rows` are units (or days of a daily report) with their figures."""
    code, title, columns = TEMPLATES[template]
    printed = [(label, tuple(column.value(figures) for column in columns)) for label, figures in rows]
    if total is not None:
        printed.append((TOTAL_ROW, tuple(column.value(total) for column in columns)))
    row_heading = "Ngày" if template == "daily" else "Đơn vị"
    return FormTable(code, title, period_line(period), row_heading, columns, tuple(printed))


#: the contract's fields as users read them (charts, figures by field)
FIELD_LABELS: dict[str, str] = {
    "land": "Đất đai",
    "compensation": "Bồi thường, GPMB",
    "housing": "Nhà ở",
    "social_policy": "Chế độ, chính sách",
    "religion": "Tôn giáo",
    "environment": "Môi trường",
    "official_conduct": "Cán bộ, công chức",
    "party": "Đảng",
    "justice": "Tư pháp",
    "election": "Bầu cử",
    "other": "Khác",
}
