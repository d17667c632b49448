"""Single sign-on through the service layer, on the in-memory unit of work: the account is made at the first
sign-in, brought up to date at later ones, and refused when disabled or granted no role."""

from __future__ import annotations

import pytest
from console_fakes import FakeConsoleUnitOfWork

from tiepdan.console.service.accounts import CLI, AccountDraft, create_account, disable_account, get_account
from tiepdan.console.service.sso import SsoPolicy, sign_in_external

ISSUER = "https://sso.tinh.example/"
POLICY = SsoPolicy(
    claim="groups", role_map={"tiepdan-clerk": "clerk", "tiepdan-lead": ["leader"]}, unit="bach-quang", agency="UBND"
)


def _claims(groups: list[str], name: str = "Nguyễn Văn An") -> dict:
    return {"sub": "u-42", "preferred_username": "nguyen.van.an", "name": name, "groups": groups}


def _sign_in(uow: FakeConsoleUnitOfWork, groups: list[str], name: str = "Nguyễn Văn An"):
    return sign_in_external(uow, POLICY, ISSUER, _claims(groups, name), "10.0.0.8")


def test_the_first_sign_in_makes_the_account(uow: FakeConsoleUnitOfWork) -> None:
    result = _sign_in(uow, ["tiepdan-clerk", "other"])

    assert result.outcome == "signed_in"
    assert result.account is not None
    assert (result.account.username, result.account.roles, result.account.scope.unit) == (
        "nguyen.van.an",
        ("clerk",),
        "bach-quang",
    )
    assert uow.accounts.with_external_subject("https://sso.tinh.example#u-42") == result.account
    assert uow.audit.actions() == ["account_created", "sign_in"]
    assert {e.detail["method"] for e in uow.audit.entries} == {"oidc"}


def test_a_later_sign_in_brings_roles_and_name_up_to_date(uow: FakeConsoleUnitOfWork) -> None:
    _sign_in(uow, ["tiepdan-clerk"])

    result = _sign_in(uow, ["tiepdan-lead"], name="Nguyễn Văn An (Chủ tịch)")

    assert result.account is not None
    assert result.account.roles == ("leader",)
    assert get_account(uow, "nguyen.van.an") == result.account
    assert uow.audit.actions()[2:] == ["roles_changed", "account_updated", "sign_in"]
    assert len(uow.accounts.all()) == 1


def test_an_unchanged_sign_in_records_only_the_sign_in(uow: FakeConsoleUnitOfWork) -> None:
    _sign_in(uow, ["tiepdan-clerk"])
    _sign_in(uow, ["tiepdan-clerk"])
    assert uow.audit.actions() == ["account_created", "sign_in", "sign_in"]


@pytest.mark.parametrize("disabled", [True, False])
def test_no_role_or_a_disabled_account_is_refused(uow: FakeConsoleUnitOfWork, disabled: bool) -> None:
    _sign_in(uow, ["tiepdan-clerk"])
    if disabled:
        disable_account(uow, "nguyen.van.an", CLI)

    result = _sign_in(uow, ["tiepdan-clerk"] if disabled else ["khach"])

    assert (result.outcome, result.account) == ("disabled" if disabled else "no_role", None)
    failed = uow.audit.entries[-1]
    assert (failed.action, failed.detail["reason"]) == ("sign_in_failed", result.outcome)


def test_a_local_account_with_the_same_name_is_never_taken_over(uow: FakeConsoleUnitOfWork) -> None:
    draft = AccountDraft("nguyen.van.an", "Người khác", "", ("admin",), unit="bach-quang")
    local = create_account(uow, draft, "mật khẩu đủ dài 2026", CLI)

    result = _sign_in(uow, ["tiepdan-clerk"])

    assert result.account is not None
    assert result.account.username == "nguyen.van.an-2"
    assert get_account(uow, "nguyen.van.an") == local
