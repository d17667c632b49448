"""Administration pages and the `tiepdan users` / `clients` commands, against the console's own database."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from console_support import PASSWORD, add_account, sign_in, submit
from flask.testing import FlaskClient

from tiepdan.console.service import accounts, audit
from tiepdan.console.service.unit_of_work import console_work
from tiepdan.kit.cli import main
from tiepdan.kit.service import Runtime


@pytest.fixture
def admin(runtime: Runtime, client: FlaskClient) -> FlaskClient:
    add_account(runtime, "quantri", ("admin",))
    sign_in(client, "quantri")
    return client


def test_only_administrators_open_the_admin_pages(runtime: Runtime, client: FlaskClient) -> None:
    add_account(runtime, "lan", ("clerk",))
    sign_in(client, "lan")
    for path in ("/admin/users", "/admin/users/new", "/admin/audit", "/admin/clients"):
        assert client.get(path).status_code == 403
    assert 'id="nav-users"' not in client.get("/").get_data(as_text=True)


def test_the_menu_follows_the_role(admin: FlaskClient) -> None:
    html = admin.get("/").get_data(as_text=True)
    for item in ("nav-home", "nav-users", "nav-clients", "nav-audit", "nav-password"):
        assert f'id="{item}"' in html
    assert 'id="person-name"' in html
    assert "Cán bộ quantri" in html
    assert 'id="logout"' in html


def test_an_administrator_creates_an_account_that_must_change_its_password(
    runtime: Runtime, admin: FlaskClient
) -> None:
    answer = submit(
        admin,
        "/admin/users/new",
        {
            "username": "hoa",
            "full_name": "Trần Thị Hoa",
            "agency": "Văn phòng HĐND-UBND",
            "roles": ["clerk", "leader"],
            "unit": "bach-quang",
            "active": "y",
            "password": "tạm thời 123456",
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    created = accounts.get_account(console_work(runtime), "hoa")
    assert created is not None
    assert created.roles == ("clerk", "leader")
    assert created.must_change_password
    assert created.scope.unit == "bach-quang"


def test_a_form_with_errors_keeps_what_was_typed(admin: FlaskClient) -> None:
    answer = submit(
        admin,
        "/admin/users/new",
        {
            "username": "Hoa Tran!",
            "full_name": "Trần Thị Hoa",
            "agency": "Văn phòng",
            "roles": ["clerk"],
            "password": "x",
        },
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'value="Trần Thị Hoa"' in html
    assert 'value="Hoa Tran!"' in html
    assert 'id="username-errors"' in html
    assert 'aria-invalid="true"' in html


def test_editing_roles_and_scope_is_audited(runtime: Runtime, admin: FlaskClient) -> None:
    add_account(runtime, "hoa", ("clerk",))
    answer = submit(
        admin,
        "/admin/users/hoa",
        {
            "full_name": "Trần Thị Hoa",
            "agency": "Ban Tiếp công dân tỉnh",
            "roles": ["province"],
            "units": "*",
            "active": "y",
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    changed = accounts.get_account(console_work(runtime), "hoa")
    assert changed is not None
    assert changed.roles == ("province",)
    assert changed.scope.every_unit
    entries, _ = audit.read(console_work(runtime))
    roles_changed = next(e for e in entries if e.action == "roles_changed")
    assert roles_changed.actor == "quantri"
    assert roles_changed.target == "hoa"
    assert roles_changed.detail["roles_after"] == ["province"]
    assert roles_changed.address == "127.0.0.1"
    trail = admin.get("/admin/audit").get_data(as_text=True)
    assert "Đổi vai trò, phạm vi" in trail
    assert "Vai trò trước: Cán bộ tiếp công dân; Vai trò sau: Ban Tiếp công dân tỉnh" in trail
    assert "Phạm vi sau: Phạm vi cấp tỉnh" in trail
    assert "roles_after" not in trail


def test_the_audit_trail_words_a_lockout(runtime: Runtime, admin: FlaskClient) -> None:
    add_account(runtime, "lan", ("clerk",))
    stranger = admin.application.test_client()
    for _ in range(5):
        sign_in(stranger, "lan", "sai mật khẩu rồi nhé")
    trail = admin.get("/admin/audit").get_data(as_text=True)
    assert "Lý do: Sai mật khẩu; Số lần sai liên tiếp: 5" in trail
    assert re.search(r"Khoá đến: \d{2}/\d{2}/\d{4} \d{2}:\d{2}<", trail)
    assert "wrong_password" not in trail


def test_one_unit_or_a_province_scope_not_both(runtime: Runtime, admin: FlaskClient) -> None:
    add_account(runtime, "hoa", ("clerk",))
    answer = submit(
        admin,
        "/admin/users/hoa",
        {"full_name": "Trần Thị Hoa", "roles": ["clerk"], "unit": "bach-quang", "units": "a,b", "active": "y"},
    )
    assert answer.status_code == 422
    assert "không chọn cả hai" in answer.get_data(as_text=True)


def test_disabling_and_resetting_from_the_account_page(runtime: Runtime, admin: FlaskClient) -> None:
    add_account(runtime, "hoa", ("clerk",))
    assert (
        submit(
            admin, "/admin/users/hoa/password", {"new_password": "tạm thời 654321"}, page="/admin/users/hoa"
        ).status_code
        == 302
    )
    account = accounts.get_account(console_work(runtime), "hoa")
    assert account is not None
    assert account.must_change_password
    assert submit(admin, "/admin/users/hoa/disable", {}, page="/admin/users/hoa").status_code == 302
    account = accounts.get_account(console_work(runtime), "hoa")
    assert account is not None
    assert not account.active
    actions = [e.action for e in audit.read(console_work(runtime))[0] if e.target == "hoa"]
    assert "account_disabled" in actions
    assert "password_reset" in actions


def test_an_administrator_cannot_lock_themselves_out(runtime: Runtime, admin: FlaskClient) -> None:
    submit(admin, "/admin/users/quantri/disable", {}, page="/admin/users/quantri")
    account = accounts.get_account(console_work(runtime), "quantri")
    assert account is not None
    assert account.active


def test_registering_a_client_shows_its_secret_once(runtime: Runtime, admin: FlaskClient) -> None:
    answer = submit(
        admin,
        "/admin/clients",
        {"client_id": "ban-tcd-tinh", "name": "Ban TCD tỉnh", "roles": ["province"], "units": "*"},
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'id="client-secret"' in html
    assert 'id="client-secret"' not in admin.get("/admin/clients").get_data(as_text=True)
    assert 'id="client-ban-tcd-tinh"' in admin.get("/admin/clients").get_data(as_text=True)


@pytest.fixture
def cli(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TIEPDAN_CONSOLE_DATABASE_URL", runtime.settings.database_url)
    return CliRunner()


def test_users_commands_work_on_the_consoles_database(runtime: Runtime, cli: CliRunner, client: FlaskClient) -> None:
    added = cli.invoke(
        main,
        [
            "users",
            "add",
            "binh",
            "--role",
            "police",
            "--name",
            "Lê Văn Bình",
            "--agency",
            "Công an phường",
            "--unit",
            "bach-quang",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    listed = cli.invoke(main, ["users", "list"])
    assert "binh\tactive\tpolice\tbach-quang\tLê Văn Bình" in listed.output
    assert sign_in(client, "binh").status_code == 302
    assert cli.invoke(main, ["users", "disable", "binh"]).exit_code == 0
    assert client.get("/").status_code == 302
    short = cli.invoke(main, ["users", "add", "an", "--role", "clerk", "--password-stdin"], input="ngắn\n")
    assert short.exit_code != 0
    assert "password_too_short" in short.output


def test_clients_add_prints_the_secret(runtime: Runtime, cli: CliRunner) -> None:
    answer = cli.invoke(main, ["clients", "add", "mttq-phuong", "--role", "police", "--units", "bach-quang,dong-ha"])
    assert answer.exit_code == 0, answer.output
    assert '"client_secret"' in answer.output
    assert "mttq-phuong\tpolice\tbach-quang, dong-ha" in cli.invoke(main, ["clients", "list"]).output
