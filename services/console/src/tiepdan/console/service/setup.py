"""What every console process needs before it serves: the CSRF signing secret and a signing key, shared by all
processes through the database (made once, by whichever process comes first)."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from tiepdan.kit.service import Runtime

from ..adapters.orm import ConsoleSettingRecord
from .tokens import ensure_signing_key

SECRET_KEY = "flask_secret_key"


def shared_secret_key(runtime: Runtime) -> str:
    with runtime.uow() as uow:
        found = uow.session.get(ConsoleSettingRecord, SECRET_KEY)
        if found is not None:
            return found.value
    try:
        with runtime.uow() as uow:
            uow.session.add(ConsoleSettingRecord(name=SECRET_KEY, value=secrets.token_urlsafe(48)))
            uow.commit()
    except IntegrityError:
        pass  # another process made it first: read theirs
    with runtime.uow() as uow:
        record = uow.session.get(ConsoleSettingRecord, SECRET_KEY)
        assert record is not None
        return record.value


def prepare(runtime: Runtime) -> None:
    """`on_start` (embedded, tests) and the app factory (gunicorn): idempotent."""
    shared_secret_key(runtime)
    ensure_signing_key(runtime)
