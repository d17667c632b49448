"""Agencies' systems: registered clients that obtain tokens by OAuth 2.0 client credentials."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from tiepdan.kit.db import utcnow

from ..adapters.passwords import hash_secret, verify_secret
from ..domain.accounts import AccountError, Client, check_roles, check_username, parse_scope
from . import audit
from .accounts import Actor
from .errors import AlreadyStored
from .unit_of_work import ConsoleWork


@dataclass(frozen=True)
class ClientDraft:
    """What a form or a command gives for a client (scope as typed: one unit, or units / "*")."""

    client_id: str
    name: str
    agency: str
    roles: tuple[str, ...]
    unit: str | None = None
    units: str | list[str] | None = None


def register_client(uow: ConsoleWork, draft: ClientDraft, actor: Actor) -> tuple[Client, str]:
    """The client and its secret; the secret is stored only as a hash, so this is the one time it is seen."""
    client_id = check_username(draft.client_id.strip().lower())
    roles = check_roles(draft.roles)
    scope = parse_scope(draft.unit, draft.units)
    secret = secrets.token_urlsafe(32)
    client = Client(client_id, draft.name.strip() or client_id, draft.agency.strip(), roles, scope, active=True)
    with uow:
        if uow.clients.get(client_id) is not None:
            raise AccountError("client_id", "client_taken")
        uow.clients.add(client, hash_secret(secret), utcnow())
        audit.record(
            uow,
            actor=actor.username,
            action="client_registered",
            target=client_id,
            address=actor.address,
            roles=list(roles),
            scope=scope.label(),
        )
        try:
            uow.commit()
        except AlreadyStored as exc:
            raise AccountError("client_id", "client_taken") from exc
    return client, secret


def list_clients(uow: ConsoleWork) -> list[Client]:
    with uow:
        return uow.clients.all()


def find_client(uow: ConsoleWork, client_id: str) -> tuple[Client, str] | None:
    """The client and its secret's hash, for the token endpoint."""
    with uow:
        return uow.clients.get(client_id.strip().lower()[:64])


def secret_matches(secret_hash: str, secret: str) -> bool:
    return verify_secret(secret_hash, secret)
