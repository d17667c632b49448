"""Tokens: the console's RS256 tokens and JWKS, a person's token reused across pages, OAuth 2.0 client credentials
used as an agency's system would, on a real HTTP server where the alerts service verifies them against the console's
key set."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
import requests
from conftest import LiveServer
from console_support import add_account, sign_in
from flask import Flask
from prometheus_client import REGISTRY

from tiepdan.console.adapters.services import ServiceUnavailable
from tiepdan.console.service import clients
from tiepdan.console.service.accounts import CLI, AccountDraft, update_account
from tiepdan.console.service.tokens import TokenSigner, jwks, rotate_signing_key
from tiepdan.console.service.unit_of_work import console_work
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer


def test_person_tokens_are_rs256_with_a_kid_the_jwks_publishes(runtime: Runtime) -> None:
    token = TokenSigner.for_runtime(runtime).sign({"sub": "lan", "roles": ["clerk"]}, 300, "person")
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    published = {key["kid"]: key for key in jwks(console_work(runtime))["keys"]}
    assert header["kid"] in published
    key = jwt.PyJWK(published[header["kid"]]).key
    claims = jwt.decode(token, key, algorithms=["RS256"])
    assert claims["exp"] - claims["iat"] == 300


def test_a_rotated_key_signs_and_the_old_one_stays_published(runtime: Runtime) -> None:
    signer = TokenSigner.for_runtime(runtime)
    old = jwt.get_unverified_header(signer.sign({"sub": "a"}, 60, "person"))["kid"]
    new = rotate_signing_key(console_work(runtime), CLI)
    signer.forget_key()
    assert jwt.get_unverified_header(signer.sign({"sub": "a"}, 60, "person"))["kid"] == new
    assert {old, new} <= {key["kid"] for key in jwks(console_work(runtime))["keys"]}


def _signed_so_far(kind: str) -> float:
    return REGISTRY.get_sample_value("tiepdan_console_tokens_issued_total", {"kind": kind}) or 0.0


def test_a_person_s_pages_share_one_token_until_half_its_life_is_gone_or_the_roles_change(
    app: Flask, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = app.extensions["tiepdan_console"]
    sent: list[str] = []

    def record(service: str, method: str, path: str, token: str | None, **_: Any) -> Any:
        assert token is not None
        sent.append(token)
        raise ServiceUnavailable(service)  # no service runs here: the page says so

    monkeypatch.setattr(console.services, "call", record)
    add_account(runtime, "token-lan", ("clerk",))
    client = app.test_client()
    sign_in(client, "token-lan")
    before = _signed_so_far("person")

    def token_of_a_page() -> str:
        sent.clear()
        assert client.get("/").status_code == 200
        assert sent, "the home page asks the alerts service with the person's token"
        return sent[0]

    first, second = token_of_a_page(), token_of_a_page()
    draft = AccountDraft("token-lan", "Cán bộ token-lan", "Văn phòng HĐND-UBND", ("clerk", "leader"), "bach-quang")
    update_account(console_work(runtime), draft, CLI)
    promoted = token_of_a_page()
    monkeypatch.setattr(console.signer, "clock", lambda: time.time() + 151)  # 151 s of the 300 gone
    later = token_of_a_page()

    assert second == first
    assert jwt.decode(promoted, options={"verify_signature": False})["roles"] == ["clerk", "leader"]
    assert later != promoted
    # RS256 signs the same claims in the same second to the same bytes: the count is what shows the reuse
    assert _signed_so_far("person") - before == 3


def _register(live: LiveServer, roles: tuple[str, ...] = ("police",)) -> tuple[str, str]:
    draft = clients.ClientDraft(
        "cong-an-phuong", name="Hệ thống Công an phường", agency="Công an phường", roles=roles, unit="bach-quang"
    )
    client, secret = clients.register_client(console_work(live.platform.runtimes["console"]), draft, CLI)
    return client.client_id, secret


def _client_credentials(live: LiveServer, client_id: str, secret: str) -> requests.Response:
    """The client-credentials grant, the client authenticated with HTTP Basic."""
    return requests.post(
        f"{live.base}/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret), timeout=10
    )


def test_an_agency_system_gets_a_token_and_reads_alerts_with_it(live_platform: LiveServer) -> None:
    client_id, secret = _register(live_platform)
    answer = _client_credentials(live_platform, client_id, secret)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == "client:cong-an-phuong"
    assert claims["roles"] == ["police"]
    assert claims["unit"] == "bach-quang"
    alerts = requests.get(
        f"{live_platform.base}/api/v1/alerts",
        params={"status": "open"},
        headers={"Authorization": f"Bearer {body['access_token']}"},
        timeout=10,
    )
    assert alerts.status_code == 200, alerts.text
    assert alerts.json()["items"] == []


def test_every_token_request_of_an_agency_system_is_signed_afresh(live_platform: LiveServer) -> None:
    client_id, secret = _register(live_platform)
    before = _signed_so_far("client")

    for _ in range(2):
        answer = _client_credentials(live_platform, client_id, secret)
        assert answer.status_code == 200, answer.text
        claims = jwt.decode(answer.json()["access_token"], options={"verify_signature": False})
        assert claims["exp"] - claims["iat"] == answer.json()["expires_in"]

    assert _signed_so_far("client") - before == 2


def test_client_authentication_in_the_body_works_too(live_platform: LiveServer) -> None:
    client_id, secret = _register(live_platform)
    answer = requests.post(
        f"{live_platform.base}/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) >= {"access_token", "token_type", "expires_in"}


def test_a_wrong_secret_or_grant_is_refused(live_platform: LiveServer) -> None:
    client_id, _secret = _register(live_platform)
    wrong = _client_credentials(live_platform, client_id, "not-the-secret")
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    unknown_grant = requests.post(
        f"{live_platform.base}/oauth/token", data={"grant_type": "password"}, auth=(client_id, _secret), timeout=10
    )
    assert unknown_grant.status_code == 400


def test_a_forged_token_is_refused_and_hs256_development_tokens_still_work(live_platform: LiveServer) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    intruder = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = jwks(console_work(live_platform.platform.runtimes["console"]))["keys"][0]["kid"]
    forged = jwt.encode({"sub": "x", "roles": ["police"], "exp": 4102444800}, intruder, "RS256", headers={"kid": kid})
    refused = requests.get(
        f"{live_platform.base}/api/v1/alerts", headers={"Authorization": f"Bearer {forged}"}, timeout=10
    )
    assert refused.status_code == 401
    development = requests.get(f"{live_platform.base}/api/v1/alerts", headers=bearer("police"), timeout=10)
    assert development.status_code == 200


def test_the_services_follow_a_key_rotation_without_a_restart(live_platform: LiveServer) -> None:
    console = live_platform.platform.runtimes["console"]
    client_id, secret = _register(live_platform)

    def read_alerts() -> int:
        token = _client_credentials(live_platform, client_id, secret).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        return requests.get(f"{live_platform.base}/api/v1/alerts", headers=headers, timeout=10).status_code

    assert read_alerts() == 200
    new_kid = rotate_signing_key(console_work(console), CLI)
    live_platform.platform.apps["console"].extensions["tiepdan_console"].signer.forget_key()
    token = _client_credentials(live_platform, client_id, secret).json()["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == new_kid
    assert read_alerts() == 200
