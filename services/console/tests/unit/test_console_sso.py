"""Single sign-on's pure rules: a claim's values mapped to roles, the local username made from the claims."""

from __future__ import annotations

import pytest

from tiepdan.console.domain.sso import external_subject, mapped_roles, username_candidate

MAP = {"tiepdan-clerk": "clerk", "tiepdan-leaders": ["leader", "clerk"], "bad": ["superuser"]}


@pytest.mark.parametrize(
    ("claims", "roles"),
    [
        ({"groups": ["tiepdan-clerk"]}, ("clerk",)),
        ({"groups": ["tiepdan-leaders", "tiepdan-clerk"]}, ("clerk", "leader")),
        ({"groups": "tiepdan-clerk"}, ("clerk",)),
        ({"groups": ["other"]}, ()),
        ({"groups": ["bad"]}, ()),  # only the contract's roles are ever granted
        ({"groups": 7}, ()),
        ({}, ()),
    ],
)
def test_a_claims_values_map_to_the_contracts_roles_only(claims: dict[str, object], roles: tuple[str, ...]) -> None:
    assert mapped_roles(claims, "groups", MAP) == roles


@pytest.mark.parametrize(
    ("claims", "username"),
    [
        ({"preferred_username": "Nguyen.Van.An", "sub": "x"}, "nguyen.van.an"),
        ({"preferred_username": "an@tinh.gov.vn", "sub": "x"}, "an-tinh.gov.vn"),
        ({"sub": "248289761001"}, "248289761001"),
        ({"preferred_username": "Đ", "sub": "?"}, "sso-user"),
    ],
)
def test_a_username_is_made_of_the_characters_usernames_allow(claims: dict[str, object], username: str) -> None:
    assert username_candidate(claims) == username


def test_the_same_subject_at_two_providers_is_two_people() -> None:
    assert external_subject("https://a.example/", "1") != external_subject("https://b.example", "1")
