"""What every roster blueprint uses: the request's unit of work, the caller's name, 422 from domain errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Response, request

from tiepdan.kit.auth import current_principal
from tiepdan.kit.errors import Problem, unprocessable
from tiepdan.kit.web import request_uow
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.service.results import RosterFile
from tiepdan.roster.service.unit_of_work import RosterUnitOfWork


def request_work() -> RosterUnitOfWork:
    """The request's unit of work, scoped to the caller's units (the service declares `RosterUnitOfWork`)."""
    return request_uow(RosterUnitOfWork)


@contextmanager
def field_errors() -> Iterator[None]:
    """Domain validation → 422 with the field paths it named."""
    try:
        yield
    except InvalidDocument as exc:
        raise unprocessable({path or "_schema": messages for path, messages in exc.errors.items()}) from exc


def refuse_missing_body() -> None:
    """The OpenAPI says the body is required, but webargs loads a missing one as `{}`: a schema without required
    fields (the calendar's) would take it for a document that replaces everything with nothing."""
    if not request.content_length and request.headers.get("Transfer-Encoding", "").lower() != "chunked":
        raise Problem(400, "Thiếu nội dung yêu cầu (JSON).")


def caller() -> str:
    principal = current_principal()
    return principal.name or principal.sub


def caller_staff_id() -> str:
    """The token's subject, which for an officer is their staff id (mã cán bộ)."""
    return current_principal().sub


def download(file: RosterFile) -> Response:
    response = Response(file.content, mimetype=file.content_type.split(";")[0], content_type=file.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
