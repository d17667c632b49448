"""Signing keys and tokens through the service layer, on the in-memory unit of work: a token verifies against the
published key set, a rotation keeps the retired key published, a token is reused while more than half its life is
left, the shared settings are made once."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import jwt
import pytest
from console_fakes import FakeConsoleUnitOfWork
from prometheus_client import REGISTRY

from tiepdan.console.domain.keys import RETIRED_KEY_PUBLISHED
from tiepdan.console.service import tokens
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


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _signed_so_far(kind: str) -> float:
    return REGISTRY.get_sample_value("tiepdan_console_tokens_issued_total", {"kind": kind}) or 0.0


LAN = {"sub": "lan", "roles": ["clerk"], "unit": "bach-quang"}


def test_the_same_claims_get_the_same_token_while_more_than_half_its_life_is_left(keyed: FakeConsoleUnitOfWork) -> None:
    clock = Clock()
    signer = TokenSigner(lambda: keyed, clock=clock)
    before = _signed_so_far("person")

    first = signer.sign(LAN, 300, "person", reuse=True)
    clock.now += 149
    again = signer.sign({"unit": "bach-quang", "roles": ["clerk"], "sub": "lan"}, 300, "person", reuse=True)
    clock.now += 2  # 151 s on: less than half of the 300 s is left
    later = signer.sign(LAN, 300, "person", reuse=True)

    assert again == first
    assert later != first
    claims = jwt.decode(later, options={"verify_signature": False})
    assert (claims["iat"], claims["exp"]) == (int(clock.now), int(clock.now) + 300)
    assert _signed_so_far("person") - before == 2  # the reused token was not signed again


def test_other_claims_ttl_or_kind_get_another_token(keyed: FakeConsoleUnitOfWork) -> None:
    signer = TokenSigner(lambda: keyed, clock=Clock())
    first = signer.sign(LAN, 300, "person", reuse=True)
    services_before = _signed_so_far("service")

    others = [
        signer.sign({**LAN, "roles": ["clerk", "leader"]}, 300, "person", reuse=True),
        signer.sign({**LAN, "unit": "tan-thinh"}, 300, "person", reuse=True),
        signer.sign(LAN, 60, "person", reuse=True),
    ]
    signer.sign(LAN, 300, "service", reuse=True)

    assert len({first, *others}) == 4
    assert jwt.decode(others[0], options={"verify_signature": False})["roles"] == ["clerk", "leader"]
    # the kind is not in the token, so the same claims make the same bytes: the count shows it was signed for itself
    assert _signed_so_far("service") - services_before == 1


def test_after_a_rotation_the_token_is_signed_with_the_new_key(keyed: FakeConsoleUnitOfWork) -> None:
    signer = TokenSigner(lambda: keyed, clock=Clock())
    old_token = signer.sign(LAN, 300, "person", reuse=True)

    new = rotate_signing_key(keyed, CLI)
    signer.forget_key()
    new_token = signer.sign(LAN, 300, "person", reuse=True)

    assert new_token != old_token
    assert jwt.get_unverified_header(new_token)["kid"] == new


def test_without_reuse_every_call_signs(keyed: FakeConsoleUnitOfWork) -> None:
    signer = TokenSigner(lambda: keyed, clock=Clock())
    before = _signed_so_far("client")

    signer.sign(LAN, 900, "client")
    signer.sign(LAN, 900, "client")

    assert _signed_so_far("client") - before == 2


def test_the_least_recently_used_token_is_dropped_first(
    keyed: FakeConsoleUnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "REUSED_TOKENS", 2)
    signer = TokenSigner(lambda: keyed, clock=Clock())
    before = _signed_so_far("person")

    for sub in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" comes
        signer.sign({"sub": sub}, 300, "person", reuse=True)
    signer.sign({"sub": "a"}, 300, "person", reuse=True)
    signer.sign({"sub": "b"}, 300, "person", reuse=True)

    assert _signed_so_far("person") - before == 4  # a, b, c, and b again


def test_a_token_says_how_long_it_is_still_valid(keyed: FakeConsoleUnitOfWork) -> None:
    clock = Clock()
    signer = TokenSigner(lambda: keyed, clock=clock)
    token = signer.sign(LAN, 300, "person")

    clock.now += 100

    assert signer.seconds_left(token) == pytest.approx(200, abs=1)


def test_the_shared_secret_key_is_made_once(uow: FakeConsoleUnitOfWork) -> None:
    first = shared_secret_key(uow)

    assert shared_secret_key(uow) == first
    assert uow.settings.values == {SECRET_KEY: first}
