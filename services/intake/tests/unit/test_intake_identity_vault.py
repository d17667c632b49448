import pytest
from cryptography.fernet import Fernet

from tiepdan.intake.adapters.identity_vault import INDEX_KEY_ENV, KEYS_ENV, IdentityVault

INDEX = b"0123456789abcdef-index"


def test_round_trip_keeps_vietnamese_text_exact():
    vault = IdentityVault([Fernet.generate_key().decode()], INDEX)
    token = vault.encrypt("Trần Văn Bình – Tổ 5, phường Bách Quang")
    assert "Trần" not in token
    assert vault.decrypt(token) == "Trần Văn Bình – Tổ 5, phường Bách Quang"
    assert vault.encrypt(None) is None
    assert vault.decrypt(None) is None


def test_rotation_new_key_first_old_tokens_still_readable():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = IdentityVault([old], INDEX).encrypt("019085001234")
    rotated_vault = IdentityVault([new, old], INDEX)
    assert rotated_vault.decrypt(token) == "019085001234"
    rotated = rotated_vault.rotate(token)
    assert IdentityVault([new], INDEX).decrypt(rotated) == "019085001234"
    with pytest.raises(RuntimeError, match="cannot be decrypted"):
        IdentityVault([new], INDEX).decrypt(token)


def test_digest_is_stable_across_encryption_key_rotation_and_keyed():
    a = IdentityVault([Fernet.generate_key().decode()], INDEX)
    b = IdentityVault([Fernet.generate_key().decode()], INDEX)
    assert a.digest("019085001234") == b.digest("019085001234")
    assert a.digest("019085001234") != IdentityVault([Fernet.generate_key().decode()], b"x" * 32).digest("019085001234")
    assert "019085001234" not in a.digest("019085001234")


def test_from_env_requires_keys_outside_embedded_mode(monkeypatch):
    monkeypatch.delenv(KEYS_ENV, raising=False)
    monkeypatch.delenv(INDEX_KEY_ENV, raising=False)
    with pytest.raises(RuntimeError, match=KEYS_ENV):
        IdentityVault.from_env(embedded=False)
    assert IdentityVault.from_env(embedded=True).decrypt(IdentityVault.from_env(embedded=True).encrypt("x")) == "x"


def test_from_env_reads_comma_separated_keys(monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(KEYS_ENV, f"{new}, {old}")
    monkeypatch.setenv(INDEX_KEY_ENV, "a-long-enough-index-key")
    token = IdentityVault([old], INDEX).encrypt("bí mật")
    assert IdentityVault.from_env(embedded=False).decrypt(token) == "bí mật"


def test_short_index_key_refused():
    with pytest.raises(ValueError, match="16 bytes"):
        IdentityVault([Fernet.generate_key().decode()], b"short")
