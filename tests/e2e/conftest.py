"""The end-to-end fixture: a whole local stack (tools/stack.py, the chart's commands and environment) of its own.

Each run gets its own name — databases tiepdan_<name>_<svc>, AMQP prefix "<name>.", ports — so it never meets a
developer's `make up` or another test run on the shared servers, and removes all of it afterwards. The servers
come from the kit's fixtures: without them the tests skip loudly, and under CI=true they fail.

Every service reaches RabbitMQ, and intake its PostgreSQL, through TCP proxies in this process, so the fault tests
can cut a connection (the broker or the database "goes away") and restore it without touching the shared servers.
Every service mails through a real SMTP server in this process (aiosmtpd, `Stack.mail`), so a test reads what
arrived.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy.engine import make_url

from tiepdan.kit.smtp_testing import SmtpServer
from tiepdan.kit.testing import TcpProxy

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "roster", "alerts", "reports")


def _free_base_port() -> int:
    """A base port whose router (base - 1), five web ports (the console's the fifth) and four metrics ports (+100)
    are all free."""
    for base in range(18100, 18900, 10):
        ports = [base - 1] + [base + i for i in range(5)] + [base + 100 + i for i in range(4)]
        free = True
        for port in ports:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    free = False
                    break
        if free:
            return base
    raise RuntimeError("no free ports for the end-to-end stack")


@dataclass
class Stack:
    name: str
    base_port: int
    env: dict[str, str]
    amqp_proxy: TcpProxy
    intake_db_proxy: TcpProxy
    mail: SmtpServer
    secrets: dict[str, str] = field(default_factory=dict)

    def pid(self, process: str) -> int:
        pids: dict[str, int] = json.loads((ROOT / "var" / self.name / "pids.json").read_text(encoding="utf-8"))
        return pids[process]

    def respawn(self) -> None:
        done = _stack_cmd(self.env, "respawn")
        assert done.returncode == 0, done.stdout + done.stderr

    def url(self, svc: str, path: str) -> str:
        """The API through the stack's router — one URL space, as a client sees it behind the Ingress; the
        operational endpoints (/readyz, ...) on the service's own port, as the kubelet probes a pod."""
        if path.startswith("/api/"):
            return f"http://127.0.0.1:{self.base_port - 1}{path}"
        return f"http://127.0.0.1:{self.base_port + SERVICES.index(svc)}{path}"

    def token(self, *roles: str, sub: str = "e2e", agency: str = "VP") -> dict[str, str]:
        from tiepdan.kit.auth import mint_token
        from tiepdan.kit.config import Settings

        settings = Settings(service="e2e", jwt_secret=self.secrets["TIEPDAN_JWT_SECRET"])
        token = mint_token(settings, sub=sub, roles=roles, name="Cán bộ e2e", agency=agency, unit=None, units=None)
        return {"Authorization": f"Bearer {token}"}

    def call(self, method: str, svc: str, path: str, *roles: str, **kwargs: Any) -> requests.Response:
        headers = {**self.token(*roles), **kwargs.pop("headers", {})}
        return requests.request(method, self.url(svc, path), headers=headers, timeout=30, **kwargs)

    @property
    def amqp_prefix(self) -> str:
        return f"{self.name}."


def _stack_cmd(stack_env: dict[str, str], command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "stack.py"), command],
        cwd=ROOT,
        env={**os.environ, **stack_env},
        capture_output=True,
        text=True,
        timeout=400,
    )


@pytest.fixture(scope="session")
def stack(pg_admin_url: str, amqp_url: str) -> Iterator[Stack]:
    name = f"e2e{uuid.uuid4().hex[:8]}"
    base = _free_base_port()
    broker, database = urlsplit(amqp_url), make_url(pg_admin_url)
    amqp_proxy = TcpProxy(broker.hostname or "127.0.0.1", broker.port or 5672)
    intake_db_proxy = TcpProxy(database.host or "127.0.0.1", database.port or 5432)
    mail = SmtpServer()
    mail.start()
    stack_env = {
        "TIEPDAN_STACK_NAME": name,
        "TIEPDAN_STACK_PORT": str(base),
        "TIEPDAN_STACK_PG_ADMIN_URL": pg_admin_url,
        "TIEPDAN_STACK_AMQP_URL": amqp_url.replace(f":{broker.port or 5672}", f":{amqp_proxy.port}", 1),
        "TIEPDAN_STACK_INTAKE_PG_PORT": str(intake_db_proxy.port),
        "TIEPDAN_SMTP_HOST": mail.settings().host,
        "TIEPDAN_SMTP_PORT": str(mail.port),
        "TIEPDAN_SMTP_FROM": "tiepdan@bachquang.gov.vn",
        # Short waits so the fault tests' recoveries (a killed worker's lease, a refused mail's retry, a changed
        # rule reaching the worker) take seconds; the mechanisms are the same as with the defaults.
        "TIEPDAN_ALERTS_DELIVERY_LEASE_MS": "8000",
        "TIEPDAN_ALERTS_RETRY_FIRST_DELAY_MS": "500",
        "TIEPDAN_ALERTS_CONFIG_TTL_MS": "500",
    }
    started = _stack_cmd(stack_env, "up")
    state = ROOT / "var" / name
    try:
        if started.returncode != 0:
            logs = "".join(
                f"\n--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                for log in sorted((state / "logs").glob("*.log"))
            )
            pytest.fail(f"tools/stack.py up failed:\n{started.stdout}\n{started.stderr}{logs}")
        secrets = json.loads((state / "secrets.json").read_text(encoding="utf-8"))
        yield Stack(name, base, stack_env, amqp_proxy, intake_db_proxy, mail, secrets)
    finally:
        amqp_proxy.restore()
        intake_db_proxy.restore()
        # Stops our processes, drops our databases and our queues and exchanges (through the proxy: same broker).
        reset = _stack_cmd(stack_env, "reset")
        amqp_proxy.close()
        intake_db_proxy.close()
        mail.stop()
        shutil.rmtree(state, ignore_errors=True)
        assert reset.returncode == 0, reset.stdout + reset.stderr
