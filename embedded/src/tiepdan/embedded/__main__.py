"""`make run`: the whole platform on http://127.0.0.1:8000 (TIEPDAN_PORT), SQLite under TIEPDAN_DATA_DIR."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

from werkzeug.serving import make_server

from tiepdan.kit.auth import ROLES, mint_token
from tiepdan.kit.config import Settings
from tiepdan.kit.logs import configure_logging

from .platform import Platform

log = logging.getLogger("tiepdan.embedded")


def main() -> None:
    settings = Settings.from_env("embedded")
    if not settings.embedded:
        sys.exit("make run is the embedded mode: unset TIEPDAN_AMQP_URL (use `make up` for the broker stack).")
    configure_logging(settings.log_level, "embedded")
    host = os.environ.get("TIEPDAN_HOST", "127.0.0.1")
    port = int(os.environ.get("TIEPDAN_PORT", "8000"))
    # The services verify the console's tokens against its key set, served by this very process.
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 (a wildcard bind is reached locally)
    os.environ.setdefault("TIEPDAN_JWT_JWKS_URL", f"http://{local}:{port}/.well-known/jwks.json")
    platform = Platform.build()
    server = make_server(host, port, platform.wsgi(), threaded=True)
    platform.worker.start()
    admin_password = first_admin(platform)
    _print_welcome(settings, host, port, platform.api_services, admin_password, platform.pages is not None)
    stop = threading.Event()

    def _shutdown(*_: object) -> None:
        stop.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _shutdown)
    signal.signal(signal.SIGINT, _shutdown)
    server.serve_forever()
    platform.stop()


def first_admin(platform: Platform) -> str | None:
    """The console's first administrator on a fresh database: TIEPDAN_CONSOLE_ADMIN_PASSWORD, else a random password
    printed this once. None when accounts exist already (or no console is installed)."""
    if platform.pages is None or platform.pages != "console":
        return None
    from tiepdan.console.service.accounts import ensure_first_admin
    from tiepdan.console.service.unit_of_work import console_work

    runtime = platform.runtimes["console"]
    password = os.environ.get("TIEPDAN_CONSOLE_ADMIN_PASSWORD") or None
    return ensure_first_admin(console_work(runtime), password, runtime.settings.unit)


def _print_welcome(
    settings: Settings, host: str, port: int, services: list[str], admin_password: str | None, console: bool
) -> None:
    base = f"http://{host}:{port}"
    lines = [
        "",
        f"Tiếp Dân is running at {base} (embedded: SQLite under {settings.data_dir}/, in-process bus)",
    ]
    if console:
        lines.append(f"  console: {base}/   (sign in at {base}/login)")
        if admin_password:
            lines.append(
                f"  first administrator: admin / {admin_password}   (shown this once; change it once signed in)"
            )
    lines += [
        f"  health: {base}/healthz   ready: {base}/readyz   metrics: {base}/metrics   API index: {base}/api",
        "  API docs: " + "  ".join(f"{base}/{name}/docs" for name in services),
        "",
        "Development tokens (valid 8 hours) — export one and call the API:",
    ]
    for role in ROLES:
        token = mint_token(settings, sub=f"dev-{role}", roles=[role], name=f"Thử nghiệm {role}", agency="VP")
        lines.append(f"  TOKEN_{role.upper()}={token}")
    lines += ["", f'  curl -H "Authorization: Bearer $TOKEN_CLERK" {base}/api/v1/cases', "", "Ctrl-C stops."]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
