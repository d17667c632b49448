"""Single sign-on with a province identity provider (OpenID Connect, Authlib): `/login/sso` sends the person there
(authorization code with PKCE, nonce), `/login/sso/callback` takes the validated ID token's claims, maps them to
roles and signs in the local account. Only when configured; the sign-in page then shows the button."""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from ..service import sso
from ..service.unit_of_work import console_work
from .auth import begin_session
from .context import client_address, console, safe_next
from .forms import LoginForm

blueprint = Blueprint("sso", __name__)
PROVIDER = "province"
NEXT_KEY = "sso_next"


def console_config(app: Flask) -> Any:
    return app.extensions["tiepdan_console"].config


def _client() -> Any:
    """Registered at the first sign-in through it (the provider's metadata is fetched then, not at start-up)."""
    config = console_config(current_app)
    if not config.sso_enabled:
        raise NotFound()
    oauth: OAuth | None = current_app.extensions.get("tiepdan_sso")
    if oauth is None:
        oauth = OAuth(current_app)
        oauth.register(
            PROVIDER,
            client_id=config.oidc_client_id,
            client_secret=config.oidc_client_secret,
            server_metadata_url=config.oidc_metadata_url,
            client_kwargs={"scope": config.oidc_scope, "code_challenge_method": "S256"},
        )
        current_app.extensions["tiepdan_sso"] = oauth
    return oauth.create_client(PROVIDER)


@blueprint.app_context_processor
def _sso_button() -> dict[str, Any]:
    config = console_config(current_app)
    return {"sso_label": (config.oidc_label or _("Đăng nhập bằng tài khoản của tỉnh")) if config.sso_enabled else None}


@blueprint.get("/login/sso")
def start() -> Any:
    client = _client()
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    return client.authorize_redirect(url_for("sso.callback", _external=True))


@blueprint.get("/login/sso/callback")
def callback() -> Any:
    client = _client()
    try:
        token = client.authorize_access_token()
    except OAuthError as refused:
        current_app.logger.info("single sign-on refused: %s", refused.error)
        return _refused(_("Đăng nhập qua hệ thống của tỉnh không thành công hoặc đã bị huỷ."))
    claims = token.get("userinfo") or {}
    ctx = console()
    config = ctx.config
    policy = sso.SsoPolicy(
        claim=config.oidc_roles_claim,
        role_map=config.oidc_role_map,
        unit=config.oidc_unit or ctx.runtime.settings.unit,
        agency=config.oidc_agency,
    )
    issuer = client.load_server_metadata().get("issuer", "")
    result = sso.sign_in_external(console_work(ctx.runtime), policy, issuer, claims, client_address())
    if result.outcome == "no_role" or result.account is None:
        if result.outcome == "disabled":
            return _refused(_("Tài khoản này đã bị khoá. Vui lòng liên hệ quản trị hệ thống."))
        return _refused(_("Tài khoản của tỉnh chưa được giao vai trò nào trên hệ thống này."))
    target = safe_next(session.get(NEXT_KEY))
    begin_session(result.account)
    return redirect(target)


def _refused(message: str) -> tuple[str, int]:
    form = LoginForm()
    form.next.data = safe_next(session.pop(NEXT_KEY, None))
    return render_template("login.html", form=form, error=message, expired=False), 403
