"""The forms' printed layout: Vietnamese headings and column order, shared by the CSV, XLSX and PDF files.

Basis: Biểu 01/TCD and 02/XLD of the reporting regime (TT 02/2021/TT-TTCP, forms as in TT 01/2024/TT-TTCP, used
by TT 06/2025/TT-TTCP): units as rows, the indicators under multi-level column headings, the national heading and
the signature blocks; the daily report is the ward's own table for special periods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tiepdan.reports.domain.periods import Period


@dataclass(frozen=True)
class FormColumn:
    """A figure's place in the form: `path` into the figures document, the heading group, an optional middle
    heading (`sub`) and the column label."""

    path: tuple[str, ...]
    group: str
    label: str
    sub: str = ""

    @property
    def headings(self) -> tuple[str, ...]:
        """The column's headings from the top; a label the same as its group is printed once."""
        if self.group == self.label:
            return (self.group,)
        return (self.group, self.sub, self.label) if self.sub else (self.group, self.label)

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
    #: the reporting unit's full name ("UBND phường Bách Quang"), printed above the form
    issuer: str = ""

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
        ("visits", "", "Lượt"),
        ("persons", "", "Người"),
        ("cases_first", "Vụ việc", "Lần đầu"),
        ("cases_repeat", "Vụ việc", "Nhiều lần"),
        ("groups", "Đoàn đông người", "Số đoàn"),
        ("group_persons", "Đoàn đông người", "Số người"),
        ("groups_first", "Đoàn đông người", "Lần đầu"),
        ("groups_repeat", "Đoàn đông người", "Nhiều lần"),
    ]
    if with_sessions:
        leaves.insert(0, ("sessions", "", "Kỳ tiếp"))
    return [FormColumn((key, leaf), group, label, sub) for leaf, sub, label in leaves]


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
        FormColumn(("by_content", kind, content), "Phân loại vụ việc theo nội dung", content_label, kind_label)
        for kind, kind_label in _KIND_LABELS
        for content, content_label in _CONTENT_LABELS
    ),
    FormColumn(("by_status", "resolved_first"), "Theo tình trạng giải quyết", "Đã giải quyết lần đầu"),
    FormColumn(("by_status", "resolved_second"), "Theo tình trạng giải quyết", "Đã giải quyết lần 2"),
    FormColumn(("by_status", "resolved_by_court"), "Theo tình trạng giải quyết", "Đã có bản án của Tòa"),
    FormColumn(("by_status", "not_resolved"), "Theo tình trạng giải quyết", "Chưa giải quyết"),
    FormColumn(("outcome", "competent", "complaint_first"), "Kết quả xử lý", "Khiếu nại lần đầu", "Thuộc thẩm quyền"),
    FormColumn(("outcome", "competent", "complaint_second"), "Kết quả xử lý", "Khiếu nại lần 2", "Thuộc thẩm quyền"),
    FormColumn(("outcome", "competent", "denunciation"), "Kết quả xử lý", "Tố cáo", "Thuộc thẩm quyền"),
    FormColumn(("outcome", "competent", "recommendation"), "Kết quả xử lý", "Kiến nghị, phản ánh", "Thuộc thẩm quyền"),
    FormColumn(("outcome", "not_competent", "guided"), "Kết quả xử lý", "Hướng dẫn", "Không thuộc thẩm quyền"),
    FormColumn(("outcome", "not_competent", "transferred"), "Kết quả xử lý", "Chuyển đơn", "Không thuộc thẩm quyền"),
    FormColumn(("outcome", "not_competent", "urged"), "Kết quả xử lý", "Đôn đốc giải quyết", "Không thuộc thẩm quyền"),
    FormColumn(("deadlines", "met"), "Thời hạn", "Đúng hạn"),
    FormColumn(("deadlines", "missed"), "Thời hạn", "Quá hạn"),
    FormColumn(("deadlines", "pending"), "Thời hạn", "Còn hạn"),
)

_COORDINATION_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("coordination", "plans_opened"), "Phương án xử lý", "Lập mới"),
    FormColumn(("coordination", "plans_closed"), "Phương án xử lý", "Kết thúc"),
    FormColumn(("coordination", "tasks_assigned"), "Nhiệm vụ", "Giao mới"),
    FormColumn(("coordination", "tasks_reported"), "Nhiệm vụ", "Báo cáo hoàn thành"),
    FormColumn(("coordination", "tasks_overdue"), "Nhiệm vụ", "Quá hạn"),
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
    *_COORDINATION_COLUMNS,
)

