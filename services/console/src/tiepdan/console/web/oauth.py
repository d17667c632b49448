"""Tokens for agencies' systems (OAuth 2.0 client credentials, RFC 6749 §4.4, with Authlib) and the console's
public keys (`/.well-known/jwks.json`) that the services verify every token against."""

from __future__ import annotations

from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from flask import Blueprint, Flask, Response, jsonify

from ..domain.accounts import Client
from ..service import clients, tokens
from ..service.unit_of_work import console_work
from .context import console

blueprint = Blueprint("oauth", __name__)


class RegisteredClient(ClientMixin):
    """What Authlib needs to know of a registered client: its secret and that it may only use this grant."""

    def __init__(self, client: Client, secret_hash: str) -> None:
        self.client = client
        self.secret_hash = secret_hash

    def get_client_id(self) -> str:
        return self.client.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        return ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return self.client.active and clients.secret_matches(self.secret_hash, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in ClientCredentials.TOKEN_ENDPOINT_AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


def _query_client(client_id: str) -> RegisteredClient | None:
    found = clients.find_client(console_work(console().runtime), client_id)
    return RegisteredClient(*found) if found is not None else None


def _save_token(_token: dict[str, Any], _request: Any) -> None:
    """Tokens are self-contained signed JWTs: nothing to keep."""


def _generate_token(grant_type: str, client: RegisteredClient, **_: Any) -> dict[str, Any]:
    ctx = console()
    ttl = ctx.config.client_token_ttl_s
    # never reused: the answer states the token's lifetime (expires_in), which only a token signed now has
    access_token = ctx.signer.sign(client.client.claims(), ttl, "client")
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": ttl}


def authorization_server(app: Flask) -> AuthorizationServer:
    server = AuthorizationServer(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(ClientCredentials)
    server.register_token_generator("client_credentials", _generate_token)
    return server


@blueprint.record_once
def _attach(state: Any) -> None:
    state.app.extensions["tiepdan_oauth"] = authorization_server(state.app)


@blueprint.post("/oauth/token")
def token() -> Response:
    server: AuthorizationServer = console_app_server()
    response: Response = server.create_token_response()
    return response


def console_app_server() -> AuthorizationServer:
    from flask import current_app

    server: AuthorizationServer = current_app.extensions["tiepdan_oauth"]
    return server


@blueprint.get("/.well-known/jwks.json")
def jwks() -> Response:
    response = jsonify(tokens.jwks(console_work(console().runtime)))
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
