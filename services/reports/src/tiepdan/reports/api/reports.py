"""Report snapshots: make one, read it, download its files."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.db import utcnow
from tiepdan.kit.errors import Problem, not_found
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import BINARY, links
from tiepdan.kit.pagination import PageArgs
from tiepdan.kit.web import current_runtime
from tiepdan.reports.adapters.orm import ReportFile, ReportSnapshot
from tiepdan.reports.api.schemas import (
    InboxPageOut,
    NarrativeIn,
    NarrativeOut,
    ReportIn,
    ReportListArgs,
    ReportOut,
    ReportPage,
)
from tiepdan.reports.api.work import request_work
from tiepdan.reports.config import report_settings
from tiepdan.reports.domain.access import (
    INBOX_READERS,
    NARRATIVE_WRITERS,
    PREPARERS,
    READERS,
    hidden_units,
    report_units,
)
from tiepdan.reports.domain.narrative import NARRATED_TEMPLATES, Narrative
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.service.chairman import InboxPage, inbox_page
from tiepdan.reports.service.narratives import NarrativeError, latest_narrative, report_paper, write_narrative
from tiepdan.reports.service.snapshots import (
    MEDIA_TYPES,
    ReportError,
    ReportRequest,
    SnapshotPage,
    make_report,
    readable_snapshot,
    snapshot_document,
    snapshot_page,
)

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Báo cáo 01/TCD, 02/XLD, báo cáo ngày")

FILE_NAMES = {"01/TCD": "bieu-01-tcd", "02/XLD": "bieu-02-xld", "daily": "bao-cao-ngay", "plan": "bao-cao-ke-hoach"}


def _period(asked: dict[str, Any]) -> Period:
    if "kind" in asked:
        return report_settings(current_runtime()).cut_off.window(asked["kind"], asked["year"], asked.get("n"))
    return Period(asked["from_"], asked["to"])


@blp.route("")
class Reports(MethodView):
    @roles_required(*PREPARERS)
    @idempotent
    @blp.arguments(ReportIn)
    @blp.response(201, ReportOut)
    @links(201, {"report_id": "$response.body#/id"}, "getReportById", "getReportFileView")
    def post(self, body: dict[str, Any]) -> Any:
        """Make an immutable snapshot: figures (a row per unit for several units) and its CSV, XLSX and PDF.

        `period` is either `from` and `to` (`to` not before `from`) or `kind` and `year`, with `n` for a quarter;
        each unit asked for must be one the caller sees (422 names the field)."""
        principal = current_principal()
        hidden = hidden_units(body.get("units") or (), principal.units)
        if hidden:
            raise Problem(422, errors={"units": [f"Không có quyền với đơn vị: {', '.join(hidden)}."]})
        request = ReportRequest(
            template=body["template"],
            period=_period(body["period"]),
            units=report_units(body.get("units"), principal.units),
            requested_by=principal.sub,
            home_unit=principal.home_unit,
            deliver=body["deliver"],
        )
        settings = report_settings(current_runtime())
        with request_work() as uow:
            try:
                made = make_report(uow, settings, request, utcnow())
            except ReportError as exc:
                raise Problem(422, str(exc), {"period": [str(exc)]}) from exc
            created = answer(uow, made, 201, ReportOut)
            uow.commit()
        return created

    @roles_required(*READERS)
    @blp.arguments(ReportListArgs, location="query")
    @blp.response(200, ReportPage)
    def get(self, args: dict[str, Any]) -> SnapshotPage:
        """Snapshots the caller may read, newest first."""
        with request_work() as uow:
            return snapshot_page(uow, current_principal().units, args.get("template"), args)


@blp.route("/inbox")
class ChairmanInbox(MethodView):
    @roles_required(*INBOX_READERS)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, InboxPageOut)
    def get(self, args: dict[str, Any]) -> InboxPage:
        """The Chairman's inbox: the daily reports of special periods of the caller's units, the latest days first, each
        with the ward office's latest situation and proposals and how its e-mails went."""
        with request_work() as uow:
            return inbox_page(uow, current_principal().units, args)


