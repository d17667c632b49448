"""Account rules, scopes, lockout and session lifetimes (pure domain)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tiepdan.console.domain.accounts import AccountError, check_password, check_roles, check_username, parse_scope
from tiepdan.console.domain.limits import LockoutPolicy, SessionPolicy

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("ngắn quá", "password_too_short"),
        ("nguyenvanlan", "password_is_username"),
        ("NAlnavneyugn", "password_is_username"),
    ],
)
def test_password_rules(password: str, code: str) -> None:
    with pytest.raises(AccountError) as raised:
        check_password("nguyenvanlan", password)
    assert raised.value.code == code


def test_a_long_enough_password_other_than_the_username_passes() -> None:
    check_password("nguyenvanlan", "mười hai ký tự")


def test_usernames_and_roles() -> None:
    assert check_username("nguyen.van-lan_2") == "nguyen.van-lan_2"
    for bad in ("Lan", "a", "lan nguyen", "lần"):
        with pytest.raises(AccountError):
            check_username(bad)
    assert check_roles(["admin", "clerk"]) == ("clerk", "admin")  # the contract's order
    with pytest.raises(AccountError):
        check_roles([])
    with pytest.raises(AccountError):
        check_roles(["mayor"])


def test_scopes() -> None:
    assert parse_scope("bach-quang", None).claims() == {"unit": "bach-quang"}
    assert parse_scope(None, "*").claims() == {"units": "*"}
    assert parse_scope("", "dong-ha, bach-quang").claims() == {"units": ["bach-quang", "dong-ha"]}
    assert parse_scope(None, None).claims() == {}
    with pytest.raises(AccountError):
        parse_scope("bach-quang", "dong-ha")
    with pytest.raises(AccountError):
        parse_scope("Bạch Quang", None)


def test_five_failures_lock_for_fifteen_minutes_and_a_spent_lock_counts_afresh() -> None:
    policy = LockoutPolicy()
    failures, until = 0, None
    for _ in range(4):
        failures, until = policy.after_failure(failures, until, NOW)
        assert until is None
    failures, until = policy.after_failure(failures, until, NOW)
    assert until == NOW + timedelta(minutes=15)
    assert policy.locked(until, NOW + timedelta(minutes=14))
    later = NOW + timedelta(minutes=16)
    assert not policy.locked(until, later)
    assert policy.after_failure(failures, until, later) == (1, None)


def test_sessions_end_when_idle_or_too_old() -> None:
    policy = SessionPolicy()
    assert not policy.expired(NOW, NOW, NOW + timedelta(minutes=29))
    assert policy.expired(NOW, NOW, NOW + timedelta(minutes=30))
    busy = NOW + timedelta(hours=12) - timedelta(minutes=1)
    assert not policy.expired(NOW, busy, busy)
    assert policy.expired(NOW, busy, NOW + timedelta(hours=12))
    assert not policy.needs_touch(NOW, NOW + timedelta(seconds=30))
    assert policy.needs_touch(NOW, NOW + timedelta(seconds=60))
