"""Field-level encryption of citizens' identity (MultiFernet: rotatable keys) and a keyed blind index for linking.

Every identity field is stored encrypted; denouncers' identity is a state secret (level "Mật", QĐ 774/QĐ-TTg).
Linking repeat visits needs equality on the ID number without storing it: an HMAC digest under a separate key
that is not rotated with the encryption keys (rotating it would break links to earlier cases).
Searching by name, ID number or phone uses keyed digests too (`search_digests`), under a key derived from the same
secret, so a search never decrypts a record.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cached_property

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from tiepdan.intake.domain.search import SearchTerm

KEYS_ENV = "TIEPDAN_INTAKE_IDENTITY_KEYS"
INDEX_KEY_ENV = "TIEPDAN_INTAKE_INDEX_KEY"
#: Embedded/development only: a production process (with a broker) refuses to start without real keys.
_DEV_SEED = b"tiepdan-embedded-development-identity-key-change-me"


class IdentityVault:
    def __init__(self, fernet_keys: list[str], index_key: bytes) -> None:
        if not fernet_keys:
            raise ValueError(f"{KEYS_ENV}: at least one Fernet key is needed")
        if len(index_key) < 16:
            raise ValueError(f"{INDEX_KEY_ENV}: the blind-index key must be at least 16 bytes")
        self._fernet = MultiFernet([Fernet(key.strip().encode()) for key in fernet_keys])
        self._index_key = index_key
        # keyed once: a digest copies the keyed state, cheaper than keying anew (several digests per registration)
        self._index_mac = hmac.new(index_key, digestmod=hashlib.sha256)

    @classmethod
    def from_env(cls, embedded: bool) -> IdentityVault:
        """`TIEPDAN_INTAKE_IDENTITY_KEYS`: comma-separated Fernet keys, the newest first (older ones still decrypt);
        `TIEPDAN_INTAKE_INDEX_KEY`: the blind-index secret."""
        keys = [k for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
        index_key = os.environ.get(INDEX_KEY_ENV, "").encode()
        if not keys or not index_key:
            if not embedded:
                raise RuntimeError(f"{KEYS_ENV} and {INDEX_KEY_ENV} must be set outside embedded mode")
            keys = keys or [base64.urlsafe_b64encode(hashlib.sha256(_DEV_SEED).digest()).decode()]
            index_key = index_key or hashlib.sha256(_DEV_SEED + b"/index").digest()
        return cls(keys, index_key)

    def encrypt(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str | None) -> str | None:
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise RuntimeError("identity field cannot be decrypted with the configured keys") from exc

    def encrypt_bytes(self, value: bytes) -> bytes:
        return self._fernet.encrypt(value)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as exc:
            raise RuntimeError("document cannot be decrypted with the configured keys") from exc

    def rotate(self, token: str) -> str:
        """Re-encrypt under the newest key (run after adding a key in front of the list)."""
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")

    def digest(self, id_number: str) -> str:
        mac = self._index_mac.copy()
        mac.update(id_number.encode("utf-8"))
        return mac.hexdigest()

    def search_digest(self, term: SearchTerm) -> str:
        """The search index's digest of one term (a folded name token, an ID number or a phone number); the term's
        kind is part of the message, so a name token never equals a number's digest."""
        mac = self._search_mac.copy()
        mac.update(f"{term.kind}:{term.value}".encode())
        return mac.hexdigest()

    @cached_property
    def _search_mac(self) -> hmac.HMAC:
        search_key = hmac.new(self._index_key, b"tiepdan/intake/search", hashlib.sha256).digest()
        return hmac.new(search_key, digestmod=hashlib.sha256)
