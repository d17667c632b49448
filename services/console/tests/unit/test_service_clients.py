"""Agencies' systems through the service layer, on the in-memory unit of work: registered once, the secret shown
once and kept as a hash."""

from __future__ import annotations

import pytest
from console_fakes import FakeConsoleUnitOfWork

from tiepdan.console.domain.accounts import AccountError
from tiepdan.console.service.accounts import Actor
from tiepdan.console.service.clients import ClientDraft, find_client, list_clients, register_client, secret_matches

ADMIN = Actor("quantri", "10.0.0.5")


def _police() -> ClientDraft:
    return ClientDraft(
        " Cong-An-Phuong ", "Công an phường", "Công an phường Bạch Quang", ("police",), unit="bach-quang"
    )


def test_a_registered_client_gets_a_secret_that_only_its_hash_is_kept_of(uow: FakeConsoleUnitOfWork) -> None:
    client, secret = register_client(uow, _police(), ADMIN)

    assert client.client_id == "cong-an-phuong"
    assert client.claims()["sub"] == "client:cong-an-phuong"
    assert client.claims()["unit"] == "bach-quang"
    found = find_client(uow, "CONG-AN-PHUONG")
    assert found is not None
    stored, secret_hash = found
    assert stored == client
    assert secret not in secret_hash
    assert secret_matches(secret_hash, secret)
    assert not secret_matches(secret_hash, secret + "x")
    [entry] = uow.audit.entries
    assert (entry.action, entry.target, entry.detail) == (
        "client_registered",
        "cong-an-phuong",
        {"roles": ["police"], "scope": "bach-quang"},
    )


def test_a_client_id_is_registered_once(uow: FakeConsoleUnitOfWork) -> None:
    register_client(uow, _police(), ADMIN)

    with pytest.raises(AccountError) as refused:
        register_client(uow, _police(), ADMIN)

    assert (refused.value.field, refused.value.code) == ("client_id", "client_taken")
    assert [c.client_id for c in list_clients(uow)] == ["cong-an-phuong"]
    assert uow.audit.actions() == ["client_registered"]


def test_a_client_with_an_unknown_role_is_refused(uow: FakeConsoleUnitOfWork) -> None:
    with pytest.raises(AccountError) as refused:
        register_client(uow, ClientDraft("he-thong", "Hệ thống", "", ("superuser",)), ADMIN)

    assert refused.value.code == "unknown_role"
    assert list_clients(uow) == []
    assert find_client(uow, "khong-co") is None
