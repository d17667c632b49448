"""What every console process needs before it serves: the CSRF signing secret and a signing key, shared by all
processes through the database (made once, by whichever process comes first)."""

from __future__ import annotations

import contextlib
import secrets

from tiepdan.kit.service import Runtime

from .errors import AlreadyStored
from .tokens import ensure_signing_key
from .unit_of_work import ConsoleWork, console_work

SECRET_KEY = "flask_secret_key"


def shared_secret_key(uow: ConsoleWork) -> str:
    with uow:
        found = uow.settings.get(SECRET_KEY)
        if found is not None:
            return found
        uow.settings.add(SECRET_KEY, secrets.token_urlsafe(48))
        with contextlib.suppress(AlreadyStored):  # another process made it first: read theirs
            uow.commit()
    with uow:
        made = uow.settings.get(SECRET_KEY)
    if made is None:
        raise RuntimeError(f"the console's {SECRET_KEY} was neither found nor stored")
    return made


def prepare(runtime: Runtime) -> None:
    """`on_start` (embedded, tests) and the app factory (gunicorn): idempotent."""
    shared_secret_key(console_work(runtime))
    ensure_signing_key(console_work(runtime))
