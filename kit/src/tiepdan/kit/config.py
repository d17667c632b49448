"""Configuration from environment variables only, with embedded defaults (each one is listed in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """One service process's settings. `service` names the service whose database URL is looked up."""

    service: str
    data_dir: Path = Path("var")
    database_url: str = ""
    amqp_url: str = ""
    amqp_prefix: str = ""
    unit: str = "bach-quang"
    jwt_secret: str = ""
    jwt_public_key: str = ""
    jwt_private_key: str = ""
    jwt_issuer: str = ""
    jwt_audience: str = ""
    jwt_jwks_url: str = ""
    max_body_bytes: int = 1024 * 1024
    log_level: str = "INFO"
    delivery_limit: int = 5
    relay_batch: int = 1000
    relay_idle_s: float = 0.05

    @classmethod
    def from_env(cls, service: str) -> Settings:
        data_dir = Path(_env("TIEPDAN_DATA_DIR", "var"))
        specific = _env(f"TIEPDAN_{service.upper()}_DATABASE_URL")
        database_url = specific or _env("TIEPDAN_DATABASE_URL") or f"sqlite:///{data_dir / (service + '.db')}"
        return cls(
            service=service,
            data_dir=data_dir,
            database_url=database_url,
            amqp_url=_env("TIEPDAN_AMQP_URL"),
            amqp_prefix=_env("TIEPDAN_AMQP_PREFIX"),
            unit=_env("TIEPDAN_UNIT", "bach-quang"),
            jwt_secret=_env("TIEPDAN_JWT_SECRET"),
            jwt_public_key=_read_key(_env("TIEPDAN_JWT_PUBLIC_KEY")),
            jwt_private_key=_read_key(_env("TIEPDAN_JWT_PRIVATE_KEY")),
            jwt_issuer=_env("TIEPDAN_JWT_ISSUER"),
            jwt_audience=_env("TIEPDAN_JWT_AUDIENCE"),
            jwt_jwks_url=_env("TIEPDAN_JWT_JWKS_URL"),
            max_body_bytes=_int("TIEPDAN_MAX_BODY_BYTES", 1024 * 1024),
            log_level=_env("TIEPDAN_LOG_LEVEL", "INFO"),
            delivery_limit=_int("TIEPDAN_DELIVERY_LIMIT", 5),
            relay_batch=_int("TIEPDAN_RELAY_BATCH", 1000),
            relay_idle_s=_int("TIEPDAN_RELAY_IDLE_MS", 50) / 1000,
        )

    @property
    def embedded(self) -> bool:
        """No broker configured: events are dispatched in-process from the outbox."""
        return not self.amqp_url


DEV_JWT_SECRET = "tiepdan-embedded-development-secret-change-me"


def _read_key(value: str) -> str:
    """A PEM given inline, or a path to a PEM file (as a mounted Kubernetes Secret)."""
    if value and not value.lstrip().startswith("-----") and Path(value).is_file():
        return Path(value).read_text(encoding="utf-8")
    return value
