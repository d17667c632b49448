"""The console's settings (environment variables, each listed in the console's README)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import timedelta

from .domain.limits import LockoutPolicy, SessionPolicy

#: The name shown in the header for a unit code (the embedded default ward's).
DEFAULT_UNIT_NAMES = {"bach-quang": "UBND phường Bách Quang"}
#: The reception office the public page names (the embedded default ward's).
DEFAULT_OFFICE_ADDRESS = "Phòng Tiếp công dân, Trụ sở UBND phường Bách Quang"
DEFAULT_OFFICE_HOURS = "Thứ Hai đến Thứ Sáu: sáng 07:30–11:30, chiều 13:30–17:00 (trừ ngày nghỉ lễ, Tết)"
#: The services whose APIs the console calls.
API_SERVICES = ("intake", "roster", "alerts", "reports")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


@dataclass(frozen=True)
class ConsoleConfig:
    sessions: SessionPolicy = field(default_factory=SessionPolicy)
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)
    #: flask-limiter's limit on sign-in attempts from one address, and where it counts (memory:// = per process)
    sign_in_rate: str = "20 per minute"
    rate_limit_storage: str = "memory://"
    person_token_ttl_s: int = 300
    client_token_ttl_s: int = 900
    #: base URL of the four services' APIs (the Ingress); empty in embedded mode, where they are in process
    api_url: str = ""
    #: a service reached at its own address instead (in a cluster: its Service), by service name
    service_urls: dict[str, str] = field(default_factory=dict)
    #: how many proxies in front set X-Forwarded-For/-Proto (the Ingress: 1); 0 trusts none
    trusted_proxies: int = 0
    admin_password: str = ""
    unit_names: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_UNIT_NAMES))
    api_timeout_s: float = 5.0
    #: the public pages (/thong-tin, /tra-cuu): the reception office, how long they are cached, lookups per address
    office_address: str = DEFAULT_OFFICE_ADDRESS
    office_hours: str = DEFAULT_OFFICE_HOURS
    public_cache_s: int = 60
    lookup_rate: str = "20 per minute"
    #: single sign-on through a province identity provider (OpenID Connect); off while `oidc_metadata_url` is empty
    oidc_metadata_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scope: str = "openid profile email groups"
    #: the claim whose values grant roles, and each value's role (or roles)
    oidc_roles_claim: str = "groups"
    oidc_role_map: dict[str, str | list[str]] = field(default_factory=dict)
    #: the unit (ward code) and agency of accounts made at a first sign-in; empty unit: the service's own
    oidc_unit: str = ""
    oidc_agency: str = ""
    oidc_label: str = ""

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_metadata_url and self.oidc_client_id)

    @classmethod
    def from_env(cls) -> ConsoleConfig:
        return cls(
            sessions=SessionPolicy(
                idle=timedelta(minutes=_int("TIEPDAN_CONSOLE_SESSION_IDLE_MIN", 30)),
                absolute=timedelta(hours=_int("TIEPDAN_CONSOLE_SESSION_MAX_HOURS", 12)),
            ),
            lockout=LockoutPolicy(
                attempts=_int("TIEPDAN_CONSOLE_LOCKOUT_ATTEMPTS", 5),
                duration=timedelta(minutes=_int("TIEPDAN_CONSOLE_LOCKOUT_MIN", 15)),
            ),
            sign_in_rate=os.environ.get("TIEPDAN_CONSOLE_SIGN_IN_RATE", "") or "20 per minute",
            rate_limit_storage=os.environ.get("TIEPDAN_CONSOLE_RATE_LIMIT_STORAGE", "") or "memory://",
            person_token_ttl_s=_int("TIEPDAN_CONSOLE_TOKEN_TTL_S", 300),
            client_token_ttl_s=_int("TIEPDAN_CONSOLE_CLIENT_TOKEN_TTL_S", 900),
            api_url=os.environ.get("TIEPDAN_CONSOLE_API_URL", "").rstrip("/"),
            service_urls={
                service: url.rstrip("/")
                for service in API_SERVICES
                if (url := os.environ.get(f"TIEPDAN_CONSOLE_{service.upper()}_URL", ""))
            },
            trusted_proxies=_int("TIEPDAN_CONSOLE_TRUSTED_PROXIES", 0),
            admin_password=os.environ.get("TIEPDAN_CONSOLE_ADMIN_PASSWORD", ""),
            unit_names=json.loads(os.environ.get("TIEPDAN_CONSOLE_UNIT_NAMES", "") or "null") or DEFAULT_UNIT_NAMES,
            office_address=os.environ.get("TIEPDAN_CONSOLE_OFFICE_ADDRESS", "") or DEFAULT_OFFICE_ADDRESS,
            office_hours=os.environ.get("TIEPDAN_CONSOLE_OFFICE_HOURS", "") or DEFAULT_OFFICE_HOURS,
            public_cache_s=_int("TIEPDAN_CONSOLE_PUBLIC_CACHE_S", 60),
            lookup_rate=os.environ.get("TIEPDAN_CONSOLE_LOOKUP_RATE", "") or "20 per minute",
            oidc_metadata_url=_oidc_metadata_url(),
            oidc_client_id=os.environ.get("TIEPDAN_CONSOLE_OIDC_CLIENT_ID", ""),
            oidc_client_secret=os.environ.get("TIEPDAN_CONSOLE_OIDC_CLIENT_SECRET", ""),
            oidc_scope=os.environ.get("TIEPDAN_CONSOLE_OIDC_SCOPE", "") or "openid profile email groups",
            oidc_roles_claim=os.environ.get("TIEPDAN_CONSOLE_OIDC_ROLES_CLAIM", "") or "groups",
            oidc_role_map=json.loads(os.environ.get("TIEPDAN_CONSOLE_OIDC_ROLE_MAP", "") or "{}"),
            oidc_unit=os.environ.get("TIEPDAN_CONSOLE_OIDC_UNIT", ""),
            oidc_agency=os.environ.get("TIEPDAN_CONSOLE_OIDC_AGENCY", ""),
            oidc_label=os.environ.get("TIEPDAN_CONSOLE_OIDC_LABEL", ""),
        )


def _oidc_metadata_url() -> str:
    """`TIEPDAN_CONSOLE_OIDC_METADATA_URL`, else the discovery document of `TIEPDAN_CONSOLE_OIDC_ISSUER`."""
    explicit = os.environ.get("TIEPDAN_CONSOLE_OIDC_METADATA_URL", "")
    issuer = os.environ.get("TIEPDAN_CONSOLE_OIDC_ISSUER", "").rstrip("/")
    return explicit or (f"{issuer}/.well-known/openid-configuration" if issuer else "")
