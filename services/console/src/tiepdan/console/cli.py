"""`tiepdan users ...`, `tiepdan clients ...`, `tiepdan keys rotate`: the console's accounts from the command line,
against the console's database (TIEPDAN_CONSOLE_DATABASE_URL, else TIEPDAN_DATABASE_URL, else var/console.db)."""

from __future__ import annotations

import json
import sys

import click

from tiepdan.kit.auth import ROLES
from tiepdan.kit.service import Runtime

from .domain.accounts import AccountError
from .service import accounts, tokens
from .service import clients as registered_clients
from .service.accounts import CLI, AccountDraft
from .service.unit_of_work import ConsoleUnitOfWork, console_work


def _work() -> ConsoleUnitOfWork:
    """The console's unit of work on a migrated database."""
    from .app import SERVICE

    runtime = Runtime(SERVICE)
    runtime.migrate()
    return console_work(runtime)


def _fail(error: AccountError) -> None:
    raise click.ClickException(f"{error.field}: {error.code}")


role_option = click.option(
    "--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeat for several."
)
unit_option = click.option("--unit", default=None, help="The ward code (one unit).")
units_option = click.option("--units", default=None, help='Province scope: ward codes separated by commas, or "*".')


@click.group()
def users() -> None:
    """The console's accounts."""


@users.command("add")
@click.argument("username")
@role_option
@click.option("--name", "full_name", default=None, help="Full name (default: the username).")
@click.option("--agency", default="", help="Agency the person works for.")
@unit_option
@units_option
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input.")
def users_add(
    username: str,
    roles: tuple[str, ...],
    full_name: str | None,
    agency: str,
    unit: str | None,
    units: str | None,
    password_stdin: bool,
) -> None:
    """Create an account; the password comes on standard input (first line)."""
    password = sys.stdin.readline().rstrip("\r\n")
    draft = AccountDraft(username, full_name or username, agency, roles, unit, units)
    try:
        account = accounts.create_account(_work(), draft, password, CLI)
    except AccountError as exc:
        _fail(exc)
        return
    click.echo(json.dumps({"username": account.username, "roles": list(account.roles), "scope": account.scope.label()}))


@users.command("list")
def users_list() -> None:
    """One line per account: username, active, roles, scope, full name."""
    for account in accounts.list_accounts(_work()):
        state = "active" if account.active else "disabled"
        click.echo(
            f"{account.username}\t{state}\t{','.join(account.roles)}\t{account.scope.label()}\t{account.full_name}"
        )


@users.command("disable")
@click.argument("username")
def users_disable(username: str) -> None:
    """Disable an account: its sessions end at their next request."""
    try:
        accounts.disable_account(_work(), username, CLI)
    except AccountError as exc:
        _fail(exc)
    click.echo(json.dumps({"username": username.lower(), "active": False}))


@click.group()
def clients_group() -> None:
    """Agencies' systems (OAuth 2.0 client credentials)."""


@clients_group.command("add")
@click.argument("name")
@role_option
@click.option("--agency", default="", help="Agency that runs the system.")
@unit_option
@units_option
def clients_add(name: str, roles: tuple[str, ...], agency: str, unit: str | None, units: str | None) -> None:
    """Register a client NAME (its client_id); prints its secret, which is shown this once only."""
    try:
        client, secret = registered_clients.register_client(
            _work(),
            registered_clients.ClientDraft(name, name=name, agency=agency, roles=roles, unit=unit, units=units),
            CLI,
        )
    except AccountError as exc:
        _fail(exc)
        return
    click.echo(json.dumps({"client_id": client.client_id, "client_secret": secret, "roles": list(client.roles)}))


@clients_group.command("list")
def clients_list() -> None:
    for client in registered_clients.list_clients(_work()):
        click.echo(f"{client.client_id}\t{','.join(client.roles)}\t{client.scope.label()}\t{client.name}")


@click.group()
def keys() -> None:
    """The console's token signing keys."""


@keys.command("rotate")
def keys_rotate() -> None:
    """Sign with a new key from now on; the old one stays published until its tokens have expired."""
    click.echo(json.dumps({"kid": tokens.rotate_signing_key(_work(), CLI)}))
