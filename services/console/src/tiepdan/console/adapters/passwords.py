"""Password and client-secret hashing: argon2id at OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane),
about 20-30 ms a hash on one core, so a sign-in stays quick under load while a stolen hash stays costly to attack."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MEMORY_COST_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1

_hasher = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_COST_KIB, parallelism=PARALLELISM, type=Type.ID)
#: Checked against when the username is unknown, so that answer takes as long as a wrong password.
_UNKNOWN_USER_HASH = _hasher.hash("tiepdan-no-such-account")


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _UNKNOWN_USER_HASH, secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
