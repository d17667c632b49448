"""Administrative documents as PDF in the layout of Nghị định 30/2020/NĐ-CP (thể thức văn bản hành chính).

Fonts: DejaVu, which matplotlib's wheel ships (reportlab's built-in fonts cannot encode Vietnamese, and taking the
font from the wheel keeps services free of system font packages); the serif face stands in for Times New Roman.
Needs the `pdf` extra (reportlab, matplotlib).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

SERIF, SERIF_BOLD, SERIF_ITALIC = "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"
SANS, SANS_BOLD = "DejaVuSans", "DejaVuSans-Bold"
#: Quốc hiệu and Tiêu ngữ (NĐ 30/2020, Phụ lục I, mục 1).
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


#: reportlab keeps a TrueType font's subsetting state on the shared font object: two documents built at once in
#: one process (threaded web workers) corrupt each other's subsets. Build one document at a time.
RENDER_LOCK = threading.Lock()


@cache
def register_fonts() -> None:
    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name in (SERIF, SERIF_BOLD, SERIF_ITALIC, SANS, SANS_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_dir / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD)


def style(
    name: str, size: float = 12, bold: bool = False, italic: bool = False, align: int = 0, **kw: float
) -> ParagraphStyle:
    font = SERIF_BOLD if bold else SERIF_ITALIC if italic else SERIF
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align, **kw)


class Rule(Flowable):
    """The short line under the issuing body and under the Tiêu ngữ, centred in its cell."""

    def __init__(self, width: float, length: float) -> None:
        super().__init__()
        self.width, self.length, self.height = width, length, 3 * mm

    def draw(self) -> None:
        start = (self.width - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, 1.5 * mm, start + self.length, 1.5 * mm)


def _lines(text: str, paragraph_style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(line, paragraph_style) for line in text.splitlines()]


def heading(body: str, number_line: str, place_date: str, width: float) -> Table:
    """Two columns: the issuing body (ô 2) over the number and symbol (ô 3); the Quốc hiệu and Tiêu ngữ (ô 1)
    over the place and date (ô 4), italic."""
    left, right = width * 0.38, width * 0.62
    body_lines = body.splitlines()
    organ = [Paragraph(line, style("organ", 11.5, align=1)) for line in body_lines[:-1]]
    organ.append(Paragraph(body_lines[-1], style("organ-b", 11.5, bold=True, align=1)))
    nation = [
        Paragraph(NATIONAL_NAME, style("nation", 10.5, bold=True, align=1)),
        Paragraph(MOTTO, style("motto", 12, bold=True, align=1)),
    ]
    cells = [
        [[*organ, Rule(left, 28 * mm)], [*nation, Rule(right, 55 * mm)]],
        [
            Paragraph(number_line, style("number", 12, align=1)),
            Paragraph(place_date, style("date", 12, italic=True, align=1)),
        ],
    ]
    table = Table(cells, colWidths=[left, right])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
            ]
        )
    )
    return table


def signature(recipients: Sequence[str], signer_title: str, signer_name: str, width: float) -> Table:
    """Nơi nhận (ô 9b, left, 12 pt bold italic heading, 11 pt lines) beside the signer's title and name (ô 7)."""
    left, right = width * 0.45, width * 0.55
    recipient_lines = [Paragraph("<b><i>Nơi nhận:</i></b>", style("to", 12))]
    recipient_lines += [Paragraph(f"- {line};", style("to-line", 11)) for line in recipients[:-1]]
    recipient_lines += [Paragraph(f"- {line}.", style("to-line", 11)) for line in recipients[-1:]]
    signer = [
        *_lines(signer_title, style("signer", 12, bold=True, align=1)),
        Paragraph("(Ký, ghi rõ họ tên, đóng dấu)", style("sign-note", 11, italic=True, align=1, spaceAfter=22 * mm)),
        Paragraph(signer_name or " ", style("signer-name", 12, bold=True, align=1)),
    ]
    table = Table([[recipient_lines, signer]], colWidths=[left, right])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
            ]
        )
    )
    return table


def title(text: str) -> list[Paragraph]:
    """The document's name (ô 5a) bold upper case, its summary line under it bold, both centred."""
    first, *rest = text.splitlines()
    found = [Paragraph(first, style("title", 13, bold=True, align=1, spaceBefore=6 * mm))]
    found += [Paragraph(line, style("summary", 12, bold=True, align=1)) for line in rest]
    return found
