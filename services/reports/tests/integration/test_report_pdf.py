"""The PDF reads back as text laid out line by line, as a person or the province's tooling would read it."""

import re
from collections.abc import Callable
from datetime import date

from tiepdan.reports.adapters.charts import ChartData, DayPoint, render_chart
from tiepdan.reports.adapters.files import render_pdf
from tiepdan.reports.domain.forms import form_table
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.reception import VisitFact, tally_visits


def test_pdf_figures_read_back(visit_facts: list[VisitFact], pdf_text: Callable[[bytes], str]) -> None:
    period = CutOffRule().window("quarter", 2026, 1)
    figures = tally_visits(visit_facts, period)["bach-quang"].to_dict()
    chart = render_chart(ChartData("Lượt tiếp", [DayPoint(date(2026, 1, 19), 2, 13, 1)], [("Đất đai", 2)], []))
    pdf = render_pdf(form_table("01/TCD", period, [("Phường Bách Quang", figures)], None), ["Chốt số liệu"], chart)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN" in text
    cells = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if "—" in line]
    lines = {row[0]: row[-1] for row in cells}
    assert lines["Tổng số — Lượt"] == "8"
    assert lines["Tổng số — Người"] == "35"
    assert lines["Thủ trưởng tiếp định kỳ và đột xuất — Người"] == "19"
    assert lines["Thủ trưởng ủy quyền tiếp — Kỳ tiếp"] == "2"


def test_same_figures_give_the_same_pdf_bytes(visit_facts: list[VisitFact]) -> None:
    period = CutOffRule().window("quarter", 2026, 1)
    table = form_table("01/TCD", period, [("bq", tally_visits(visit_facts, period)["bach-quang"].to_dict())], None)
    assert render_pdf(table, []) == render_pdf(table, [])