PLAN_COLUMNS: tuple[FormColumn, ...] = (
    FormColumn(("receptions", "visits"), "Tiếp công dân", "Lượt"),
    FormColumn(("receptions", "persons"), "Tiếp công dân", "Người"),
    FormColumn(("receptions", "groups"), "Tiếp công dân", "Đoàn đông người"),
    FormColumn(("receptions", "petitions"), "Đơn", "Tiếp nhận"),
    FormColumn(("cases_by_kind", "complaint"), "Vụ việc", "Khiếu nại"),
    FormColumn(("cases_by_kind", "denunciation"), "Vụ việc", "Tố cáo"),
    FormColumn(("cases_by_kind", "recommendation"), "Vụ việc", "Kiến nghị"),
    FormColumn(("cases_by_kind", "feedback"), "Vụ việc", "Phản ánh"),
    FormColumn(("cases_by_kind", "mixed"), "Vụ việc", "Nhiều nội dung"),
    FormColumn(("alerts_by_kind", "crowd"), "Cảnh báo phát sinh", "Đông người"),
    FormColumn(("alerts_by_kind", "hotspot"), "Cảnh báo phát sinh", "Điểm nóng"),
    FormColumn(("alerts_by_kind", "repeat"), "Cảnh báo phát sinh", "Kéo dài, tái diễn"),
    FormColumn(("alerts_by_kind", "over_level"), "Cảnh báo phát sinh", "Vượt cấp"),
    FormColumn(("alerts_by_kind", "party_personnel"), "Cảnh báo phát sinh", "Nhân sự Đại hội"),
    FormColumn(("alerts_by_kind", "overdue"), "Cảnh báo phát sinh", "Quá hạn"),
    FormColumn(("alerts_by_kind", "coverage_gap"), "Cảnh báo phát sinh", "Thiếu người trực"),
    FormColumn(("alerts_by_kind", "election_hold"), "Cảnh báo phát sinh", "Đơn về người ứng cử lưu giữ"),
    *_COORDINATION_COLUMNS,
    FormColumn(("special_days",), "Ngày cao điểm", "Ngày cao điểm"),
)

TEMPLATES: dict[str, tuple[str, str, tuple[FormColumn, ...]]] = {
    "01/TCD": ("Biểu số 01/TCD", "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", RECEPTION_COLUMNS),
    "02/XLD": ("Biểu số 02/XLD", "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN", HANDLING_COLUMNS),
    "daily": ("Báo cáo ngày", "TÌNH HÌNH TIẾP CÔNG DÂN, XỬ LÝ ĐƠN TRONG NGÀY", DAILY_COLUMNS),
    # plan III.2: the figures of the report on carrying out the plan; its PDF is the paper (domain/papers.py)
    "plan": ("Báo cáo kế hoạch", "KẾT QUẢ THỰC HIỆN KẾ HOẠCH TIẾP CÔNG DÂN", PLAN_COLUMNS),
}
TOTAL_ROW = "Tổng cộng"


def period_line(period: Period) -> str:
    return f"Kỳ báo cáo: từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"


def form_table(
    template: str,
    period: Period,
    rows: Sequence[tuple[str, Mapping[str, Any]]],
    total: Mapping[str, Any] | None,
    issuer: str = "",
) -> FormTable:
    """Lay out figures as the form prints them; `rows` are units (or days of a daily report) with their figures."""
    code, title, columns = TEMPLATES[template]
    printed = [(label, tuple(column.value(figures) for column in columns)) for label, figures in rows]
    if total is not None:
        printed.append((TOTAL_ROW, tuple(column.value(total) for column in columns)))
    row_heading = "Ngày" if template == "daily" else "Đơn vị"
    return FormTable(code, title, period_line(period), row_heading, columns, tuple(printed), issuer)


@dataclass(frozen=True)
class HeaderCell:
    """One printed heading: its text, first row and column (0-based, within the heading rows and the columns) and
    how many rows and columns it covers (merged cells)."""

    text: str
    row: int
    column: int
    rows: int = 1
    columns: int = 1


def header_cells(columns: Sequence[FormColumn]) -> tuple[int, list[HeaderCell]]:
    """The column headings as merged cells: equal headings of neighbouring columns under the same parent merge
    across, a column's last heading reaches down to the bottom heading row. Returns (heading rows, cells)."""
    depth = max((len(column.headings) for column in columns), default=1)
    cells: list[HeaderCell] = []
    for level in range(depth):
        index = 0
        while index < len(columns):
            headings = columns[index].headings
            if level >= len(headings):
                index += 1
                continue
            last = level == len(headings) - 1
            span = 1
            while not last and index + span < len(columns):
                other = columns[index + span].headings
                if len(other) <= level + 1 or other[: level + 1] != headings[: level + 1]:
                    break
                span += 1
            cells.append(HeaderCell(headings[level], level, index, depth - level if last else 1, span))
            index += span
    return depth, cells


def column_sections(columns: Sequence[FormColumn], most: int) -> list[tuple[int, int]]:
    """Split a wide form into tables of at most `most` columns for the page, breaking only between middle
    headings (or groups), so no merged heading is cut unless a single heading is wider than a page."""
    blocks: list[tuple[int, int]] = []
    for index, column in enumerate(columns):
        key = column.headings[:-1]
        if blocks and columns[blocks[-1][0]].headings[:-1] == key and key and blocks[-1][1] - blocks[-1][0] < most:
            blocks[-1] = (blocks[-1][0], index + 1)
        else:
            blocks.append((index, index + 1))
    sections: list[tuple[int, int]] = []
    for start, end in blocks:
        if sections and end - sections[-1][0] <= most:
            sections[-1] = (sections[-1][0], end)
        else:
            sections.append((start, end))
    return sections


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
