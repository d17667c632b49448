"""The reports issued as papers (NĐ 30/2020/NĐ-CP layout): the day's report to the Chairman and the report on
carrying out the plan (plan III.2). What they say is decided here; `adapters/papers.py` prints it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tiepdan.reports.domain.chairman import RECEPTION_LABELS, figure_lines
from tiepdan.reports.domain.coordination import OUTCOME_LABELS
from tiepdan.reports.domain.narrative import Narrative
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.plan import ALERT_KIND_LABELS, CASE_KIND_LABELS

NOT_WRITTEN = "(Văn phòng chưa bổ sung.)"


@dataclass(frozen=True)
class Paper:
    issuing_body: str
    number_line: str
    place_date: str
    title: str
    addressee: str
    #: (heading, paragraphs) in order; a figures table follows the section named by `table_after`
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    table: tuple[tuple[str, str], ...] = ()
    table_after: int = 0
    recipients: tuple[str, ...] = ("Lưu: VT",)
    signer_title: str = ""
    footnote: str = ""


def place_of(unit_name: str) -> str:
    """ "UBND phường Bách Quang" → "Bách Quang" (the place line names the ward)."""
    for marker in ("phường ", "xã ", "Phường ", "Xã "):
        if marker in unit_name:
            return unit_name.split(marker, 1)[1]
    return unit_name


def place_and_date(place: str, day: date) -> str:
    """NĐ 30/2020, Phụ lục I: days below 10 and the months 1 and 2 are written with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _issuer(unit_name: str) -> str:
    return f"{unit_name.upper()}\nVĂN PHÒNG HĐND VÀ UBND"


def _narrative_sections(narrative: Narrative | None, first: str, second: str) -> list[tuple[str, tuple[str, ...]]]:
    situation = narrative.situation if narrative and narrative.situation else NOT_WRITTEN
    proposals = narrative.proposals if narrative and narrative.proposals else NOT_WRITTEN
    return [(first, tuple(situation.splitlines())), (second, tuple(proposals.splitlines()))]


def _footnote(narrative: Narrative | None, files_sha256: Mapping[str, str]) -> str:
    checks = ", ".join(f"{fmt}: {digest[:16]}" for fmt, digest in sorted(files_sha256.items()))
    line = f"Số liệu theo báo cáo đã lập (SHA-256 {checks})."
    if narrative is not None:
        line += f" Nội dung Văn phòng lần {narrative.version}, mã {narrative.sha256[:16]}."
    return line


def daily_paper(
    unit_name: str,
    days: Sequence[tuple[date, Mapping[str, Any]]],
    narrative: Narrative | None,
    files_sha256: Mapping[str, str],
) -> Paper:
    """The day's report of a special period (or of its days), from the ward office to the Chairman."""
    day = days[-1][0]
    if len(days) == 1:
        lines = tuple(figure_lines(days[0][1]))
        named = f"ngày {day:%d/%m/%Y}"
    else:
        lines = tuple(f"Ngày {of:%d/%m/%Y}: {' '.join(figure_lines(figures))}" for of, figures in days)
        named = f"từ ngày {days[0][0]:%d/%m/%Y} đến ngày {day:%d/%m/%Y}"
    sections = [("I. SỐ LIỆU", lines)]
    sections += _narrative_sections(narrative, "II. TÌNH HÌNH", "III. ĐỀ XUẤT, KIẾN NGHỊ")
    return Paper(
        issuing_body=_issuer(unit_name),
        number_line="Số:       /BC-VP",
        place_date=place_and_date(place_of(unit_name), day),
        title=f"BÁO CÁO\nTình hình tiếp công dân, xử lý đơn {named}",
        addressee="Chủ tịch Ủy ban nhân dân phường",
        sections=tuple(sections),
        recipients=("Chủ tịch UBND phường (để b/c)", "Lưu: VT"),
        signer_title="CHÁNH VĂN PHÒNG",
        footnote=_footnote(narrative, files_sha256),
    )


