import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from tiepdan.reports.adapters.files import render_csv, render_xlsx
from tiepdan.reports.domain.forms import TEMPLATES, form_table
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