def _readable_snapshot(report_id: str) -> tuple[ReportSnapshot, list[ReportFile]]:
    with request_work() as uow:
        found = readable_snapshot(uow, report_id, current_principal().units)
    if found is None:
        raise not_found("báo cáo")
    return found


@blp.route("/<report_id>")
class ReportById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, ReportOut)
    def get(self, report_id: str) -> dict[str, Any]:
        snapshot, files = _readable_snapshot(report_id)
        return snapshot_document(snapshot, files)


@blp.route("/<report_id>/file.<fmt>")
class ReportFileView(MethodView):
    @roles_required(*READERS)
    @blp.response(200, BINARY, content_type="text/csv")
    @blp.alt_response(200, schema=BINARY, content_type=MEDIA_TYPES["xlsx"], success=True)
    @blp.alt_response(200, schema=BINARY, content_type=MEDIA_TYPES["pdf"], success=True)
    def get(self, report_id: str, fmt: str) -> Response:
        """The file exactly as generated (`fmt`: csv, xlsx or pdf); its SHA-256 is in the snapshot and in the
        `X-Content-SHA256` header."""
        snapshot, files = _readable_snapshot(report_id)
        file = next((f for f in files if f.format == fmt), None)
        if file is None:
            raise not_found("tệp báo cáo")
        name = f"{FILE_NAMES[snapshot.template]}-{snapshot.period_from:%Y%m%d}-{snapshot.period_to:%Y%m%d}.{fmt}"
        response = Response(file.content, mimetype=file.media_type.split(";")[0], content_type=file.media_type)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["X-Content-SHA256"] = file.sha256
        return response


@blp.route("/<report_id>/narrative")
class ReportNarrativeView(MethodView):
    @roles_required(*READERS)
    @blp.response(200, NarrativeOut)
    def get(self, report_id: str) -> Narrative:
        """The ward office's latest situation and proposals on the report."""
        _readable_snapshot(report_id)
        with request_work() as uow:
            narrative = latest_narrative(uow, report_id)
        if narrative is None:
            raise not_found("nội dung báo cáo")
        return narrative

    @roles_required(*NARRATIVE_WRITERS)
    @blp.arguments(NarrativeIn)
    @blp.response(200, NarrativeOut)
    def put(self, body: dict[str, Any], report_id: str) -> Narrative:
        """Write the situation (tình hình) and proposals (đề xuất, kiến nghị) of a daily or plan report of the
        caller's unit: a new version, signed over the report's files' checksums, who and when; the snapshot is
        not changed. The same text again keeps the latest version."""
        principal = current_principal()
        texts = (body["situation"], body["proposals"])
        with request_work() as uow:
            try:
                narrative = write_narrative(uow, report_id, principal.units, texts, by=principal.sub, now=utcnow())
            except NarrativeError as exc:
                raise Problem(422, str(exc), {exc.field: [str(exc)]}) from exc
        if narrative is None:
            raise not_found("báo cáo")
        return narrative


@blp.route("/<report_id>/paper.pdf")
class ReportPaperView(MethodView):
    @roles_required(*READERS)
    @blp.response(200, BINARY, content_type="application/pdf")
    def get(self, report_id: str) -> Response:
        """A daily or plan report as a paper (NĐ 30/2020 layout) with the ward office's latest narrative; its
        SHA-256 is in `X-Content-SHA256` (and in the narrative's `paper_sha256`)."""
        snapshot, files = _readable_snapshot(report_id)
        if snapshot.template not in NARRATED_TEMPLATES:
            raise not_found("văn bản báo cáo")
        with request_work() as uow:
            paper = report_paper(uow, snapshot, files)
        name = f"{FILE_NAMES[snapshot.template]}-{snapshot.period_from:%Y%m%d}-{snapshot.period_to:%Y%m%d}-van-ban.pdf"
        response = Response(paper.content, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["X-Content-SHA256"] = paper.sha256
        return response