def coordination_rows(counts: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Response plans opened and closed (by outcome), tasks given, reported done, overdue."""
    rows: list[tuple[str, Any]] = [
        ("Phương án xử lý lập mới", counts.get("plans_opened", 0)),
        ("Phương án xử lý kết thúc", counts.get("plans_closed", 0)),
    ]
    rows += [(f"— {label}", counts.get(key, 0)) for key, label in OUTCOME_LABELS.items()]
    rows += [
        ("Nhiệm vụ giao mới", counts.get("tasks_assigned", 0)),
        ("Nhiệm vụ báo cáo hoàn thành", counts.get("tasks_reported", 0)),
        ("— trong đó quá hạn mới hoàn thành", counts.get("tasks_reported_late", 0)),
        ("Nhiệm vụ quá hạn chưa hoàn thành", counts.get("tasks_overdue", 0)),
    ]
    return rows


def plan_rows(figures: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The plan report's figures as (indicator, value) rows of its table."""
    receptions = figures.get("receptions", {})
    rows = [
        ("Lượt tiếp công dân", receptions.get("visits", 0)),
        ("Người được tiếp", receptions.get("persons", 0)),
        ("Đoàn đông người", receptions.get("groups", 0)),
        ("Đơn tiếp nhận", receptions.get("petitions", 0)),
    ]
    by_reception = receptions.get("by_reception", {})
    rows += [
        (f"— {label} (lượt)", by_reception.get(key, {}).get("visits", 0)) for key, label in RECEPTION_LABELS.items()
    ]
    cases = figures.get("cases_by_kind", {})
    rows.append(("Vụ việc", cases.get("total", 0)))
    rows += [(f"— {label}", cases.get(key, 0)) for key, label in CASE_KIND_LABELS.items()]
    alerts = figures.get("alerts_by_kind", {})
    rows.append(("Cảnh báo phát sinh", alerts.get("total", 0)))
    rows += [(f"— {label}", alerts.get(key, 0)) for key, label in ALERT_KIND_LABELS.items()]
    rows += coordination_rows(figures.get("coordination", {}))
    rows.append(("Số ngày cao điểm (kỳ đặc biệt)", figures.get("special_days", 0)))
    return tuple((label, str(value)) for label, value in rows)


def plan_paper(
    unit_names: Sequence[str],
    period: Period,
    figures: Mapping[str, Any],
    narrative: Narrative | None,
    files_sha256: Mapping[str, str],
    issued_on: date,
) -> Paper:
    """Báo cáo kết quả thực hiện kế hoạch over the period: the figures, then the office's situation and proposals."""
    issuer_name = unit_names[0] if len(unit_names) == 1 else "Ủy ban nhân dân"
    span = f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"
    covered = ", ".join(unit_names) if unit_names else "tất cả đơn vị"
    sections = [
        (
            "I. KẾT QUẢ THỰC HIỆN",
            (f"Kết quả tiếp công dân, xử lý đơn, cảnh báo của {covered} {span}:",),
        ),
        *_narrative_sections(narrative, "II. TÌNH HÌNH", "III. ĐỀ XUẤT, KIẾN NGHỊ"),
    ]
    return Paper(
        issuing_body=f"{issuer_name.upper()}",
        number_line="Số:       /BC-UBND",
        place_date=place_and_date(place_of(issuer_name), issued_on),
        title=f"BÁO CÁO\nKết quả thực hiện Kế hoạch tiếp công dân {span}",
        addressee="",
        sections=tuple(sections),
        table=plan_rows(figures),
        table_after=1,
        recipients=("Thanh tra tỉnh", "Ban Tiếp công dân tỉnh", "Thường trực Đảng ủy phường", "Lưu: VT, VP"),
        signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        footnote=_footnote(narrative, files_sha256),
    )
