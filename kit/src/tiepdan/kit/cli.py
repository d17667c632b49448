"""`tiepdan` command: development tokens, migrations and workers for any installed service."""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import click

from .auth import ROLES, mint_token
from .config import Settings
from .logs import configure_logging
from .service import Runtime, ServiceSpec, discover_services
from .worker import run_service_worker


@click.group()
def main() -> None:
    """Tiếp Dân operations."""


@main.command()
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeat for several.")
@click.option("--sub", default="dev-user", show_default=True)
@click.option("--name", default="Cán bộ thử nghiệm", show_default=True)
@click.option("--agency", default="VP", show_default=True)
@click.option("--unit", default=None, help="Ward code; default TIEPDAN_UNIT.")
@click.option("--units", default=None, help='Province scope: comma-separated ward codes or "*".')
@click.option("--ttl", default=8 * 3600, show_default=True, help="Lifetime in seconds.")
def token(
    roles: tuple[str, ...], sub: str, name: str, agency: str, unit: str | None, units: str | None, ttl: int
) -> None:
    """Mint a development token signed with the configured key (embedded: the built-in development secret)."""
    settings = Settings.from_env("cli")
    scope: list[str] | str | None = None
    if units:
        scope = "*" if units == "*" else [u.strip() for u in units.split(",") if u.strip()]
    click.echo(mint_token(settings, sub=sub, roles=roles, name=name, agency=agency, unit=unit, units=scope, ttl_s=ttl))


@main.group()
def db() -> None:
    """Database migrations (Alembic): the kit's tables and the service's own."""


def _spec(service: str) -> ServiceSpec:
    services = discover_services()
    if service not in services:
        raise click.BadParameter(f"unknown service {service!r}; installed: {', '.join(services)}")
    configure_logging(Settings.from_env(service).log_level, service)
    return services[service]


def _runtime(service: str) -> Runtime:
    return Runtime(_spec(service))


@db.command("upgrade")
@click.argument("service")
def db_upgrade(service: str) -> None:
    """Apply every pending migration of SERVICE to its database."""
    runtime = _runtime(service)
    runtime.migrate()
    click.echo(json.dumps({"service": service, "migrated": True}))


@db.command("revision")
@click.argument("service")
@click.option("-m", "--message", required=True)
def db_revision(service: str, message: str) -> None:
    """Autogenerate a migration of SERVICE's tables (developers)."""
    from . import migrate

    runtime = _runtime(service)
    migrate.revision(runtime.engine, runtime.spec.versions_dir, runtime.spec.metadata, message, service)


@main.command()
@click.argument("service")
def worker(service: str) -> None:
    """Run SERVICE's worker: outbox relay, consumers and timers."""
    run_service_worker(_spec(service))


@main.group()
def bus() -> None:
    """RabbitMQ topology."""


@bus.command("declare")
def bus_declare() -> None:
    """Declare the exchanges and every installed service's queues (a deploy step, so no event is unroutable)."""
    from kombu import Connection

    from .amqp import Names, Subscription, declare_topology

    settings = Settings.from_env("cli")
    if not settings.amqp_url:
        raise click.UsageError("TIEPDAN_AMQP_URL is not set (embedded mode has no broker)")
    subscriptions = []
    for name, spec in discover_services().items():
        if spec.handlers:
            subscriptions.append(Subscription(name, spec.subscribes))
        if spec.inbound is not None:
            subscriptions.append(Subscription(name, spec.inbound.patterns, suffix="inbound", exchange="inbound"))
    with Connection(settings.amqp_url, connect_timeout=10) as connection:
        declare_topology(
            connection.default_channel, Names(settings.amqp_prefix), subscriptions, settings.delivery_limit
        )
    click.echo(json.dumps({"declared": [f"{s.service}.{s.suffix}" for s in subscriptions]}))


@main.command("services")
def list_services() -> None:
    """List the installed services and the URL prefixes they own."""
    for name, spec in discover_services().items():
        click.echo(f"{name}: {', '.join(spec.resources) or '-'}")


def _add_service_commands() -> None:
    """Commands a service contributes (entry point group `tiepdan.commands`: the console's `users`, `clients`)."""
    for entry in entry_points(group="tiepdan.commands"):
        command = entry.load()
        if not isinstance(command, click.Command):
            raise TypeError(f"entry point {entry.name} is not a click command")
        main.add_command(command, entry.name)


_add_service_commands()
