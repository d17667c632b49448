"""Sign-in with OpenID Connect against a real provider, in a real browser: the template of the console's test.

The relying party is a tiny Flask app using Authlib, as the console does: discovery from the provider's metadata,
the authorization-code flow with PKCE, the ID token validated (signature from the provider's JWKS, issuer,
audience, expiry, nonce), then its claims read and the `groups` claim mapped to the platform's roles.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, jsonify, url_for

from tiepdan.kit.browser import OidcProvider

GROUP_ROLES = {"tiepdan-clerk": "clerk", "tiepdan-leader": "leader"}


def make_relying_party() -> tuple[Flask, OAuth]:
    app = Flask(__name__)
    app.secret_key = secrets.token_hex(32)
    oauth = OAuth(app)

    @app.get("/login")
    def login() -> Any:
        return oauth.province.authorize_redirect(url_for("callback", _external=True))

    @app.get("/callback")
    def callback() -> Any:
        try:
            token = oauth.province.authorize_access_token()
        except OAuthError as refused:  # e.g. access_denied when the person cancels at the provider
            return jsonify(error=refused.error), 403
        claims = token["userinfo"]  # the validated ID token's claims
        roles = sorted(GROUP_ROLES[g] for g in claims.get("groups", []) if g in GROUP_ROLES)
        return jsonify(id_token=dict(claims), roles=roles, userinfo=dict(oauth.province.userinfo(token=token)))

    return app, oauth


@pytest.fixture
def sign_in_setup(live_server, oidc_provider):
    """`sign_in_setup(**provider_options)` → (the relying party's URL, the provider it trusts)."""

    def start(**provider_options: Any) -> tuple[str, OidcProvider]:
        # The provider must know the redirect URI, so the relying party is served first and told about the
        # provider afterwards: the console's test does the same with the console's app.
        app, oauth = make_relying_party()
        site = live_server(app)
        provider = oidc_provider(f"{site}/callback", **provider_options)
        oauth.register(
            "province",
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": "openid profile email groups", "code_challenge_method": "S256"},
        )
        return site, provider

    return start


def signed_in_as(page) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(page.inner_text("body"))
    return answer


def test_sign_in_through_the_provider_validates_the_id_token_and_maps_groups_to_roles(page, sign_in_setup):
    site, provider = sign_in_setup()
    authorization_requests = []
    page.on("request", lambda r: r.url.startswith(f"{provider.issuer}/auth?") and authorization_requests.append(r.url))

    page.goto(f"{site}/login")
    assert page.url.startswith(provider.issuer)
    provider.sign_in(page, "nguyen.van.an")

    assert page.url.startswith(f"{site}/callback?")
    answer = signed_in_as(page)
    claims = answer["id_token"]
    assert claims["iss"] == provider.issuer
    assert claims["aud"] == provider.client_id
    assert claims["sub"] == "nguyen.van.an"
    assert claims["name"] == "Nguyễn Văn An"
    assert claims["groups"] == ["tiepdan-clerk"]
    assert answer["roles"] == ["clerk"]
    assert answer["userinfo"]["email"] == "an.nv@tinh.gov.vn"
    query = parse_qs(urlparse(authorization_requests[0]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [provider.client_id]
    assert "nonce" in query


def test_a_login_the_provider_does_not_know_gets_the_login_form_again(page, sign_in_setup):
    site, provider = sign_in_setup(accounts={"tran.thi.binh": {"name": "Trần Thị Bình", "groups": ["tiepdan-leader"]}})

    page.goto(f"{site}/login")
    provider.sign_in(page, "nguyen.van.an")

    assert page.url.startswith(f"{provider.issuer}/interaction/")
    assert page.locator('input[name="login"]').is_visible()
    provider.sign_in(page, "tran.thi.binh")
    assert page.url.startswith(f"{site}/callback?")
    answer = signed_in_as(page)
    assert (answer["id_token"]["sub"], answer["roles"]) == ("tran.thi.binh", ["leader"])


def test_cancelling_at_the_provider_comes_back_as_access_denied(page, sign_in_setup):
    site, provider = sign_in_setup()

    page.goto(f"{site}/login")
    provider.cancel(page)

    assert page.url.startswith(f"{site}/callback?error=access_denied")
    assert signed_in_as(page) == {"error": "access_denied"}
