"""`Idempotency-Key` for creating POSTs: the same key and body answer the first response again, create nothing.

The answer is recorded with the view's own writes (on PostgreSQL, part of the commit's one statement): the view's
units of work (from `tiepdan.kit.web.request_uow`) hand their unfinished commit over, and the key, the request's
hash and the response are written with it once the response is known. So the work and the record that it was done
commit together or not at all: a crash in between leaves neither, and the retry does the work once.

A concurrent retry does its work, then its insert of the key waits on the first request's transaction (unique
key): once that commits, the retry's work rolls back and it answers the stored response. A different body under
the same key is 409. Rows without an answer (`PENDING`) were left by earlier versions while their request ran:
409 for a while, taken over after `STALE_AFTER`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import wraps
from typing import Any, ParamSpec

from flask import Response, g, make_response, request
from sqlalchemy import Connection, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError

from .auth import current_principal
from .db import idempotency_table, utcnow
from .errors import Problem
from .openapi import IDEMPOTENT_ATTR
from .statement import WriteStatement
from .uow import LastWrites, UnitOfWork
from .web import CLAIM_KEY, current_runtime

P = ParamSpec("P")
PENDING = 0
STALE_AFTER = timedelta(seconds=60)
MAX_KEY_LENGTH = 200
REPLAYED_HEADERS = ("Location", "Content-Type")

_table = idempotency_table
_THIS_KEY = (_table.c.scope == bindparam("k_scope")) & (_table.c.key == bindparam("k_key"))
# Built once: every keyed request runs it (its compiled form is cached).
_ANSWER = insert(_table).values(
    {name: bindparam(name) for name in ("scope", "key", "request_hash", "status", "body", "headers", "created_at")}
)
#: The same as part of the commit's one statement on PostgreSQL (`tiepdan.kit.statement`).
_ANSWER_PG = (
    "INSERT INTO idempotency_keys (scope, key, request_hash, status, body, headers, created_at) VALUES"
    " (%(answer_scope)s, %(answer_key)s, %(answer_hash)s, %(answer_status)s, %(answer_body)s,"
    " %(answer_headers)s::json, %(answer_at)s)"
)


class KeyTaken(Exception):
    """The key was recorded by another request that committed first."""


@dataclass
class Claim:
    scope: str
    key: str
    digest: str
    #: The request's unit of work whose commit waits for the answer.
    work: UnitOfWork | None = field(default=None, repr=False)

    def adopt(self, uow: UnitOfWork) -> None:
        """A unit of work of the view asked to commit. Only the last one waits for the answer: an earlier one
        commits when the next is handed over (its locks must not outlive it)."""
        if self.work is not None:
            self._end(commit=True)
        self.work = uow

    def commit_with_answer(self, response: Response) -> None:
        headers = {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers}
        values = {
            "scope": self.scope,
            "key": self.key,
            "request_hash": self.digest,
            "status": response.status_code,
            "body": response.get_data(),
            "headers": headers,
            "created_at": utcnow(),
        }
        try:
            if self.work is None:  # the view wrote nothing: its answer is kept all the same
                with current_runtime().engine.begin() as connection:
                    _write_answer(connection, None, values)
            else:
                self._end(commit=True, last_writes=lambda connection, into: _write_answer(connection, into, values))
        except IntegrityError as exc:
            if _is_key_clash(exc):
                raise KeyTaken from None
            raise

    def _end(self, commit: bool, last_writes: LastWrites | None = None) -> None:
        work, self.work = self.work, None
        if work is None:
            return
        try:
            if commit:
                work.finish(last_writes)
        finally:
            work.close()

    def commit_without_answer(self) -> None:
        """The view refused (not 2xx) after its work asked to commit: keep the work, leave the key free."""
        self._end(commit=True)

    def discard(self) -> None:
        self._end(commit=False)


def _write_answer(connection: Connection, statement: WriteStatement | None, values: dict[str, Any]) -> None:
    if statement is None:
        connection.execute(_ANSWER, values)
        return
    statement.add(
        "idempotency_answer",
        _ANSWER_PG,
        {
            "answer_scope": values["scope"],
            "answer_key": values["key"],
            "answer_hash": values["request_hash"],
            "answer_status": values["status"],
            "answer_body": values["body"],
            "answer_headers": json.dumps(values["headers"]),
            "answer_at": values["created_at"],
        },
    )


def _is_key_clash(exc: IntegrityError) -> bool:
    """The request's key is already recorded (by a concurrent retry), not some other integrity failure."""
    table = getattr(getattr(exc.orig, "diag", None), "table_name", None)
    if table is not None:  # PostgreSQL names it; the key is the table's only unique constraint
        return bool(table == _table.name)
    return f"{_table.name}." in str(exc.orig)  # SQLite: "UNIQUE constraint failed: idempotency_keys.scope, ..."


def idempotent(view: Callable[P, Any]) -> Callable[P, Response]:
    """Put it above flask-smorest's `arguments`/`response` decorators so it sees the raw body and final response.
    The view's units of work must come from `tiepdan.kit.web.request_uow` (they are handed over to the claim)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return make_response(view(*args, **kwargs))
        if len(key) > MAX_KEY_LENGTH:
            raise Problem(422, errors={"Idempotency-Key": [f"Tối đa {MAX_KEY_LENGTH} ký tự."]})
        scope = f"{current_principal().sub}:{request.method}:{request.path}"
        claim = Claim(scope, key, hashlib.sha256(request.get_data(cache=True)).hexdigest())
        setattr(g, CLAIM_KEY, claim)
        try:
            for _ in range(2):  # a second time only after taking over a stale claim
                try:
                    return _answered(claim, make_response(view(*args, **kwargs)))
                except KeyTaken:
                    claim.discard()
                    replay = _existing(claim)
                    if replay is not None:
                        return replay
            raise Problem(409, "Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau ít giây.")
        except BaseException:
            claim.discard()
            raise
        finally:
            g.pop(CLAIM_KEY, None)

    setattr(wrapper, IDEMPOTENT_ATTR, True)
    return wrapper


def _answered(claim: Claim, response: Response) -> Response:
    if 200 <= response.status_code < 300:
        claim.commit_with_answer(response)
    else:
        claim.commit_without_answer()
    return response


def _existing(claim: Claim) -> Response | None:
    """The answer to a key already recorded: the stored response, a 409, or None once a stale claim is freed."""
    this_key = {"k_scope": claim.scope, "k_key": claim.key}
    with current_runtime().engine.begin() as connection:
        row = connection.execute(select(_table).where(_THIS_KEY), this_key).one_or_none()
        if row is not None and row.request_hash != claim.digest:
            raise Problem(409, "Idempotency-Key này đã dùng cho một yêu cầu có nội dung khác.")
        if row is None or row.status == PENDING:
            if row is None or utcnow() - row.created_at < STALE_AFTER:
                raise Problem(409, "Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau ít giây.")
            # only one of several retries arriving together frees it
            freed = connection.execute(delete(_table).where(_THIS_KEY, _table.c.created_at == row.created_at), this_key)
            if freed.rowcount != 1:
                raise Problem(409, "Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau ít giây.")
            return None
    replay = Response(row.body, status=row.status)
    for name, value in (row.headers or {}).items():
        replay.headers[name] = value
    replay.headers["Idempotent-Replayed"] = "true"
    return replay
