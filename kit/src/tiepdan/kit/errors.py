"""Every error leaves as `application/problem+json` (RFC 9457); never an HTML page, never a 500 for bad input."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, json
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Yêu cầu không hợp lệ (bad request)",
    401: "Chưa xác thực (unauthorized)",
    403: "Không có quyền (forbidden)",
    404: "Không tìm thấy (not found)",
    405: "Phương thức không được phép (method not allowed)",
    409: "Xung đột trạng thái (conflict)",
    413: "Nội dung quá lớn (payload too large)",
    415: "Kiểu nội dung không được hỗ trợ (unsupported media type)",
    422: "Dữ liệu không hợp lệ (unprocessable content)",
    429: "Quá nhiều yêu cầu (too many requests)",
    500: "Lỗi hệ thống (internal error)",
    503: "Dịch vụ tạm thời không sẵn sàng (service unavailable)",
}


class Problem(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    def __init__(
        self, status: int, detail: str = "", errors: Mapping[str, list[str]] | None = None, title: str | None = None
    ) -> None:
        super().__init__(detail or TITLES.get(status, ""))
        self.status = status
        self.detail = detail
        self.errors = dict(errors or {})
        self.title = title or TITLES.get(status, "Error")


def not_found(what: str = "resource") -> Problem:
    return Problem(404, f"Không tìm thấy {what}.")


def conflict(detail: str) -> Problem:
    return Problem(409, detail)


def unprocessable(errors: Mapping[str, list[str] | str]) -> Problem:
    normalised = {k: ([v] if isinstance(v, str) else list(v)) for k, v in errors.items()}
    return Problem(422, "Một số trường không hợp lệ.", normalised)


def problem_response(
    status: int, detail: str = "", errors: Mapping[str, list[str]] | None = None, title: str | None = None
) -> Response:
    body = {
        "type": f"https://tiepdan.gov.vn/problems/{status}",
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "errors": dict(errors or {}),
    }
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error dict → {"citizens.0.id_number": ["..."]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                path = prefix or "_schema"
            for sub_path, msgs in flatten_messages(value, path).items():
                flat.setdefault(sub_path, []).extend(msgs)
    elif isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            flat[prefix or "_schema"] = [str(m) for m in messages]
        else:
            for index, item in enumerate(messages):
                flat.update(flatten_messages(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or "_schema"] = [str(messages)]
    return flat


def _http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, Mapping) else None
    if status == 422 and messages is not None:
        # webargs puts errors under the location ("json", "query"); the field path is what clients need.
        if isinstance(messages, Mapping) and len(messages) == 1:
            messages = next(iter(messages.values()))
        return problem_response(422, "Một số trường không hợp lệ.", flatten_messages(messages))
    detail = data.get("message") if isinstance(data, Mapping) and data.get("message") else exc.description
    if status == 400 and messages is not None:
        detail = "Nội dung JSON không đọc được (malformed JSON)."
    response = problem_response(status, str(detail or ""))
    allowed = getattr(exc, "valid_methods", None)
    if status == 405 and allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response


def register_error_handlers(app: Flask) -> None:
    """Registered after flask-smorest's own handler so ours wins for every HTTPException."""

    @app.errorhandler(Problem)
    def _problem(exc: Problem) -> Response:
        return problem_response(exc.status, exc.detail, exc.errors, exc.title)

    app.register_error_handler(HTTPException, _http_exception)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError) -> Response:
        return problem_response(422, "Một số trường không hợp lệ.", flatten_messages(exc.messages))

    @app.errorhandler(OperationalError)
    def _database_down(exc: OperationalError) -> Response:
        log.error("database unavailable: %s", type(exc.orig).__name__ if exc.orig else exc)
        return problem_response(503, "Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại.")

    @app.errorhandler(DBAPIError)
    def _database_error(exc: DBAPIError) -> Response:
        if exc.connection_invalidated:
            return problem_response(503, "Mất kết nối cơ sở dữ liệu; vui lòng thử lại.")
        log.exception("database error")
        return problem_response(500, "Lỗi cơ sở dữ liệu.")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem_response(500, "Lỗi không mong đợi; đã ghi nhật ký.")
