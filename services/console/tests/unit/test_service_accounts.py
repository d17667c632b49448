"""Accounts through the service layer, on the in-memory unit of work: create, edit, disable, passwords."""

from __future__ import annotations

import pytest
from console_fakes import FakeConsoleUnitOfWork

from tiepdan.console.adapters.passwords import verify_secret
from tiepdan.console.domain.accounts import AccountError, Scope
from tiepdan.console.service.accounts import (
    CLI,
    AccountDraft,
    Actor,
    change_own_password,
    create_account,
    disable_account,
    ensure_first_admin,
    get_account,
    list_accounts,
    reset_password,
    update_account,
)

PASSWORD = "mật khẩu đủ dài 2026"
ADMIN = Actor("quantri", "10.0.0.5")


def _clerk(username: str = "Lan ") -> AccountDraft:
    return AccountDraft(username, "Nguyễn Thị Lan", "UBND phường Bạch Quang", ("clerk",), unit="bach-quang")


def test_an_account_is_created_with_a_hashed_password_and_audited(uow: FakeConsoleUnitOfWork) -> None:
    account = create_account(uow, _clerk(), PASSWORD, ADMIN, must_change=True)

    assert account.username == "lan"
    assert account.scope == Scope("bach-quang", None)
    assert account.must_change_password
    assert get_account(uow, "LAN") == account
    found = uow.accounts.credentials("lan")
    assert found is not None
    assert found[1] != PASSWORD
    assert verify_secret(found[1], PASSWORD)
    [entry] = uow.audit.entries
    assert (entry.actor, entry.action, entry.target, entry.address) == ("quantri", "account_created", "lan", "10.0.0.5")
    assert entry.detail == {"roles": ["clerk"], "scope": "bach-quang"}
    assert uow.commits == 1


def test_a_taken_username_is_refused_and_nothing_is_stored(uow: FakeConsoleUnitOfWork) -> None:
    create_account(uow, _clerk(), PASSWORD, ADMIN)

    with pytest.raises(AccountError) as refused:
        create_account(uow, _clerk("lan"), "một mật khẩu khác hẳn", ADMIN)

    assert (refused.value.field, refused.value.code) == ("username", "username_taken")
    assert [a.username for a in list_accounts(uow)] == ["lan"]
    assert uow.audit.actions() == ["account_created"]


def test_a_username_taken_between_the_check_and_the_commit_is_refused_as_taken(uow: FakeConsoleUnitOfWork) -> None:
    create_account(uow, _clerk(), PASSWORD, ADMIN)
    uow.accounts.get = lambda username: None  # type: ignore[method-assign]  # the check ran before the other's commit

    with pytest.raises(AccountError) as refused:
        create_account(uow, _clerk("lan"), PASSWORD, ADMIN)

    assert refused.value.code == "username_taken"
    assert uow.accounts.count() == 1


@pytest.mark.parametrize(
    ("password", "code"), [("ngắn quá", "password_too_short"), ("NALNALNALNAL", "password_is_username")]
)
def test_weak_passwords_are_refused(uow: FakeConsoleUnitOfWork, password: str, code: str) -> None:
    draft = AccountDraft("lanlanlanlan", "Lan", "", ("clerk",), unit="bach-quang")
    with pytest.raises(AccountError) as refused:
        create_account(uow, draft, password, ADMIN)
    assert refused.value.code == code
    assert uow.accounts.count() == 0


def test_an_edit_audits_each_change_by_name(uow: FakeConsoleUnitOfWork) -> None:
    create_account(uow, _clerk(), PASSWORD, ADMIN)
    draft = AccountDraft("lan", "Nguyễn Thị Lan Anh", "UBND phường Bạch Quang", ("clerk", "leader"), units="*")

    changed = update_account(uow, draft, ADMIN)

    assert changed.roles == ("clerk", "leader")
    assert changed.scope.every_unit
    assert get_account(uow, "lan") == changed
    assert uow.audit.actions("lan") == ["account_created", "roles_changed", "account_updated"]
    roles_changed = uow.audit.entries[1].detail
    assert roles_changed["scope_before"] == "bach-quang"
    assert roles_changed["scope_after"] == "*"


def test_a_disabled_account_stays_listed_and_the_change_is_audited(uow: FakeConsoleUnitOfWork) -> None:
    create_account(uow, _clerk(), PASSWORD, ADMIN)

    disabled = disable_account(uow, "lan", CLI)

    assert not disabled.active
    assert [a.active for a in list_accounts(uow)] == [False]
    assert uow.audit.actions("lan")[-1] == "account_disabled"


def test_an_administrator_cannot_demote_or_disable_themself(uow: FakeConsoleUnitOfWork) -> None:
    admin = create_account(uow, AccountDraft("quantri", "Quản trị", "", ("admin",), unit="bach-quang"), PASSWORD, ADMIN)
    with pytest.raises(AccountError) as refused:
        disable_account(uow, "quantri", ADMIN)
    assert refused.value.code == "cannot_demote_self"
    assert get_account(uow, "quantri") == admin


def test_a_password_change_needs_the_current_one_and_a_new_one(uow: FakeConsoleUnitOfWork) -> None:
    account = create_account(uow, _clerk(), PASSWORD, ADMIN, must_change=True)
    with pytest.raises(AccountError) as wrong:
        change_own_password(uow, account.id, "không phải mật khẩu", "mật khẩu mới đủ dài", "10.0.0.9")
    with pytest.raises(AccountError) as same:
        change_own_password(uow, account.id, PASSWORD, PASSWORD, "10.0.0.9")

    change_own_password(uow, account.id, PASSWORD, "mật khẩu mới đủ dài", "10.0.0.9")

    assert (wrong.value.code, same.value.code) == ("wrong_password", "password_unchanged")
    found = uow.accounts.credentials("lan")
    assert found is not None
    assert verify_secret(found[1], "mật khẩu mới đủ dài")
    assert not found[0].must_change_password
    assert uow.audit.actions("lan") == ["account_created", "password_changed"]


def test_a_reset_password_must_be_changed_at_the_next_sign_in(uow: FakeConsoleUnitOfWork) -> None:
    create_account(uow, _clerk(), PASSWORD, ADMIN)

    reset_password(uow, "lan", "mật khẩu tạm thời 1", ADMIN)

    found = uow.accounts.credentials("lan")
    assert found is not None
    assert found[0].must_change_password
    assert verify_secret(found[1], "mật khẩu tạm thời 1")
    with pytest.raises(AccountError) as unknown:
        reset_password(uow, "khong-co", "mật khẩu tạm thời 1", ADMIN)
    assert unknown.value.code == "no_such_account"


def test_the_first_administrator_is_made_once(uow: FakeConsoleUnitOfWork) -> None:
    chosen = ensure_first_admin(uow, None, "bach-quang")

    assert chosen is not None
    assert ensure_first_admin(uow, "mật khẩu khác hẳn 2026", "bach-quang") is None
    [admin] = list_accounts(uow)
    assert (admin.username, admin.roles, admin.scope.unit) == ("admin", ("admin",), "bach-quang")
    found = uow.accounts.credentials("admin")
    assert found is not None
    assert verify_secret(found[1], chosen)
