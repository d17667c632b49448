"""Flask's session kept on the server (`service.sessions`): the cookie is a random id, HttpOnly, SameSite=Lax, and
Secure whenever the request came over TLS. An idle or too-old session is ended when it is next presented."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..domain.limits import SessionPolicy
from ..service import sessions as store
from ..service.unit_of_work import console_work

COOKIE = "tiepdan_session"
#: Sessions nobody presents again (a browser closed, a visitor who never signed in) are deleted this often.
PURGE_EVERY_S = 300.0
#: A presented id longer than this is not one of ours: not even looked up.
MAX_ID_LENGTH = 64


class ServerSession(CallbackDict[str, Any], SessionMixin):
    def __init__(
        self, data: dict[str, Any], sid: str | None, created_at: datetime, last_seen_at: datetime, *, expired: bool
    ) -> None:
        def changed(_: Any) -> None:
            self.modified = True

        super().__init__(data, changed)
        self.sid = sid
        self.created_at = created_at
        self.last_seen_at = last_seen_at
        #: the request presented a session that had timed out while signed in
        self.expired = expired
        #: give the session a new id when saved (after signing in: no fixation)
        self.regenerate = False
        self.modified = False


class DatabaseSessionInterface(SessionInterface):
    def __init__(self, runtime: Runtime, policy: SessionPolicy) -> None:
        self.runtime = runtime
        self.policy = policy
        self._purged_at = 0.0

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        now = utcnow()
        sid = request.cookies.get(COOKIE, "")
        if sid and len(sid) <= MAX_ID_LENGTH:
            stored = store.load(console_work(self.runtime), sid)
            if stored is not None:
                if not self.policy.expired(stored.created_at, stored.last_seen_at, now):
                    return ServerSession(stored.data, sid, stored.created_at, stored.last_seen_at, expired=False)
                store.delete_session(console_work(self.runtime), sid)
                return ServerSession({}, None, now, now, expired=stored.account_id is not None)
        return ServerSession({}, None, now, now, expired=False)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        secure = _request_is_secure()
        replaced = None
        if session.regenerate and session.sid is not None:
            replaced, session.sid = session.sid, None
        if not session:
            if replaced is not None:
                store.delete_session(console_work(self.runtime), replaced)
            if session.sid is not None:
                store.delete_session(console_work(self.runtime), session.sid)
                response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Lax")
            return
        now = utcnow()
        fresh = session.sid is None
        sid = session.sid or store.new_session_id()
        session.sid = sid
        if fresh:
            session.created_at = now
            self._purge_now_and_then()
        if fresh or session.modified or self.policy.needs_touch(session.last_seen_at, now):
            account_id = session.get("account_id")
            stored = store.StoredSession(dict(session), account_id, session.created_at, now)
            store.save(console_work(self.runtime), sid, stored, replacing=replaced)
        if fresh:
            response.set_cookie(COOKIE, sid, path="/", secure=secure, httponly=True, samesite="Lax")

    def _purge_now_and_then(self) -> None:
        if time.monotonic() - self._purged_at >= PURGE_EVERY_S:
            self._purged_at = time.monotonic()
            store.purge_expired(console_work(self.runtime), self.policy)


def _request_is_secure() -> bool:
    from flask import request

    return request.is_secure
