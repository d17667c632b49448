"""Tokens verified against a JWKS URL (a real HTTP server here): rotation without restart, the configured
secret still accepted, forged and unknown keys refused, an unreachable key set a 503."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tiepdan.kit import auth
from tiepdan.kit.auth import TokenVerifier, mint_token
from tiepdan.kit.config import Settings
from tiepdan.kit.errors import Problem

EXP = 4102444800  # 2100-01-01


class KeySet:
    """The signing keys a JWKS server publishes; tests add and drop keys while it runs."""

    def __init__(self) -> None:
        self.keys: dict[str, Any] = {}
        self.fetches = 0

    def add(self, kid: str) -> Any:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.keys[kid] = key
        return key

    def document(self) -> bytes:
        self.fetches += 1
        published = []
        for kid, key in self.keys.items():
            jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
            published.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return json.dumps({"keys": published}).encode()


@pytest.fixture
def key_set(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[KeySet, str]]:
    monkeypatch.setattr(auth, "JWKS_REFETCH_COOLDOWN_S", 0.0)
    keys = KeySet()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = keys.document()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield keys, f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    server.shutdown()
    thread.join(5)


SECRET = "a-test-secret-long-enough-for-hs256-keys"


def settings(jwks_url: str, **more: Any) -> Settings:
    base = Settings(service="test", jwt_secret=SECRET, unit="bach-quang")
    return replace(base, jwt_jwks_url=jwks_url, **more)


def signed(key: Any, kid: str, **claims: Any) -> str:
    return jwt.encode({"sub": "lan", "roles": ["clerk"], "exp": EXP, **claims}, key, "RS256", headers={"kid": kid})


def test_a_token_signed_with_a_published_key_is_accepted(key_set: tuple[KeySet, str]) -> None:
    keys, url = key_set
    key = keys.add("k1")
    principal = TokenVerifier(settings(url)).verify(signed(key, "k1", unit="dong-ha"))
    assert principal.sub == "lan"
    assert principal.roles == frozenset({"clerk"})
    assert principal.units == frozenset({"dong-ha"})


def test_a_new_key_is_fetched_without_a_restart(key_set: tuple[KeySet, str]) -> None:
    keys, url = key_set
    verifier = TokenVerifier(settings(url))
    verifier.verify(signed(keys.add("k1"), "k1"))
    fetched = keys.fetches
    verifier.verify(signed(keys.add("k2"), "k2"))
    assert keys.fetches == fetched + 1
    verifier.verify(signed(keys.keys["k1"], "k1", name="again"))
    assert keys.fetches == fetched + 1, "a known key is served from the cache"


def test_forged_and_unknown_keys_are_refused(key_set: tuple[KeySet, str]) -> None:
    keys, url = key_set
    keys.add("k1")
    verifier = TokenVerifier(settings(url))
    intruder = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for token in (signed(intruder, "k1"), signed(intruder, "nobody")):
        with pytest.raises(Problem) as raised:
            verifier.verify(token)
        assert raised.value.status == 401


def test_the_configured_secret_still_verifies_tokens_without_a_kid(key_set: tuple[KeySet, str]) -> None:
    _, url = key_set
    config = settings(url)
    token = mint_token(config, sub="dev", roles=["clerk"])
    assert TokenVerifier(config).verify(token).sub == "dev"


def test_the_key_set_alone_is_enough_outside_embedded_mode(key_set: tuple[KeySet, str]) -> None:
    keys, url = key_set
    config = replace(settings(url), jwt_secret="", amqp_url="amqp://broker")
    verifier = TokenVerifier(config)
    assert verifier.verify(signed(keys.add("k1"), "k1")).sub == "lan"
    hs256 = jwt.encode({"sub": "x", "exp": EXP}, "whatever-secret-long-enough-for-hs256-keys", "HS256")
    with pytest.raises(Problem) as raised:
        verifier.verify(hs256)
    assert raised.value.status == 401


def test_an_unreachable_key_set_is_a_503() -> None:
    verifier = TokenVerifier(settings("http://127.0.0.1:9/.well-known/jwks.json"))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Problem) as raised:
        verifier.verify(signed(key, "k1"))
    assert raised.value.status == 503
