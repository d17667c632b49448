"""Signing in and out: lockout, rate limit, sessions that expire, disabled accounts, tampered cookies and tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from console_support import PASSWORD, add_account, csrf_from, sign_in, submit
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from tiepdan.console.adapters.orm import AuditRecord, SignInFailureRecord, WebSessionRecord
from tiepdan.console.domain.limits import LockoutPolicy, SessionPolicy
from tiepdan.console.service.accounts import CLI, disable_account
from tiepdan.console.service.unit_of_work import console_work
from tiepdan.console.web.sessions import COOKIE
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def audit_actions(runtime: Runtime, target: str) -> list[str]:
    with runtime.uow() as uow:
        rows = uow.session.scalars(select(AuditRecord).where(AuditRecord.target == target).order_by(AuditRecord.id))
        return [row.action for row in rows]


def test_the_login_form_has_the_stable_ids_and_vietnamese(client: FlaskClient) -> None:
    page = client.get("/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="vi">' in html
    for marker in ('id="login-form"', 'id="username"', 'name="username"', 'id="password"', 'id="sign-in"'):
        assert marker in html
    assert '<label for="username">Tên đăng nhập</label>' in html


def test_sign_in_goes_on_to_the_page_asked_for_and_is_audited(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan", ("admin",))
    asked = client.get("/admin/users")
    assert asked.status_code == 302
    assert asked.headers["Location"] == "/login?next=%2Fadmin%2Fusers"
    answer = sign_in(client, "lan", next_path="/admin/users")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/admin/users"
    assert client.get("/admin/users").status_code == 200
    assert audit_actions(runtime, "lan")[-1] == "sign_in"


def test_the_next_page_is_never_another_site(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    answer = sign_in(client, "lan", next_path="//evil.example/")
    assert answer.headers["Location"] == "/"


def test_wrong_password_and_unknown_user_get_the_same_answer(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    wrong = sign_in(client, "lan", "sai mật khẩu rồi nhé")
    unknown = sign_in(client, "khong-co-ai", "sai mật khẩu rồi nhé")
    assert wrong.status_code == unknown.status_code == 401
    assert WRONG in wrong.get_data(as_text=True)
    assert WRONG in unknown.get_data(as_text=True)
    assert 'value="lan"' in wrong.get_data(as_text=True)  # what was typed stays
    assert audit_actions(runtime, "khong-co-ai") == ["sign_in_failed"]


def test_five_failures_lock_the_account_for_fifteen_minutes(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    for _ in range(4):
        assert WRONG in sign_in(client, "lan", "sai mật khẩu rồi nhé").get_data(as_text=True)
    fifth = sign_in(client, "lan", "sai mật khẩu rồi nhé")
    assert "tạm thời bị khoá" in fifth.get_data(as_text=True)
    refused = sign_in(client, "lan")  # the right password, while locked
    assert refused.status_code == 401
    assert "tạm thời bị khoá" in refused.get_data(as_text=True)
    assert "lockout" in audit_actions(runtime, "lan")
    with runtime.uow() as uow:
        failures = uow.session.get(SignInFailureRecord, "lan")
        assert failures is not None
        assert failures.locked_until is not None
        assert timedelta(minutes=14) < failures.locked_until - utcnow() <= timedelta(minutes=15)
        failures.locked_until = utcnow() - timedelta(seconds=1)
        uow.commit()
    assert sign_in(client, "lan").status_code == 302


def test_an_unknown_username_locks_the_same_way(runtime: Runtime, client: FlaskClient) -> None:
    for _ in range(5):
        sign_in(client, "khong-co-ai", "sai mật khẩu rồi nhé")
    assert "tạm thời bị khoá" in sign_in(client, "khong-co-ai").get_data(as_text=True)


def test_one_address_is_rate_limited(runtime: Runtime, make_app: Callable[..., Flask]) -> None:
    app = make_app(sign_in_rate="3 per minute", lockout=LockoutPolicy(attempts=100))
    client = app.test_client()
    statuses = [sign_in(client, f"nguoi-{n}", "sai mật khẩu rồi nhé").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert sign_in(other, "nguoi-5", "sai mật khẩu rồi nhé").status_code == 401


def test_the_session_cookie_is_httponly_lax_and_secure_over_tls(runtime: Runtime, app: Flask) -> None:
    add_account(runtime, "lan")
    plain = app.test_client()
    sign_in(plain, "lan")
    cookie = plain.get_cookie(COOKIE)
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure
    assert "Strict-Transport-Security" not in plain.get("/").headers
    tls = app.test_client()
    page = tls.get("/login", base_url="https://console.example")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    token = csrf_from(page)
    tls.post(
        "/login",
        data={"username": "lan", "password": PASSWORD, "csrf_token": token},
        base_url="https://console.example",
        headers={"Referer": "https://console.example/login"},
    )
    secure = tls.get_cookie(COOKIE, domain="console.example")
    assert secure is not None
    assert secure.secure


def test_pages_carry_the_security_headers(client: FlaskClient) -> None:
    headers = client.get("/login").headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_the_session_id_changes_at_sign_in(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    client.get("/login")
    before = client.get_cookie(COOKIE)
    sign_in(client, "lan")
    after = client.get_cookie(COOKIE)
    assert before is not None
    assert after is not None
    assert before.value != after.value


def _age_sessions(runtime: Runtime, **columns: Any) -> None:
    with runtime.uow() as uow:
        uow.session.execute(update(WebSessionRecord).values(**columns))
        uow.commit()


def test_an_idle_session_expires_and_sign_in_returns_to_the_page(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan", ("admin",))
    sign_in(client, "lan")
    _age_sessions(runtime, last_seen_at=utcnow() - timedelta(minutes=31))
    answer = client.get("/admin/audit")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login?next=%2Fadmin%2Faudit&expired=1"
    login = client.get(answer.headers["Location"])
    assert "Phiên làm việc đã hết hạn" in login.get_data(as_text=True)
    again = sign_in(client, "lan", next_path="/admin/audit")
    assert again.headers["Location"] == "/admin/audit"


def test_a_session_ends_after_its_absolute_lifetime_even_when_busy(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    sign_in(client, "lan")
    _age_sessions(runtime, created_at=utcnow() - timedelta(hours=12, seconds=1), last_seen_at=utcnow())
    assert client.get("/").status_code == 302


def test_timeouts_are_configurable(runtime: Runtime, make_app: Callable[..., Flask]) -> None:
    add_account(runtime, "lan")
    client = make_app(sessions=SessionPolicy(idle=timedelta(minutes=5))).test_client()
    sign_in(client, "lan")
    _age_sessions(runtime, last_seen_at=utcnow() - timedelta(minutes=6))
    assert client.get("/").status_code == 302


def test_a_disabled_account_loses_access_at_its_next_request(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    sign_in(client, "lan")
    assert client.get("/").status_code == 200
    disable_account(console_work(runtime), "lan", CLI)
    assert client.get("/").status_code == 302
    assert sign_in(client, "lan").status_code == 401


def test_sign_out_ends_the_session(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    sign_in(client, "lan")
    answer = submit(client, "/logout", {}, page="/")
    assert answer.headers["Location"] == "/login"
    assert client.get("/").status_code == 302
    assert audit_actions(runtime, "lan")[-1] == "sign_out"


def test_a_tampered_session_cookie_is_a_stranger_never_a_500(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    sign_in(client, "lan")
    client.set_cookie(COOKIE, "giả-mạo-" + "x" * 20)
    assert client.get("/").status_code == 302
    posted = client.post("/logout", data={"csrf_token": "abc"})
    assert posted.status_code == 400
    client.set_cookie(COOKIE, "x" * 200)
    assert client.get("/login").status_code == 200


def test_a_missing_or_tampered_csrf_token_is_refused(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan")
    client.get("/login")
    no_token = client.post("/login", data={"username": "lan", "password": PASSWORD})
    assert no_token.status_code == 400
    assert "Biểu mẫu đã hết hạn" in no_token.get_data(as_text=True)
    token = csrf_from(client.get("/login"))
    tampered = client.post("/login", data={"username": "lan", "password": PASSWORD, "csrf_token": token[:-3] + "abc"})
    assert tampered.status_code == 400
    assert client.get("/").status_code == 302  # not signed in


def test_a_reset_password_must_be_changed_at_the_next_sign_in(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan", must_change=True)
    answer = sign_in(client, "lan")
    assert answer.headers["Location"] == "/account/password"
    assert client.get("/").headers["Location"] == "/account/password"
    short = submit(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "ngắn", "confirm_password": "ngắn"},
    )
    assert short.status_code == 422
    assert "ít nhất 12 ký tự" in short.get_data(as_text=True)
    same = submit(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "lan", "confirm_password": "lan"},
    )
    assert same.status_code == 422
    done = submit(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "một mật khẩu mới đủ dài",
            "confirm_password": "một mật khẩu mới đủ dài",
        },
    )
    assert done.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert "password_changed" in audit_actions(runtime, "lan")


def test_english_is_the_second_language(client: FlaskClient) -> None:
    answer = submit(client, "/language", {"lang": "en", "next": "/login"}, page="/login")
    assert answer.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<label for="username">Username</label>' in page
    assert 'id="language-vi"' in page


def test_a_form_sent_after_its_session_expired_leads_to_sign_in_and_back(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan", ("admin",))
    sign_in(client, "lan")
    token = csrf_from(client.get("/admin/users/new"))
    _age_sessions(runtime, last_seen_at=utcnow() - timedelta(minutes=31))
    answer = client.post(
        "/admin/users/new",
        data={"username": "hoa", "csrf_token": token},
        headers={"Referer": "http://localhost/admin/users/new"},
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login?next=%2Fadmin%2Fusers%2Fnew&expired=1"


def test_sessions_nobody_presents_again_are_deleted(runtime: Runtime, make_app: Callable[..., Flask]) -> None:
    add_account(runtime, "lan")
    sign_in(make_app().test_client(), "lan")
    _age_sessions(runtime, last_seen_at=utcnow() - timedelta(hours=1))
    make_app().test_client().get("/login")  # a new visitor's session, the first of a process: it purges
    with runtime.uow() as uow:
        left = uow.session.scalars(select(WebSessionRecord)).all()
    assert len(left) == 1
    assert left[0].account_id is None
