"""Agencies' systems: registered clients that obtain tokens by OAuth 2.0 client credentials."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

from ..adapters.orm import ClientRecord
from ..adapters.passwords import hash_secret, verify_secret
from ..domain.accounts import AccountError, Client, check_roles, check_username, parse_scope, stored_scope
from . import audit
from .accounts import Actor


def to_client(record: ClientRecord) -> Client:
    return Client(
        client_id=record.client_id,
        name=record.name,
        agency=record.agency,
        roles=tuple(record.roles),
        scope=stored_scope(record.unit, record.units),
        active=record.active,
    )


@dataclass(frozen=True)
class ClientDraft:
    """What a form or a command gives for a client (scope as typed: one unit, or units / "*")."""

    client_id: str
    name: str
    agency: str
    roles: tuple[str, ...]
    unit: str | None = None
    units: str | list[str] | None = None


def register_client(runtime: Runtime, draft: ClientDraft, actor: Actor) -> tuple[Client, str]:
    """The client and its secret; the secret is stored only as a hash, so this is the one time it is seen."""
    client_id = check_username(draft.client_id.strip().lower())
    checked_roles = check_roles(draft.roles)
    scope = parse_scope(draft.unit, draft.units)
    secret = secrets.token_urlsafe(32)
    with runtime.uow() as uow:
        if uow.session.get(ClientRecord, client_id) is not None:
            raise AccountError("client_id", "client_taken")
        record = ClientRecord(
            client_id=client_id,
            name=draft.name.strip() or client_id,
            agency=draft.agency.strip(),
            roles=list(checked_roles),
            unit=scope.unit,
            units=scope.stored_units(),
            secret_hash=hash_secret(secret),
            active=True,
            created_at=utcnow(),
        )
        uow.session.add(record)
        audit.record(
            uow.session,
            actor=actor.username,
            action="client_registered",
            target=client_id,
            address=actor.address,
            roles=list(checked_roles),
            scope=scope.label(),
        )
        uow.commit()
        return to_client(record), secret


def list_clients(runtime: Runtime) -> list[Client]:
    with runtime.uow() as uow:
        return [to_client(r) for r in uow.session.scalars(select(ClientRecord).order_by(ClientRecord.client_id))]


def find_client(runtime: Runtime, client_id: str) -> tuple[Client, str] | None:
    """The client and its secret's hash, for the token endpoint."""
    with runtime.uow() as uow:
        record = uow.session.get(ClientRecord, client_id.strip().lower()[:64])
        return (to_client(record), record.secret_hash) if record is not None else None


def secret_matches(secret_hash: str, secret: str) -> bool:
    return verify_secret(secret_hash, secret)
