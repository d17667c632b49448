"""What every service's OpenAPI document says beyond its views' own schemas: the error answers each operation can
give (`application/problem+json`, the problem schema), an operation id for each operation, the `Idempotency-Key`
header where it is honoured, and links from an answer to the operations that take its ids.

The kit knows most error answers from how a view is built: every `/api/` path answers 401, `roles_required` 403,
a path parameter 404, a body 400/413/415, arguments 422, `@idempotent` 409 and 422. A view declares the rest with
`@answers(409)`. Anything else (500, 503) is the `default` answer, also a problem document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

from apispec import BasePlugin
from flask import Flask
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields, validate

from .errors import PROBLEM_JSON

F = TypeVar("F", bound=Callable[..., Any])

#: Error statuses a view declares itself (`answers`); functools.wraps carries them up through every decorator.
ANSWERS_ATTR = "__tiepdan_answers__"
#: Set by `tiepdan.kit.idempotency.idempotent`.
IDEMPOTENT_ATTR = "__tiepdan_idempotent__"
#: Set by `tiepdan.kit.auth.roles_required`.
ROLES_ATTR = "__tiepdan_roles__"
#: A view under /api/ that answers without a token (`tiepdan.kit.auth.public`).
PUBLIC_ATTR = "__tiepdan_public__"

BODY_METHODS = frozenset({"post", "put", "patch"})
#: The schema of a file answer (`@blp.response(200, BINARY, content_type=...)` on a view returning a Response).
BINARY = {"type": "string", "format": "binary"}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Gửi lại cùng khóa và cùng nội dung: nhận lại câu trả lời đầu, không tạo thêm gì; khóa đã dùng cho "
    "nội dung khác: 409.",
    "schema": {"type": "string", "maxLength": 200},
}


#: What Python's str.strip() removes, spelled out: `\s` differs between Python and the ECMAScript regexes of
#: JSON Schema (\x1c-\x1f, \x85, \ufeff), and the pattern must mean the same in the OpenAPI document.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: Text that is not only whitespace: a schema pattern for what the services refuse after stripping.
NOT_BLANK = validate.Regexp(f"^[{_SPACE}]*[^{_SPACE}]", error="Không được để trống.")


class JsonBoolean(fields.Boolean):
    """A boolean in a JSON body: `true` or `false`, as the schema says (marshmallow's Boolean also takes 1, "yes",
    "on"...). Query strings keep marshmallow's Boolean: there `true` arrives as text."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class ProblemSchema(Schema):
    """RFC 9457 problem details, the body of every error answer."""

    type = fields.String(required=True, metadata={"example": "https://tiepdan.gov.vn/problems/422"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=True,
        metadata={"description": 'field path → messages, e.g. {"citizens.0.id_number": ["..."]}'},
    )


class ServiceApi(Api):
    """flask-smorest's Api whose error answers are documented as problem documents."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= HTTPStatus.BAD_REQUEST:
                response["schema"] = ProblemSchema
                prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Lỗi khác (problem+json)", "schema": ProblemSchema}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


class ErrorAnswers(BasePlugin):
    """apispec plugin: each operation under `prefix` gets its error answers, an operation id and, where the view is
    idempotent, the `Idempotency-Key` header."""

    def __init__(self, app: Flask, prefix: str) -> None:
        self.app = app
        self.prefix = prefix
        self.operation_ids: set[str] = set()

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        rule = kwargs.get("rule")
        if rule is None or not path or not path.startswith(self.prefix):
            return
        view = self.app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        for method, operation in (operations or {}).items():
            function = getattr(view_class, method) if view_class is not None else view
            operation_id = operation.setdefault("operationId", method + (view_class or view).__name__)
            if operation_id in self.operation_ids:
                raise ValueError(f"two operations are named {operation_id}: give one an operationId of its own")
            self.operation_ids.add(operation_id)
            if getattr(function, IDEMPOTENT_ATTR, False):
                operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_KEY))
            if getattr(function, PUBLIC_ATTR, False):
                operation["security"] = []  # no token asked
            responses = operation.setdefault("responses", {})
            declared = {str(code) for code in responses}
            for status in sorted(error_answers(path, method, function, operation)):
                if str(status) not in declared:
                    responses[status] = HTTPStatus(status).name


def error_answers(path: str, method: str, function: Callable[..., Any], operation: Mapping[str, Any]) -> set[int]:
    found = set() if getattr(function, PUBLIC_ATTR, False) else {401}
    if getattr(function, ROLES_ATTR, None):
        found.add(403)
    if "{" in path:
        found.add(404)
    if method in BODY_METHODS:
        found |= {413, 415}
        if "requestBody" in operation:
            found |= {400, 422}
    if operation.get("parameters"):
        found.add(422)
    if getattr(function, IDEMPOTENT_ATTR, False):
        found |= {409, 422}
    found.update(getattr(function, ANSWERS_ATTR, ()))
    return found


def answers(*statuses: int) -> Callable[[F], F]:
    """Declare error answers a view gives that the kit cannot see from its decorators (409 for a refused
    transition, say). Put it anywhere among the view's decorators."""

    def decorate(view: F) -> F:
        mark_answers(view, statuses)
        return view

    return decorate


def mark_answers(function: Callable[..., Any], statuses: Iterable[int]) -> None:
    setattr(function, ANSWERS_ATTR, (*getattr(function, ANSWERS_ATTR, ()), *statuses))


def links(status: int, parameters: Mapping[str, str], *operation_ids: str) -> Callable[[F], F]:
    """OpenAPI links from this operation's `status` answer to the operations named, each taking `parameters` from
    the answer (`{"case_id": "$response.body#/case_id"}`): what a client, or a stateful test, may call next."""
    named = {
        operation_id: {"operationId": operation_id, "parameters": dict(parameters)} for operation_id in operation_ids
    }
    decorate: Callable[[F], F] = Blueprint.doc(responses={status: {"links": named}})
    return decorate
