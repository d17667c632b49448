"""The ward office's narrative on a report (situation, proposals) and the report's paper that prints it.

The narrative attaches to the snapshot and never changes it: each edit is a new signed version with its own
paper, so the snapshot's files keep their checksums (domain/narrative.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from tiepdan.reports.adapters.orm import ReportFile, ReportNarrative, ReportSnapshot
from tiepdan.reports.adapters.papers import render_paper
from tiepdan.reports.domain.access import Units
from tiepdan.reports.domain.narrative import NARRATED_TEMPLATES, Narrative, narrative_signature
from tiepdan.reports.domain.papers import Paper, daily_paper, plan_paper
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.ward_time import WARD_TZ
from tiepdan.reports.service.snapshots import readable_snapshot
from tiepdan.reports.service.unit_of_work import ReportsWork
from tiepdan.reports.service.units import display_name, unit_names


class NarrativeError(ValueError):
    """A narrative the report does not take (the API answers 422 naming `field`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ReportPaper:
    content: bytes
    sha256: str
    narrative_version: int | None


def as_narrative(row: ReportNarrative) -> Narrative:
    return Narrative(
        report_id=row.report_id,
        version=row.version,
        situation=row.situation,
        proposals=row.proposals,
        written_by=row.written_by,
        written_at=row.written_at,
        sha256=row.sha256,
        paper_sha256=row.paper_sha256,
    )


def _paper(uow: ReportsWork, snapshot: ReportSnapshot, files: list[ReportFile], narrative: Narrative | None) -> Paper:
    names = unit_names(uow)
    checksums = {file.format: file.sha256 for file in files}
    listed = [display_name(names, unit) for unit in snapshot.units or []]
    if snapshot.template == "plan":
        issued_on = (narrative.written_at if narrative else snapshot.cut_off).astimezone(WARD_TZ).date()
        return plan_paper(
            listed, Period(snapshot.period_from, snapshot.period_to), snapshot.figures, narrative, checksums, issued_on
        )
    days = [(date.fromisoformat(day["date"]), day) for day in snapshot.figures["days"]]
    return daily_paper(", ".join(listed) or "Ủy ban nhân dân phường", days, narrative, checksums)


def latest_narrative(uow: ReportsWork, report_id: str) -> Narrative | None:
    row = uow.narratives.latest(report_id)
    return None if row is None else as_narrative(row)


def write_narrative(
    uow: ReportsWork, report_id: str, visible: Units, texts: tuple[str, str], *, by: str, now: datetime
) -> Narrative | None:
    """A new version of the report's narrative with its paper; None when the caller may not read the report."""
    found = readable_snapshot(uow, report_id, visible)
    if found is None:
        return None
    snapshot, files = found
    if snapshot.template not in NARRATED_TEMPLATES:
        raise NarrativeError("report_id", f"Báo cáo {snapshot.template} không có phần tình hình, đề xuất.")
    latest = uow.narratives.latest(report_id)
    if latest is not None and (latest.situation, latest.proposals) == texts:
        return as_narrative(latest)
    version = 1 if latest is None else latest.version + 1
    checksums = {file.format: file.sha256 for file in files}
    situation, proposals = texts
    signed = narrative_signature(report_id, checksums, version, texts, by, now)
    narrative = Narrative(report_id, version, situation, proposals, by, now, signed)
    paper = render_paper(_paper(uow, snapshot, files, narrative))
    narrative = replace(narrative, paper_sha256=hashlib.sha256(paper).hexdigest())
    uow.narratives.add(
        ReportNarrative(
            report_id=report_id,
            version=version,
            situation=situation,
            proposals=proposals,
            written_by=by,
            written_at=now,
            sha256=narrative.sha256,
            paper=paper,
            paper_sha256=narrative.paper_sha256,
        )
    )
    uow.commit()
    return narrative


def report_paper(uow: ReportsWork, snapshot: ReportSnapshot, files: list[ReportFile]) -> ReportPaper:
    """The paper with the latest narrative as written; before any, the paper with its parts left blank."""
    row = uow.narratives.latest(snapshot.id)
    if row is not None:
        return ReportPaper(row.paper, row.paper_sha256, row.version)
    content = render_paper(_paper(uow, snapshot, files, None))
    return ReportPaper(content, hashlib.sha256(content).hexdigest(), None)
