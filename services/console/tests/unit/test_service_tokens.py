"""Signing keys and tokens through the service layer, on the in-memory unit of work: a token verifies against the
published key set, a rotation keeps the retired key published, the shared settings are made once."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import jwt
import pytest
from console_fakes import FakeConsoleUnitOfWork

from tiepdan.console.domain.keys import RETIRED_KEY_PUBLISHED
from tiepdan.console.service.accounts import CLI
from tiepdan.console.service.setup import SECRET_KEY, shared_secret_key
from tiepdan.console.service.tokens import TokenSigner, ensure_signing_key, jwks, rotate_signing_key
from tiepdan.kit.db import utcnow


@pytest.fixture
def keyed(uow: FakeConsoleUnitOfWork) -> FakeConsoleUnitOfWork:
    ensure_signing_key(uow)
    return uow


def _verify(token: str, keys: dict, audience: str | None = None) -> dict:
    kid = jwt.get_unverified_header(token)["kid"]
    [jwk] = [key for key in keys["keys"] if key["kid"] == kid]
    return jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"], audience=audience)


def test_a_signing_key_is_made_once(keyed: FakeConsoleUnitOfWork) -> None:
    ensure_signing_key(keyed)

    assert len(keyed.signing_keys.keys) == 1
    assert [key["kid"] for key in jwks(keyed)["keys"]] == [keyed.signing_keys.keys[0].kid]
    assert "d" not in jwks(keyed)["keys"][0]  # the public half only


def test_an_issued_token_verifies_against_the_published_keys(keyed: FakeConsoleUnitOfWork) -> None:
    signer = TokenSigner(lambda: keyed, issuer="https://tiepdan.example", audience="tiepdan")

    token = signer.sign({"sub": "lan", "roles": ["clerk"], "unit": "bach-quang"}, 300, "person")

    claims = _verify(token, jwks(keyed), audience="tiepdan")
    assert (claims["sub"], claims["roles"], claims["iss"]) == ("lan", ["clerk"], "https://tiepdan.example")
    assert claims["exp"] - claims["iat"] == 300


def test_without_a_key_nothing_is_signed(uow: FakeConsoleUnitOfWork) -> None:
    with pytest.raises(RuntimeError, match="no signing key"):
        TokenSigner(lambda: uow).sign({"sub": "lan"}, 300, "person")


def test_a_rotation_signs_with_the_new_key_and_keeps_the_old_one_published(keyed: FakeConsoleUnitOfWork) -> None:
    old = keyed.signing_keys.keys[0].kid
    signer = TokenSigner(lambda: keyed)
    old_token = signer.sign({"sub": "lan"}, 300, "person")

    new = rotate_signing_key(keyed, CLI)
    signer.forget_key()
    new_token = signer.sign({"sub": "lan"}, 300, "person")

    assert jwt.get_unverified_header(new_token)["kid"] == new != old
    published = jwks(keyed)
    assert [key["kid"] for key in published["keys"]] == [new, old]
    assert _verify(old_token, published)["sub"] == "lan"
    assert keyed.audit.actions() == ["key_rotated"]


def test_a_key_retired_longer_ago_than_any_token_lives_is_no_longer_published(keyed: FakeConsoleUnitOfWork) -> None:
    new = rotate_signing_key(keyed, CLI)
    long_ago = utcnow() - RETIRED_KEY_PUBLISHED - timedelta(seconds=1)
    keyed.signing_keys.keys = [
        k if k.kid == new else dataclasses.replace(k, retired_at=long_ago) for k in keyed.signing_keys.keys
    ]

    assert [key["kid"] for key in jwks(keyed)["keys"]] == [new]


def test_the_shared_secret_key_is_made_once(uow: FakeConsoleUnitOfWork) -> None:
    first = shared_secret_key(uow)

    assert shared_secret_key(uow) == first
    assert uow.settings.values == {SECRET_KEY: first}
