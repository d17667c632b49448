import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from tiepdan.reports.adapters.files import render_csv, render_xlsx
from tiepdan.reports.domain.forms import TEMPLATES, column_sections, form_table, header_cells
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.reception import ReceptionFigures, VisitFact, tally_visits

Q1 = CutOffRule().window("quarter", 2026, 1)


def _q1_table(visit_facts: list[VisitFact]):
    per_unit = tally_visits(visit_facts, Q1)
    rows = [(unit, figures.to_dict()) for unit, figures in per_unit.items()]
    total = (per_unit["bach-quang"].to_dict(), per_unit["tran-phu"].to_dict())
    summed = {key: {name: total[0][key][name] + total[1][key][name] for name in total[0][key]} for key in total[0]}
    return form_table("01/TCD", Q1, rows, summed)


def test_every_template_names_distinct_figures() -> None:
    for _code, _title, columns in TEMPLATES.values():
        paths = [column.path for column in columns]
        assert len(paths) == len(set(paths))


def test_reception_form_has_every_contract_figure_once() -> None:
    _, _, columns = TEMPLATES["01/TCD"]
    contract = ReceptionFigures().to_dict()
    assert {column.path for column in columns} == {(group, name) for group in contract for name in contract[group]}


def test_heading_groups_span_their_columns(visit_facts: list[VisitFact]) -> None:
    table = _q1_table(visit_facts)
    assert table.heading_groups[:2] == [("Tổng số", 3), ("Tiếp thường xuyên", 8)]
    assert sum(span for _, span in table.heading_groups) == len(table.columns)


def test_csv_has_a_bom_and_the_figures(visit_facts: list[VisitFact]) -> None:
    data = render_csv(_q1_table(visit_facts))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Đơn vị", "Tổng số — Lượt", "Tổng số — Người"]
    assert rows[1][:4] == ["bach-quang", "8", "35", "6"]
    assert rows[-1][:4] == ["Tổng cộng", "9", "40", "7"]


def test_xlsx_opens_with_the_form_headings(visit_facts: list[VisitFact]) -> None:
    data = render_xlsx(
        _q1_table(visit_facts), ["Thời điểm chốt số liệu: 15/03/2026 00:00"], datetime(2026, 3, 15, tzinfo=UTC)
    )
    sheet = load_workbook(io.BytesIO(data)).active
    texts = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {"Biểu số 01/TCD", "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", "Tiếp thường xuyên", "Kỳ tiếp"} <= texts
    assert "Thủ trưởng tiếp định kỳ và đột xuất" in texts
    assert "Kỳ báo cáo: từ ngày 15/12/2025 đến ngày 14/03/2026" in texts
    rows = {row[0].value: [cell.value for cell in row[1:4]] for row in sheet.iter_rows() if row[0].value}
    assert rows["bach-quang"] == [8, 35, 6]
    assert rows["Tổng cộng"] == [9, 40, 7]


def test_xlsx_merges_the_multi_level_headings_and_prints_names(visit_facts: list[VisitFact]) -> None:
    per_unit = tally_visits(visit_facts, Q1)
    table = form_table(
        "01/TCD", Q1, [("UBND phường Bách Quang", per_unit["bach-quang"].to_dict())], None, "UBND phường Bách Quang"
    )
    sheet = load_workbook(io.BytesIO(render_xlsx(table, [], datetime(2026, 3, 15, tzinfo=UTC)))).active
    merged = {str(cells): sheet.cell(cells.min_row, cells.min_col).value for cells in sheet.merged_cells.ranges}
    spans = {value: ref for ref, value in merged.items()}
    top = next(cell.row for cell in sheet["A"] if cell.value == "Đơn vị")
    # three heading rows: the unit column spans them, groups span their columns, leaves reach the bottom row
    assert spans["Đơn vị"] == f"A{top}:A{top + 2}"
    assert spans["Tổng số"] == f"B{top}:D{top}"
    assert spans["Tiếp thường xuyên"] == f"E{top}:L{top}"
    assert merged[f"E{top + 1}:E{top + 2}"] == "Lượt"
    assert merged[f"G{top + 1}:H{top + 1}"] == "Vụ việc"
    assert merged[f"I{top + 1}:L{top + 1}"] == "Đoàn đông người"
    assert sheet.cell(top + 2, 7).value == "Lần đầu"
    assert merged[f"M{top + 1}:M{top + 2}"] == "Kỳ tiếp"
    texts = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {"UBND PHƯỜNG BÁCH QUANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"} <= texts
    assert {"Người lập biểu", "Thủ trưởng đơn vị", "Ngày 15 tháng 03 năm 2026"} <= texts
    assert sheet.page_setup.orientation == "landscape"
    numbers = [cell.value for cell in sheet[top + 3]]
    assert numbers[:3] == ["A", 1, 2]
    assert numbers[-1] == 29


def test_header_cells_cover_every_column_once_on_each_heading_row() -> None:
    for _code, _title, columns in TEMPLATES.values():
        depth, cells = header_cells(columns)
        covered = {
            (row, column)
            for c in cells
            for row in range(c.row, c.row + c.rows)
            for column in range(c.column, c.column + c.columns)
        }
        assert len(covered) == sum(c.rows * c.columns for c in cells)  # no overlap
        assert covered == {(row, column) for row in range(depth) for column in range(len(columns))}


def test_wide_forms_split_between_headings() -> None:
    _, _, columns = TEMPLATES["02/XLD"]
    sections = column_sections(columns, 30)
    assert sections[0][0] == 0
    assert sections[-1][1] == len(columns)
    assert all(end - start <= 30 for start, end in sections)
    for _start, end in sections[:-1]:
        assert columns[end - 1].headings[:-1] != columns[end].headings[:-1]
    assert column_sections(TEMPLATES["01/TCD"][2], 30) == [(0, 29)]
