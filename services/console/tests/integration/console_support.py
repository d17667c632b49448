"""Helpers for the console's integration tests: CSRF tokens from pages, signing in through the form."""

from __future__ import annotations

import re
import uuid

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tiepdan.console.service.accounts import CLI, AccountDraft, create_account
from tiepdan.console.service.unit_of_work import console_work
from tiepdan.kit.service import Runtime

PASSWORD = "mật khẩu đủ dài 2026"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def fresh_unit() -> str:
    """A unit code no other test uses: on a platform shared by a module, what a test registers is its own."""
    return f"phuong-{uuid.uuid4().hex[:8]}"


def clear_rate_limits(console_app: Flask) -> None:
    """The console counts sign-ins per address in its process: a test on a shared platform starts at none, as a
    test on a platform of its own does."""
    for limiter in console_app.extensions["limiter"]:
        limiter.reset()


def csrf_from(page: TestResponse) -> str:
    found = CSRF.search(page.get_data(as_text=True))
    assert found, "the page carries no CSRF token"
    return found.group(1)


def add_account(
    runtime: Runtime,
    username: str,
    roles: tuple[str, ...] = ("clerk",),
    *,
    password: str = PASSWORD,
    unit: str | None = "bach-quang",
    units: str | None = None,
    must_change: bool = False,
) -> None:
    draft = AccountDraft(username, f"Cán bộ {username}", "Văn phòng HĐND-UBND", roles, unit, units)
    create_account(console_work(runtime), draft, password, CLI, must_change=must_change)


def submit(client: FlaskClient, path: str, data: dict[str, object], page: str | None = None) -> TestResponse:
    """POST a form the way a browser does: first GET its page for the CSRF token."""
    token = csrf_from(client.get(page or path))
    return client.post(path, data={**data, "csrf_token": token})


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD, next_path: str = "/") -> TestResponse:
    token = csrf_from(client.get(f"/login?next={next_path}"))
    return client.post(
        "/login", data={"username": username, "password": password, "next": next_path, "csrf_token": token}
    )
