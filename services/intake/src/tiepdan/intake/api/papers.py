"""Papers of a case (`/api/v1/cases/{id}/papers`, `/api/v1/papers/{id}/file.pdf`) and the citizens' lookup by
receipt code (`/api/v1/lookup/{code}`, no sign-in, rate-limited per address)."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from tiepdan.intake.adapters import metrics
from tiepdan.intake.api.context import actor, config, domain_errors, reading, request_work
from tiepdan.intake.api.schemas import LookupOut, PaperFileArgs, PaperIn, PaperList, PaperOut
from tiepdan.intake.domain.access import CASE_ACT_ROLES
from tiepdan.intake.domain.papers import ISSUABLE, PaperKind, normalise_code
from tiepdan.intake.service.papers import issue_paper, list_papers, lookup, paper_file
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork
from tiepdan.kit.auth import public, roles_required
from tiepdan.kit.errors import Problem
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import BINARY, answers
from tiepdan.kit.web import current_runtime

blp = Blueprint("papers", __name__, url_prefix="/api/v1", description="Giấy tờ: biên nhận, thông báo, phiếu chuyển")
lookup_blp = Blueprint("lookup", __name__, url_prefix="/api/v1/lookup", description="Tra cứu vụ việc (công dân)")

PDF = "application/pdf"
#: The one answer to a code that is wrong, malformed or unknown: nothing tells them apart.
UNKNOWN_CODE = "Không tìm thấy vụ việc với mã tra cứu này. Kiểm tra lại mã in trên giấy biên nhận."


@blp.route("/cases/<case_id>/papers")
class CasePapers(MethodView):
    @roles_required(*CASE_ACT_ROLES)
    @blp.response(200, PaperList())
    @domain_errors
    def get(self, case_id: str) -> Any:
        with reading() as uow:
            return {"items": list_papers(uow, actor(), case_id)}

    @roles_required(*CASE_ACT_ROLES)
    @idempotent
    @blp.arguments(PaperIn())
    @blp.response(201, PaperOut())
    @domain_errors
    @answers(400)
    def post(self, body: dict[str, Any], case_id: str) -> Any:
        """Issue a paper on the case; it is numbered per unit, kind and year and never changes afterwards.

        An unknown `kind` is 400 naming it; a paper the case's state does not allow (an acceptance notice for a
        case not accepted, or refused) is 409 with the reason; neither takes a number."""
        if body["kind"] not in ISSUABLE:
            message = f"Không có loại giấy tờ '{body['kind']}'; chọn một trong: {', '.join(ISSUABLE)}."
            raise Problem(400, message, {"kind": [message]})
        with request_work() as uow:
            issued = issue_paper(uow, config(), actor(), case_id, PaperKind(body["kind"]))
            response = answer(uow, issued, 201, PaperOut)
            uow.commit()
        return response


@blp.route("/papers/<paper_id>/file.pdf")
class PaperFile(MethodView):
    @roles_required(*CASE_ACT_ROLES)
    @blp.arguments(PaperFileArgs(), location="query")
    @blp.response(200, BINARY, content_type=PDF)
    @domain_errors
    def get(self, args: dict[str, Any], paper_id: str) -> Any:
        """The PDF exactly as issued (its sha256 is the paper's). `?copy=addressee`: a denouncer's own copy, the only
        one that names them, for the leader (Party inspection on Party matters); the read is audited."""
        with reading() as uow:
            body, row = paper_file(uow, config(), actor(), paper_id, args["copy"] == "addressee")
        response = Response(body, content_type=PDF)
        suffix = "-ban-nguoi-to-cao" if args["copy"] == "addressee" else ""
        response.headers["Content-Disposition"] = f'inline; filename="{row.kind}-{row.id}{suffix}.pdf"'
        return response


@cache
def _limiter(storage_uri: str) -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(storage_from_string(storage_uri))


def _within_rate() -> bool:
    settings = config()
    return _limiter(settings.lookup_storage).hit(
        parse(settings.lookup_rate), "intake-lookup", request.remote_addr or ""
    )


@lookup_blp.route("/<code>")
class Lookup(MethodView):
    @public
    @lookup_blp.response(200, LookupOut())
    @answers(404, 429)
    def get(self, code: str) -> Any:
        """No sign-in: the case's kind, field, status, next step and due date, never a person or the content.
        A wrong code answers exactly as an unknown one (404); each address has a rate limit (429)."""
        if not _within_rate():
            metrics.LOOKUPS.labels("limited").inc()
            raise Problem(429, "Quá nhiều lần tra cứu từ địa chỉ này. Vui lòng thử lại sau ít phút.")
        normalised = normalise_code(code)
        found = None
        if normalised is not None:
            with cast(IntakeUnitOfWork, current_runtime().uow()) as uow:
                found = lookup(uow, normalised)
        metrics.LOOKUPS.labels("found" if found else "not_found").inc()
        if found is None:
            raise Problem(404, UNKNOWN_CODE)
        return found
