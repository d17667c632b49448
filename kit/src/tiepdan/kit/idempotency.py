"""`Idempotency-Key` for creating POSTs: the same key and body answer the first response again, create nothing.

The key is claimed before the view runs (so two concurrent retries cannot both create); a different body under
the same key is 409. A claim left by a crashed request is taken over after `STALE_AFTER`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, ParamSpec

from flask import Response, make_response, request
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .auth import current_principal
from .db import idempotency_table, utcnow
from .errors import Problem
from .web import current_runtime

P = ParamSpec("P")
PENDING = 0
STALE_AFTER = timedelta(seconds=60)
MAX_KEY_LENGTH = 200
REPLAYED_HEADERS = ("Location", "Content-Type")


def idempotent(view: Callable[P, Any]) -> Callable[P, Response]:
    """Put it above flask-smorest's `arguments`/`response` decorators so it sees the raw body and final response."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return make_response(view(*args, **kwargs))
        if len(key) > MAX_KEY_LENGTH:
            raise Problem(422, errors={"Idempotency-Key": [f"Tối đa {MAX_KEY_LENGTH} ký tự."]})
        scope = f"{current_principal().sub}:{request.method}:{request.path}"
        digest = hashlib.sha256(request.get_data(cache=True)).hexdigest()
        replay = _claim(scope, key, digest)
        if replay is not None:
            return replay
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            _release(scope, key)
            raise
        if 200 <= response.status_code < 300:
            _store(scope, key, response)
        else:
            _release(scope, key)
        return response

    return wrapper


def _claim(scope: str, key: str, digest: str) -> Response | None:
    sessions = current_runtime().sessions
    table = idempotency_table
    where = (table.c.scope == scope) & (table.c.key == key)
    with sessions() as session:
        try:
            with session.begin():
                session.execute(
                    insert(table).values(scope=scope, key=key, request_hash=digest, status=PENDING, created_at=utcnow())
                )
            return None
        except IntegrityError:
            pass
        row = session.execute(select(table).where(where)).one()
        if row.request_hash != digest:
            raise Problem(409, "Idempotency-Key này đã dùng cho một yêu cầu có nội dung khác.")
        if row.status == PENDING:
            if utcnow() - row.created_at < STALE_AFTER:
                raise Problem(409, "Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau ít giây.")
            with session.begin():
                session.execute(update(table).where(where).values(created_at=utcnow()))
            return None
        replay = Response(row.body, status=row.status)
        for name, value in (row.headers or {}).items():
            replay.headers[name] = value
        replay.headers["Idempotent-Replayed"] = "true"
        return replay


def _store(scope: str, key: str, response: Response) -> None:
    headers = {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers}
    with current_runtime().sessions() as session, session.begin():
        session.execute(
            update(idempotency_table)
            .where((idempotency_table.c.scope == scope) & (idempotency_table.c.key == key))
            .values(status=response.status_code, body=response.get_data(), headers=headers)
        )


def _release(scope: str, key: str) -> None:
    with current_runtime().sessions() as session, session.begin():
        session.execute(
            delete(idempotency_table).where((idempotency_table.c.scope == scope) & (idempotency_table.c.key == key))
        )
