"""What the console's views share: its runtime, settings, token signer and API client; the signed-in person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlencode, urlsplit

from flask import abort, current_app, g, redirect, request
from werkzeug.wrappers import Response

from tiepdan.kit.service import Runtime

from ..adapters.services import ServicesClient
from ..config import ConsoleConfig
from ..domain.accounts import Account
from ..service.accounts import Actor
from ..service.tokens import TokenSigner
from ..service.unit_names import UnitNames

LANGUAGES = ("vi", "en")
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Console:
    runtime: Runtime
    config: ConsoleConfig
    signer: TokenSigner
    services: ServicesClient
    #: the platform's units' names, one copy per process (`labels.unit_names` adds the setting's)
    unit_names: UnitNames


def console() -> Console:
    found: Console = current_app.extensions["tiepdan_console"]
    return found


def current_account() -> Account | None:
    account: Account | None = g.get("account")
    return account


def client_address() -> str:
    return request.remote_addr or ""


def actor() -> Actor:
    account = current_account()
    return Actor(account.username if account else "anonymous", client_address())


def person_token() -> str:
    """A token for the signed-in person, valid a few minutes, looked up once per request. The signer reuses it
    across requests while more than half its life is left: each service then verifies it once, not once a page."""
    token: str | None = g.get("person_token")
    if token is None:
        account = current_account()
        if account is None:
            abort(401)
        ctx = console()
        token = ctx.signer.sign(account.claims(), ctx.config.person_token_ttl_s, "person", reuse=True)
        g.person_token = token
    return token


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def sign_in_redirect(expired: bool = False) -> Response:
    """To sign-in, then back: to this page, or after a form, to the page the form was on."""
    query: dict[str, Any] = {"next": request.full_path.rstrip("?") if request.method == "GET" else _referring_page()}
    if expired:
        query["expired"] = "1"
    return redirect("/login?" + urlencode(query))


def _referring_page() -> str:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return "/"
    return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


def login_required(view: Callable[P, R]) -> Callable[P, R | Response]:
    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        if current_account() is None:
            return sign_in_redirect(expired=bool(g.get("session_expired")))
        return view(*args, **kwargs)

    return wrapper


def roles_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R | Response]]:
    def decorate(view: Callable[P, R]) -> Callable[P, R | Response]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | Response:
            account = current_account()
            if account is None:
                return sign_in_redirect(expired=bool(g.get("session_expired")))
            if not account.has_any(roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate
