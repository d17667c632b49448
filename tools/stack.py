"""The local stack: every service as its own gunicorn + worker processes on PostgreSQL and RabbitMQ.

The same commands and environment variables as the Helm chart (one database per service, the AMQP URL, a JWT
secret, intake's identity keys), on this machine's servers, so what runs here is what runs in a pod.

    .venv/bin/python tools/stack.py up        # create the databases, migrate, start, wait until all are ready
                                              # one URL space on :8100, routed by prefix as the Ingress does
    .venv/bin/python tools/stack.py status    # pids, ports, /readyz
    .venv/bin/python tools/stack.py env       # the environment (export lines), e.g. to mint a token
    .venv/bin/python tools/stack.py respawn   # start again any of them that died (as Kubernetes restarts a container)
    .venv/bin/python tools/stack.py down      # stop what `up` started (only those pids)
    .venv/bin/python tools/stack.py reset     # down, then drop the stack's databases, queues and exchanges

Settings (environment): TIEPDAN_STACK_NAME (default "stack": databases tiepdan_<name>_<svc>, AMQP prefix
"<name>.", state in var/<name>/ — the end-to-end tests run their own stack beside yours), TIEPDAN_STACK_PG_ADMIN_URL
(default: the tests' postgres@127.0.0.1), TIEPDAN_STACK_AMQP_URL (default guest@127.0.0.1), TIEPDAN_STACK_PORT
(first web port, default 8101, the console's the fifth, the router on the port below it; each worker's metrics on
its web port + 100), TIEPDAN_STACK_<SVC>_PG_PORT (reach that service's database on another local port: a fault
test's TCP proxy).
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SERVICES = ("intake", "roster", "alerts", "reports", "console")
#: Services with nothing for a worker to do (no events, no timers): a web process only.
WEB_ONLY = frozenset({"console"})

NAME = os.environ.get("TIEPDAN_STACK_NAME", "stack")
STATE = ROOT / "var" / NAME
PIDS = STATE / "pids.json"
SECRETS = STATE / "secrets.json"
PG_ADMIN_URL = os.environ.get("TIEPDAN_STACK_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
AMQP_URL = os.environ.get("TIEPDAN_STACK_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
FIRST_PORT = int(os.environ.get("TIEPDAN_STACK_PORT", "8101"))


def web_port(svc: str) -> int:
    return FIRST_PORT + SERVICES.index(svc)


def router_port() -> int:
    return FIRST_PORT - 1


def metrics_port(svc: str) -> int:
    return web_port(svc) + 100


def database_name(svc: str) -> str:
    return f"tiepdan_{NAME}_{svc}".replace("-", "_")


def database_url(svc: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(PG_ADMIN_URL).set(database=database_name(svc))
    if port := os.environ.get(f"TIEPDAN_STACK_{svc.upper()}_PG_PORT"):
        url = url.set(host="127.0.0.1", port=int(port))
    return url.render_as_string(hide_password=False)


def stack_secrets() -> dict[str, str]:
    """Generated once and kept: restarting the stack must still decrypt what intake stored and verify tokens."""
    kept: dict[str, str] = {}
    if SECRETS.is_file():
        kept = json.loads(SECRETS.read_text(encoding="utf-8"))
        if "TIEPDAN_CONSOLE_ADMIN_PASSWORD" in kept:
            return kept
    values = {
        "TIEPDAN_JWT_SECRET": secrets.token_urlsafe(32),
        "TIEPDAN_INTAKE_IDENTITY_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "TIEPDAN_INTAKE_INDEX_KEY": secrets.token_urlsafe(32),
        "TIEPDAN_CONSOLE_ADMIN_PASSWORD": secrets.token_urlsafe(15),
    }
    STATE.mkdir(parents=True, exist_ok=True)
    values.update(kept)  # a stack made before the console keeps its keys: intake must still decrypt its data
    SECRETS.write_text(json.dumps(values, indent=2), encoding="utf-8")
    SECRETS.chmod(0o600)
    return values


def service_env(svc: str | None) -> dict[str, str]:
    """What the chart gives a pod of `svc`: its own database URL only (None: every URL, for tools)."""
    env = {
        "TIEPDAN_AMQP_URL": AMQP_URL,
        "TIEPDAN_AMQP_PREFIX": f"{NAME}.",
        "TIEPDAN_UNIT": os.environ.get("TIEPDAN_UNIT", "bach-quang"),
        "TIEPDAN_LOG_LEVEL": os.environ.get("TIEPDAN_LOG_LEVEL", "INFO"),
        "TIEPDAN_DATA_DIR": str(STATE / "data"),
        # people's and agencies' tokens come from the console, reached through the router as through the Ingress
        "TIEPDAN_JWT_JWKS_URL": f"http://127.0.0.1:{router_port()}/.well-known/jwks.json",
        # the console calls each API at its own web process, as the chart gives it each Service's address
        **{f"TIEPDAN_CONSOLE_{api.upper()}_URL": f"http://127.0.0.1:{web_port(api)}" for api in SERVICES[:-1]},
        **stack_secrets(),
    }
    for name in SERVICES if svc is None else (svc,):
        env[f"TIEPDAN_{name.upper()}_DATABASE_URL"] = database_url(name)
    return env


def ensure_databases() -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for svc in SERVICES:
                name = database_name(svc)
                if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                    print(f"stack: created database {name}")
    finally:
        admin.dispose()


def drop_databases() -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for svc in SERVICES:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database_name(svc)}" WITH (FORCE)'))
    finally:
        admin.dispose()


def delete_broker_objects() -> None:
    """The queues and exchanges the services declared under this stack's prefix (names: tiepdan.kit.amqp.Names)."""
    import pika

    prefix = f"{NAME}."
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    try:
        channel = connection.channel()
        for svc in SERVICES:
            for suffix in ("events", "events.dlq", "inbound", "inbound.dlq"):
                channel.queue_delete(f"{prefix}{svc}.{suffix}")
        for exchange in ("tiepdan.events", "tiepdan.inbound", "tiepdan.dlx"):
            channel.exchange_delete(f"{prefix}{exchange}")
    finally:
        connection.close()


def ready(svc: str, timeout: float = 2.0) -> bool:
    """The service's web process (database) and worker (database and broker) both answer /readyz with 200."""
    for port in (web_port(svc),) if svc in WEB_ONLY else (web_port(svc), metrics_port(svc)):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=timeout) as resp:
                if resp.status != 200:
                    return False
        except (urllib.error.URLError, OSError):
            return False
    return True


def ready_router() -> bool:
    """The router answers (a 404 problem for an unknown path is an answer)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{router_port()}/api/v1/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, IndexError):
        return False
    if state in ("Z", "X"):  # exited, not reaped yet (`up` never waits for its children)
        return False
    # Empty for a moment after spawning: Popen returns while the kernel is still setting up the new program (seen
    # under load as "router exited" for a router that then ran fine). Otherwise a recycled pid would belong to
    # something else: only count it if it is still one of ours.
    return not cmdline or any(mark in cmdline for mark in (b"tiepdan", b"tools/stack.py"))


def load_pids() -> dict[str, int]:
    return json.loads(PIDS.read_text(encoding="utf-8")) if PIDS.is_file() else {}


def spawn(name: str, cmd: list[str], env: dict[str, str]) -> int:
    logs = STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.log", "ab") as log:
        # Own session: `down` signals the whole group (gunicorn's master and its workers) and nothing else.
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return proc.pid


def processes() -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each process of the stack: its command and environment (the chart's web and worker containers)."""
    result = {}
    for svc in SERVICES:
        env = service_env(svc)
        metrics_dir = STATE / "metrics" / svc
        metrics_dir.mkdir(parents=True, exist_ok=True)
        web_env = {**env, "PORT": str(web_port(svc)), "HOST": "127.0.0.1", "WEB_CONCURRENCY": "2"}
        web_env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        gunicorn = [str(BIN / "gunicorn"), "-c", "python:tiepdan.kit.gunicorn_conf", f"tiepdan.{svc}.app:create_app()"]
        result[f"{svc}-web"] = (gunicorn, web_env)
        if svc in WEB_ONLY:
            continue
        worker_env = {**env, "TIEPDAN_WORKER_METRICS_PORT": str(metrics_port(svc))}
        result[f"{svc}-worker"] = ([str(BIN / "tiepdan"), "worker", svc], worker_env)
    result["router"] = ([str(BIN / "python"), str(Path(__file__).resolve()), "router"], {})
    return result


HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection", "host"}


def route() -> int:
    """The Ingress of the local stack: each /api/v1 prefix to the service that declares it (ServiceSpec.resources,
    the same table `make run` and the chart route by), any other path to the service declaring "/" (the console).
    Plain HTTP/1.1, whole bodies: a development convenience."""
    from tiepdan.kit.service import discover_services

    specs = discover_services()
    table = sorted(
        ((prefix, web_port(name)) for name, spec in specs.items() for prefix in spec.resources if prefix != "/"),
        key=lambda item: -len(item[0]),
    )
    fallback = next((web_port(name) for name, spec in specs.items() if "/" in spec.resources), None)

    class Router(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self) -> None:
            path = self.path.split("?", 1)[0]
            port = next((p for prefix, p in table if path == prefix or path.startswith(prefix + "/")), fallback)
            if port is None:
                body = json.dumps({"type": "about:blank", "title": "Not Found", "status": 404, "detail": path})
                self.reply(404, [("Content-Type", "application/problem+json")], body.encode())
                return
            length = int(self.headers.get("Content-Length") or 0)
            payload = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                upstream.request(self.command, self.path, payload, headers)
                response = upstream.getresponse()
                self.reply(response.status, response.getheaders(), response.read())
            except OSError as exc:
                body = json.dumps({"title": "Bad Gateway", "status": 502, "detail": type(exc).__name__}).encode()
                self.reply(502, [("Content-Type", "application/problem+json")], body)
            finally:
                upstream.close()

        def reply(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers:
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            pass  # the services log every request themselves

    server = ThreadingHTTPServer(("127.0.0.1", router_port()), Router)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()
    return 0


def up() -> int:
    running = {name: pid for name, pid in load_pids().items() if alive(pid)}
    if running:
        print(f"stack: already running ({', '.join(running)}); `down` first", file=sys.stderr)
        return 1
    ensure_databases()
    # The four migrations at once, as the chart's four hook Jobs run.
    migrations = {
        svc: subprocess.Popen(
            [str(BIN / "tiepdan"), "db", "upgrade", svc],
            cwd=ROOT,
            env={**os.environ, **service_env(svc)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for svc in SERVICES
    }
    failed = False
    for svc, proc in migrations.items():
        output, _ = proc.communicate()
        if proc.returncode != 0:
            print(f"stack: migrating {svc} failed:\n{output.decode(errors='replace')}", file=sys.stderr)
            failed = True
    if failed:
        return 1
    pids = {name: spawn(name, cmd, env) for name, (cmd, env) in processes().items()}
    PIDS.write_text(json.dumps(pids, indent=2), encoding="utf-8")
    deadline = time.monotonic() + 180
    waiting = set(SERVICES)
    while waiting and time.monotonic() < deadline:
        waiting = {svc for svc in waiting if not ready(svc)}
        dead = [name for name, pid in pids.items() if not alive(pid)]
        if dead:
            print(f"stack: {', '.join(dead)} exited; see {STATE}/logs/", file=sys.stderr)
            down()
            return 1
        time.sleep(0.5)
    while time.monotonic() < deadline and not ready_router():
        time.sleep(0.5)
    if waiting or not ready_router():
        print(f"stack: not ready after 180 s: {', '.join(sorted(waiting))}; see {STATE}/logs/", file=sys.stderr)
        down()
        return 1
    print(f"stack: the URL space http://127.0.0.1:{router_port()}/api/v1/... (as the Ingress routes it)")
    for svc in SERVICES:
        where = "no worker" if svc in WEB_ONLY else f"worker metrics :{metrics_port(svc)}"
        print(f"stack: {svc:8} http://127.0.0.1:{web_port(svc)}  {where}")
    password = stack_secrets()["TIEPDAN_CONSOLE_ADMIN_PASSWORD"]
    print(f"stack: console http://127.0.0.1:{router_port()}/  sign in as admin / {password} (var/{NAME}/secrets.json)")
    print('stack: tokens: eval "$(.venv/bin/python tools/stack.py env)" && .venv/bin/tiepdan token --role clerk')
    return 0


def respawn() -> int:
    pids = load_pids()
    if not pids:
        print("stack: not running", file=sys.stderr)
        return 1
    for name, (cmd, env) in processes().items():
        if not alive(pids.get(name, 0)):
            pids[name] = spawn(name, cmd, env)
            print(f"stack: started {name} again ({pids[name]})")
    PIDS.write_text(json.dumps(pids, indent=2), encoding="utf-8")
    return 0


def down() -> int:
    pids = load_pids()
    for name, pid in pids.items():
        if alive(pid):
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            else:
                print(f"stack: stopping {name} ({pid})")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in pids.values()):
        time.sleep(0.2)
    for name, pid in pids.items():
        if alive(pid):
            print(f"stack: {name} ({pid}) ignored SIGTERM; killing it", file=sys.stderr)
            os.killpg(pid, signal.SIGKILL)
    PIDS.unlink(missing_ok=True)
    return 0


def status() -> int:
    pids = load_pids()
    if not pids:
        print("stack: not running")
        return 1
    healthy = True
    for svc in SERVICES:
        web, worker = pids.get(f"{svc}-web", 0), pids.get(f"{svc}-worker", 0)
        state = "ready" if ready(svc) else "NOT READY"
        worker_up = svc in WEB_ONLY or alive(worker)
        healthy &= state == "ready" and worker_up
        worker_state = "none" if svc in WEB_ONLY else f"{worker} ({'up' if worker_up else 'down'})"
        print(f"{svc:8} web {web} ({'up' if alive(web) else 'down'}) :{web_port(svc)} {state}; worker {worker_state}")
    router = ready_router()
    healthy &= router
    print(f"router   {pids.get('router', 0)} :{router_port()} {'ready' if router else 'NOT READY'}")
    return 0 if healthy else 1


def env() -> int:
    for name, value in service_env(None).items():
        print(f"export {name}='{value}'")
    return 0


def main(argv: list[str]) -> int:
    commands = {"up": up, "down": down, "respawn": respawn, "status": status, "env": env, "router": route}
    if argv == ["reset"]:
        down()
        drop_databases()
        delete_broker_objects()
        return 0
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
