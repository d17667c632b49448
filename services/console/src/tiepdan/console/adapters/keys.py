"""RSA signing keys and their public JWK (RFC 7517) for `/.well-known/jwks.json`."""

from __future__ import annotations

import json
import secrets
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_BITS = 2048


def new_rsa_key() -> tuple[str, str, dict[str, Any]]:
    """(kid, private key PEM, public JWK)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    kid = secrets.token_urlsafe(12)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    jwk.update({"kid": kid, "use": "sig", "alg": "RS256"})
    return kid, pem, jwk
