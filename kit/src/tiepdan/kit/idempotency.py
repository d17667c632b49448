"""`Idempotency-Key` for creating POSTs: the same key and body answer the first response again, create nothing.

A view under `@idempotent` builds its answer with `answer(uow, ...)` before `uow.commit()`: under a key, the key,
the request's hash and the response are written with the view's own work (on PostgreSQL, in the commit's one
statement). So the work and the record that it was done commit together or not at all.

A concurrent retry does its work, then its insert of the key waits on the first request's transaction (unique
key): once that commits, the retry's work rolls back and it answers the stored response. A different body under
the same key is 409. A row without an answer (`PENDING`, as another writer of the table may leave while its request
runs) is 409 for a while, and taken over after `STALE_AFTER`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, wraps
from typing import Any, ParamSpec

import orjson
from flask import Response, g, jsonify, make_response, request
from marshmallow import Schema
from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError

from .auth import current_principal
from .db import idempotency_table, utcnow
from .errors import Problem
from .openapi import IDEMPOTENT_ATTR
from .statement import WriteStatement
from .uow import UnitOfWork
from .web import current_runtime

P = ParamSpec("P")
PENDING = 0
STALE_AFTER = timedelta(seconds=60)
MAX_KEY_LENGTH = 200
REPLAYED_HEADERS = ("Location", "Content-Type")
_CLAIM_KEY = "tiepdan_idempotency_claim"

_table = idempotency_table
_THIS_KEY = (_table.c.scope == bindparam("k_scope")) & (_table.c.key == bindparam("k_key"))
_ANSWER = insert(_table).values(
    {name: bindparam(name) for name in ("scope", "key", "request_hash", "status", "body", "headers", "created_at")}
)
#: The same as part of the commit's one statement on PostgreSQL (`tiepdan.kit.statement`).
_ANSWER_PG = (
    "INSERT INTO idempotency_keys (scope, key, request_hash, status, body, headers, created_at) VALUES"
    " (%(answer_scope)s, %(answer_key)s, %(answer_hash)s, %(answer_status)s, %(answer_body)s,"
    " %(answer_headers)s::json, %(answer_at)s)"
)
_BUSY = "Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau ít giây."


@dataclass
class _Claim:
    scope: str
    key: str
    digest: str
    answered: bool = False


def answer(
    uow: UnitOfWork,
    result: Any,
    status: int,
    schema: Schema | type[Schema] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The view's response: `result` dumped by `schema` (as flask-smorest's `response` would), with `status` and
    `headers`. Under an Idempotency-Key it is also written with `uow`'s work at its commit; call it before
    `uow.commit()` and return what it gives."""
    if isinstance(schema, type):
        schema = _instance(schema)
    response = jsonify(schema.dump(result) if schema is not None else result)
    response.status_code = status
    response.headers.extend(headers or {})
    claim: _Claim | None = g.get(_CLAIM_KEY)
    if claim is not None:
        claim.answered = True
        values = {
            "scope": claim.scope,
            "key": claim.key,
            "request_hash": claim.digest,
            "status": status,
            "body": response.get_data(),
            "headers": {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers},
            "created_at": utcnow(),
        }
        uow.write_at_commit(lambda statement: _write_answer(uow, statement, values))
    return response


@cache
def _instance(schema: type[Schema]) -> Schema:
    """One instance per schema class, as flask-smorest keeps one per response: building one costs more than a dump."""
    return schema()


def _write_answer(uow: UnitOfWork, statement: WriteStatement | None, values: dict[str, Any]) -> None:
    if statement is None:
        uow.session.execute(_ANSWER, values)
        return
    params = {f"answer_{name}": value for name, value in values.items()}
    params["answer_hash"] = params.pop("answer_request_hash")
    params["answer_at"] = params.pop("answer_created_at")
    params["answer_headers"] = orjson.dumps(values["headers"]).decode()
    statement.add("idempotency_answer", _ANSWER_PG, params, unit_rows=False)


def is_key_clash(exc: IntegrityError) -> bool:
    """The request's key is already recorded (by a concurrent retry), not some other integrity failure."""
    table = getattr(getattr(exc.orig, "diag", None), "table_name", None)
    if table is not None:  # PostgreSQL names it; the key is the table's only unique constraint
        return bool(table == _table.name)
    return f"{_table.name}." in str(exc.orig)  # SQLite: "UNIQUE constraint failed: idempotency_keys.scope, ..."


def idempotent(view: Callable[P, Any]) -> Callable[P, Response]:
    """Put it above flask-smorest's `arguments`/`response` decorators so it sees the raw body. The view answers
    through `answer(uow, ...)` (a 2xx answer without it is a programming error, raised)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return make_response(view(*args, **kwargs))
        if len(key) > MAX_KEY_LENGTH:
            raise Problem(422, errors={"Idempotency-Key": [f"Tối đa {MAX_KEY_LENGTH} ký tự."]})
        scope = f"{current_principal().sub}:{request.method}:{request.path}"
        claim = _Claim(scope, key, hashlib.sha256(request.get_data(cache=True)).hexdigest())
        try:
            for _ in range(2):  # a second time only after taking over a stale claim
                claim.answered = False
                setattr(g, _CLAIM_KEY, claim)
                try:
                    response = make_response(view(*args, **kwargs))
                except IntegrityError as exc:
                    if not is_key_clash(exc):
                        raise
                    replay = _existing(claim)
                    if replay is not None:
                        return replay
                    continue
                if 200 <= response.status_code < 300 and not claim.answered:
                    raise RuntimeError(f"{view.__qualname__} answered without tiepdan.kit.idempotency.answer")
                return response
            raise Problem(409, _BUSY)
        finally:
            g.pop(_CLAIM_KEY, None)

    setattr(wrapper, IDEMPOTENT_ATTR, True)
    return wrapper


def _existing(claim: _Claim) -> Response | None:
    """The answer to a key already recorded: the stored response, a 409, or None once a stale claim is freed."""
    this_key = {"k_scope": claim.scope, "k_key": claim.key}
    with current_runtime().engine.begin() as connection:
        row = connection.execute(select(_table).where(_THIS_KEY), this_key).one_or_none()
        if row is not None and row.request_hash != claim.digest:
            raise Problem(409, "Idempotency-Key này đã dùng cho một yêu cầu có nội dung khác.")
        if row is None or row.status == PENDING:
            if row is None or utcnow() - row.created_at < STALE_AFTER:
                raise Problem(409, _BUSY)
            # only one of several retries arriving together frees it
            freed = connection.execute(delete(_table).where(_THIS_KEY, _table.c.created_at == row.created_at), this_key)
            if freed.rowcount != 1:
                raise Problem(409, _BUSY)
            return None
    replay = Response(row.body, status=row.status)
    for name, value in (row.headers or {}).items():
        replay.headers[name] = value
    replay.headers["Idempotent-Replayed"] = "true"
    return replay
