"""Signing in through the service layer, on the in-memory unit of work: one answer for every failure, a lockout
after repeated failures of a username, every attempt audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from console_fakes import FakeConsoleUnitOfWork

from tiepdan.console.domain.limits import FailedSignIns, LockoutPolicy
from tiepdan.console.service.accounts import CLI, AccountDraft, create_account, disable_account
from tiepdan.console.service.signin import sign_in, sign_out

PASSWORD = "mật khẩu đủ dài 2026"
POLICY = LockoutPolicy(attempts=3, duration=timedelta(minutes=15))
ADDRESS = "10.0.0.7"


@pytest.fixture
def lan(uow: FakeConsoleUnitOfWork) -> FakeConsoleUnitOfWork:
    create_account(uow, AccountDraft("lan", "Nguyễn Thị Lan", "", ("clerk",), unit="bach-quang"), PASSWORD, CLI)
    return uow


def test_the_right_password_signs_in_and_is_audited(lan: FakeConsoleUnitOfWork) -> None:
    result = sign_in(lan, POLICY, "  LAN ", PASSWORD, ADDRESS)

    assert result.outcome == "signed_in"
    assert result.account is not None
    assert result.account.username == "lan"
    assert lan.audit.entries[-1].action == "sign_in"
    assert lan.audit.entries[-1].address == ADDRESS


def test_a_wrong_password_an_unknown_user_and_a_disabled_account_get_one_answer(lan: FakeConsoleUnitOfWork) -> None:
    create_account(lan, AccountDraft("binh", "Trần Văn Bình", "", ("clerk",), unit="bach-quang"), PASSWORD, CLI)
    disable_account(lan, "binh", CLI)

    answers = [
        sign_in(lan, POLICY, "lan", "không phải mật khẩu", ADDRESS),
        sign_in(lan, POLICY, "khong-co-ai", PASSWORD, ADDRESS),
        sign_in(lan, POLICY, "binh", PASSWORD, ADDRESS),
    ]

    assert {(a.outcome, a.account) for a in answers} == {("failed", None)}
    reasons = [e.detail["reason"] for e in lan.audit.entries if e.action == "sign_in_failed"]
    assert reasons == ["wrong_password", "unknown_user", "disabled"]
    assert lan.sign_in_failures.get("khong-co-ai") == FailedSignIns(1, None)


def test_repeated_failures_lock_the_username_even_for_the_right_password(lan: FakeConsoleUnitOfWork) -> None:
    outcomes = [sign_in(lan, POLICY, "lan", "không phải mật khẩu", ADDRESS).outcome for _ in range(POLICY.attempts)]
    locked_out = sign_in(lan, POLICY, "lan", PASSWORD, ADDRESS)

    assert outcomes == ["failed", "failed", "locked"]
    assert locked_out.outcome == "locked"
    assert locked_out.account is None
    assert lan.audit.actions("lan")[-3:] == ["sign_in_failed", "lockout", "sign_in_refused_locked"]
    failed = lan.sign_in_failures.get("lan")
    assert failed is not None
    assert failed.failures == POLICY.attempts
    assert failed.locked_until is not None


def test_a_lock_that_has_run_out_lets_the_right_password_in_and_clears_the_count(lan: FakeConsoleUnitOfWork) -> None:
    for _ in range(POLICY.attempts):
        sign_in(lan, POLICY, "lan", "không phải mật khẩu", ADDRESS)
    failed = lan.sign_in_failures.get("lan")
    assert failed is not None
    assert failed.locked_until is not None
    lan.sign_in_failures.put(
        "lan", FailedSignIns(failed.failures, failed.locked_until - POLICY.duration), failed.locked_until
    )
    lan.commit()

    assert sign_in(lan, POLICY, "lan", PASSWORD, ADDRESS).outcome == "signed_in"
    assert lan.sign_in_failures.get("lan") is None


def test_a_success_before_the_lock_starts_the_count_again(lan: FakeConsoleUnitOfWork) -> None:
    sign_in(lan, POLICY, "lan", "không phải mật khẩu", ADDRESS)
    sign_in(lan, POLICY, "lan", "không phải mật khẩu", ADDRESS)
    sign_in(lan, POLICY, "lan", PASSWORD, ADDRESS)

    assert sign_in(lan, POLICY, "lan", "không phải mật khẩu", ADDRESS).outcome == "failed"
    assert lan.sign_in_failures.get("lan") == FailedSignIns(1, None)


def test_an_empty_username_fails_without_counting_anyone(lan: FakeConsoleUnitOfWork) -> None:
    commits = lan.commits

    assert sign_in(lan, POLICY, "   ", PASSWORD, ADDRESS).outcome == "failed"
    assert lan.sign_in_failures.by_username == {}
    assert lan.commits == commits


def test_signing_out_is_audited(lan: FakeConsoleUnitOfWork) -> None:
    sign_out(lan, "lan", ADDRESS)
    assert lan.audit.entries[-1].action == "sign_out"
