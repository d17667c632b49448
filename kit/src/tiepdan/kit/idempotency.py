"""`Idempotency-Key` for creating POSTs: the same key and body answer the first response again, create nothing.

The key is claimed inside the view's own transaction, as its first statement (same round trip as its BEGIN on
PostgreSQL): the claim commits with the work it guards or vanishes with its rollback, so a failed request leaves
nothing to release. A concurrent retry's claim waits on the first one's transaction (unique key), then finds the key
taken: 409 while the first response is not stored yet, the stored response once it is. A different body under the
same key is 409. A claim whose response was never stored (the process died in between) is taken over after
`STALE_AFTER`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, ParamSpec

from flask import Response, g, make_response, request
from sqlalchemy import Connection, bindparam, delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from .auth import current_principal
from .db import driver_sql, execute_plain, idempotency_table, utcnow
from .errors import Problem
from .web import CLAIM_KEY, current_runtime

P = ParamSpec("P")
PENDING = 0
STALE_AFTER = timedelta(seconds=60)
MAX_KEY_LENGTH = 200
REPLAYED_HEADERS = ("Location", "Content-Type")
_STAKED = "tiepdan_staked_claim"

_table = idempotency_table
_THIS_KEY = (_table.c.scope == bindparam("k_scope")) & (_table.c.key == bindparam("k_key"))
# Built once: every keyed request runs the claim and the store (their compiled forms are cached).
_CLAIM = insert(_table).values(
    {name: bindparam(name) for name in ("scope", "key", "request_hash", "status", "created_at")}
)
_STORE = update(_table).where(_THIS_KEY).values({name: bindparam(name) for name in ("status", "body", "headers")})


class KeyTaken(Exception):
    """The key was already claimed by a committed request; raised out of the view to the decorator."""


@dataclass
class Claim:
    scope: str
    key: str
    digest: str
    #: Committed (or a stale one taken over): later transactions of the request need not claim again.
    held: bool = False

    def stake(self, session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
        """`after_begin` of each request unit of work until one commits."""
        if self.held:
            return
        values = {"scope": self.scope, "key": self.key, "request_hash": self.digest, "status": PENDING}
        try:
            execute_plain(connection, _CLAIM, {**values, "created_at": utcnow()})
        except IntegrityError:
            raise KeyTaken from None
        session.info[_STAKED] = self  # until its transaction commits (a rollback's next begin stakes it again)


# One listener on the Session class rather than one added to each request's session (adding it cost ~1 % of a
# keyed request's CPU).
@event.listens_for(Session, "after_commit")
def _claim_committed(session: Session) -> None:
    claim = session.info.pop(_STAKED, None)
    if claim is not None:
        claim.held = True


def idempotent(view: Callable[P, Any]) -> Callable[P, Response]:
    """Put it above flask-smorest's `arguments`/`response` decorators so it sees the raw body and final response.
    The view's units of work must come from `tiepdan.kit.web.request_uow` (they carry the claim)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return make_response(view(*args, **kwargs))
        if len(key) > MAX_KEY_LENGTH:
            raise Problem(422, errors={"Idempotency-Key": [f"Tối đa {MAX_KEY_LENGTH} ký tự."]})
        scope = f"{current_principal().sub}:{request.method}:{request.path}"
        claim = Claim(scope, key, hashlib.sha256(request.get_data(cache=True)).hexdigest())
        setattr(g, CLAIM_KEY, claim.stake)
        try:
            try:
                response = make_response(view(*args, **kwargs))
            except KeyTaken:
                replay = _existing(claim)
                if replay is not None:
                    return replay
                response = make_response(view(*args, **kwargs))  # a stale claim, taken over
        except BaseException:
            _release(claim)
            raise
        finally:
            g.pop(CLAIM_KEY, None)
        if 200 <= response.status_code < 300:
            _store(claim, response)
        else:
            _release(claim)
        return response

    return wrapper


def _existing(claim: Claim) -> Response | None:
    """The answer to a key already claimed: the stored response, a 409, or None once a stale claim is taken over."""
    this_key = {"k_scope": claim.scope, "k_key": claim.key}
    with current_runtime().engine.begin() as connection:
        row = connection.execute(select(_table).where(_THIS_KEY), this_key).one_or_none()
        if row is not None and row.request_hash != claim.digest:
            raise Problem(409, "Idempotency-Key này đã dùng cho một yêu cầu có nội dung khác.")
        if row is None or row.status == PENDING:  # None: released by its failing request a moment ago
            if row is None or utcnow() - row.created_at < STALE_AFTER:
                raise Problem(409, "Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau ít giây.")
            # only one of several retries arriving together takes the claim over
            taken = connection.execute(
                update(_table).where(_THIS_KEY, _table.c.created_at == row.created_at).values(created_at=utcnow()),
                this_key,
            )
            if taken.rowcount != 1:
                raise Problem(409, "Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau ít giây.")
            claim.held = True
            return None
    replay = Response(row.body, status=row.status)
    for name, value in (row.headers or {}).items():
        replay.headers[name] = value
    replay.headers["Idempotent-Replayed"] = "true"
    return replay


def _store(claim: Claim, response: Response) -> None:
    headers = {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers}
    answer = {"status": response.status_code, "body": response.get_data(), "headers": headers}
    engine = current_runtime().engine
    if not claim.held:
        # the view committed nothing (so claimed nothing): keep its answer all the same
        try:
            with engine.begin() as connection:
                connection.execute(
                    insert(_table).values(
                        scope=claim.scope, key=claim.key, request_hash=claim.digest, created_at=utcnow(), **answer
                    )
                )
        except IntegrityError:
            pass  # a concurrent request with this key stored its answer first
        return
    params = {"k_scope": claim.scope, "k_key": claim.key, **answer}
    if engine.dialect.name == "postgresql":
        # one statement is atomic by itself: no BEGIN and COMMIT round trips (SQLite keeps the kit's BEGIN IMMEDIATE)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(
                # as driver text (the stored headers as JSON text): a third less CPU than the compiled statement
                driver_sql(_STORE, engine.dialect),
                {**params, "headers": json.dumps(headers)},
            )
    else:
        with engine.begin() as connection:
            connection.execute(_STORE, params)


def _release(claim: Claim) -> None:
    """A committed claim whose request then failed: free the key (as before the claim, nothing was answered)."""
    if not claim.held:
        return  # never committed: it rolled back with the work
    with current_runtime().engine.begin() as connection:
        connection.execute(delete(_table).where(_THIS_KEY), {"k_scope": claim.scope, "k_key": claim.key})
