"""The forms' PDF in the official layout: read back with pypdf as a person or the province's tooling reads it."""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from tiepdan.reports.adapters.charts import ChartData, DayPoint, render_chart
from tiepdan.reports.adapters.files import render_pdf
from tiepdan.reports.domain.forms import form_table
from tiepdan.reports.domain.handling import tally_unit
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.reception import VisitFact, tally_visits

Q1 = CutOffRule().window("quarter", 2026, 1)
MADE = datetime(2026, 3, 15, 3, 0, tzinfo=UTC)


def test_reception_form_reads_back_in_its_layout(
    visit_facts: list[VisitFact], pdf_text: Callable[[bytes], str]
) -> None:
    figures = tally_visits(visit_facts, Q1)["bach-quang"].to_dict()
    chart = render_chart(ChartData("Lượt tiếp", [DayPoint(date(2026, 1, 19), 2, 13, 1)], [("Đất đai", 2)], []))
    table = form_table("01/TCD", Q1, [("UBND phường Bách Quang", figures)], None, "UBND phường Bách Quang")
    text = pdf_text(render_pdf(table, ["Chốt số liệu"], MADE, chart))
    for line in (
        "UBND PHƯỜNG BÁCH QUANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Biểu số 01/TCD",
        "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN",
        "Kỳ báo cáo: từ ngày 15/12/2025 đến ngày 14/03/2026",
        "Tiếp thường xuyên",
        "Thủ trưởng tiếp định kỳ và đột xuất",
        "Đoàn đông người",
        "Người lập biểu",
        "Thủ trưởng đơn vị",
        "Ngày 15 tháng 03 năm 2026",
    ):
        assert line in text, line
    assert "bach-quang" not in text
    # the unit's row: its name, then the 29 columns' figures left to right
    row = next(line for line in text.splitlines() if line.strip().startswith("UBND phường Bách Quang"))
    values = [int(value) for value in re.findall(r"\b\d+\b", row.split("Quang", 1)[1])]
    assert len(values) == 29
    assert values[:3] == [8, 35, 6]  # Tổng số: lượt, người, vụ việc
    numbers = next(line for line in text.splitlines() if line.strip().startswith("A "))
    assert numbers.split()[1:] == [str(n) for n in range(1, 30)]


def test_the_wide_handling_form_continues_with_the_unit_column_repeated(pdf_text: Callable[[bytes], str]) -> None:
    empty = tally_unit([], {}, [], Q1)
    rows = [("UBND phường Bách Quang", empty), ("UBND phường Trần Phú", empty)]
    text = pdf_text(render_pdf(form_table("02/XLD", Q1, rows, empty, "UBND phường Bách Quang"), [], MADE))
    assert "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN" in text
    assert "Biểu số 02/XLD" in text
    assert text.count("UBND phường Trần Phú") == 2  # each of the two tables lists every unit
    assert text.count("Tổng cộng") == 2
    for heading in ("Phân loại vụ việc theo nội dung", "Khiếu nại", "Tố cáo", "Kết quả xử lý", "Thời hạn"):
        assert heading in text, heading


def test_same_figures_give_the_same_pdf_bytes(visit_facts: list[VisitFact]) -> None:
    table = form_table("01/TCD", Q1, [("bq", tally_visits(visit_facts, Q1)["bach-quang"].to_dict())], None, "UBND")
    assert render_pdf(table, [], MADE) == render_pdf(table, [], MADE)
