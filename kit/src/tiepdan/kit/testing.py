"""pytest plugin (loaded for the whole repo): real PostgreSQL, RabbitMQ and SMTP fixtures, runtimes and tokens.

PostgreSQL: a fresh database per request of `pg_url` (dropped afterwards). RabbitMQ: unique exchange and queue
names per test via TIEPDAN_AMQP_PREFIX (deleted afterwards). SMTP: an aiosmtpd server on a free port per request of
`smtp_server`. Without the servers the tests skip loudly; with CI=true they fail instead, so CI can never pass by
skipping them. Every event a test publishes or receives is checked against its full schema in the catalogue
(`events_conform`). Under pytest-xdist a test marked `alone` runs while no other worker runs a test (`ALONE_MARK`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import tempfile
import traceback
import uuid
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from .auth import mint_token
from .config import Settings
from .events import Envelope
from .service import Runtime, ServiceSpec
from .smtp_testing import SmtpServer

PG_ADMIN_URL = os.environ.get("TIEPDAN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
AMQP_TEST_URL = os.environ.get("TIEPDAN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
TEST_JWT_SECRET = "tiepdan-test-secret-32-bytes-long!!"
TEST_UNIT = "bach-quang"


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url.replace("postgresql+psycopg", "postgresql"))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _unavailable(
    what: str,
    problem: str = "is not available",
    remedy: str = "tools/ensure-system.sh (run by make test) starts or installs it",
) -> None:
    message = f"{what} {problem}: tests that need it cannot run"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: refusing to skip)", pytrace=False)
    pytest.skip(f"!!! SKIPPED: {message} — {remedy}")


def system_tool(command: str, package: str) -> str:
    """The path of a system tool the tests run (tools/ensure-system.sh installs it); skipped loudly when missing."""
    found = shutil.which(command)
    if found is None:
        _unavailable(f"{command} (Debian package {package!r}, installed by tools/ensure-system.sh as root)")
    assert found is not None
    return found


#: Marks a test that sends events breaking their schema on purpose (a consumer's refusal is what it tests).
NONCONFORMING_MARK = "nonconforming_events"
#: Marks a test whose bound in time (an alert on the page within 2 s, a roster's quality within the solver's time
#: limit) holds only with the machine to itself: under pytest-xdist no other worker runs a test meanwhile.
ALONE_MARK = "alone"
_KIT_DIR = os.path.dirname(__file__)


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TIEPDAN_JWT_SECRET", TEST_JWT_SECRET)
    config.addinivalue_line(
        "markers", f"{NONCONFORMING_MARK}: the test sends events that break their schema on purpose"
    )
    config.addinivalue_line(
        "markers", f"{ALONE_MARK}: a bound in time the test checks needs the machine: no other xdist worker runs"
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    """Under pytest-xdist every test (setup, call, teardown) holds a lock shared by the workers; an `alone` test
    holds it exclusively. Outside xdist nothing is locked."""
    workerinput = getattr(item.config, "workerinput", None)
    if workerinput is None or item.config.option.basetemp is None:
        return (yield)
    # A worker's basetemp is <the run's basetemp>/popen-gwN: the parent is this run's and every worker's.
    folder = Path(item.config.option.basetemp).parent
    with _machine_held(folder, alone=item.get_closest_marker(ALONE_MARK) is not None):
        return (yield)


@contextmanager
def _machine_held(folder: Path, *, alone: bool) -> Iterator[None]:
    """flock(2) gives no preference to an exclusive waiter, so a gate comes first: whoever waits for the room
    exclusively holds the gate meanwhile, and the other workers queue at the gate instead of slipping past."""
    with (folder / "alone.gate").open("a") as gate, (folder / "alone.room").open("a") as room:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(room, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(room, fcntl.LOCK_UN)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    loud = [r for r in skipped if "!!! SKIPPED" in str(getattr(r, "longrepr", ""))]
    if loud:
        terminalreporter.write_sep(
            "!", f"{len(loud)} tests SKIPPED: a server or tool they need is missing (reasons above)", red=True
        )


@pytest.fixture(autouse=True)
def events_conform(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every envelope validated during the test (staged by `uow.emit` for the outbox, received by a consumer, built
    and validated by the test itself) is also checked against the catalogue's full schema; a violation fails the
    test at its end, naming the event, the broken fields and the code that made it. Recorded rather than raised:
    inside a consumer an exception would only send the message to its dead-letter queue."""
    violations: list[str] = []
    validate = Envelope.validate

    def validate_fully(envelope: Envelope) -> Envelope:
        validate(envelope)
        errors = envelope.schema_errors()
        if errors:
            violations.append(f"{envelope.type} v{envelope.version} from {_origin()}: {'; '.join(errors)}")
        return envelope

    monkeypatch.setattr(Envelope, "validate", validate_fully)
    yield violations
    if violations and request.node.get_closest_marker(NONCONFORMING_MARK) is None:
        distinct = list(dict.fromkeys(violations))
        shown = "\n".join(distinct[:10]) + (f"\n… and {len(distinct) - 10} more" if len(distinct) > 10 else "")
        pytest.fail(f"events that break the catalogue's schema (tiepdan.kit.contract):\n{shown}", pytrace=False)


def _origin() -> str:
    """The innermost frame outside the kit: the code that made or received the event."""
    for frame in reversed(traceback.extract_stack()[:-2]):
        if not frame.filename.startswith(_KIT_DIR):
            return f"{frame.filename}:{frame.lineno} ({frame.name})"
    return "the kit"


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    if not _reachable(PG_ADMIN_URL, 5432):
        _unavailable("PostgreSQL")
    return PG_ADMIN_URL


@contextmanager
def scratch_database(
    admin_url: str, prefix: str = "tiepdan_t", drop: Callable[..., Any] | None = None
) -> Iterator[str]:
    """A new, empty PostgreSQL database (URL yielded), dropped afterwards; tests and benchmarks use it. `drop`
    (an executor's `submit`) drops it without waiting."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        (drop or _call)(_drop_database, admin_url, name)


def _call(function: Callable[..., Any], *args: Any) -> Any:
    return function(*args)


def _drop_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def dropping() -> Iterator[ThreadPoolExecutor]:
    """Drops a test's databases while the next test runs; the session waits for the last drop."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-database") as executor:
        yield executor


@pytest.fixture
def pg_url(pg_admin_url: str, dropping: ThreadPoolExecutor) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test."""
    with scratch_database(pg_admin_url, drop=dropping.submit) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """Runs the test on the embedded default (SQLite) and on real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(scope="session")
def amqp_url() -> str:
    if not _reachable(AMQP_TEST_URL, 5672):
        _unavailable("RabbitMQ")
    return AMQP_TEST_URL


@pytest.fixture
def amqp_prefix(amqp_url: str) -> Iterator[str]:
    """Unique names for this test's exchanges and queues; everything declared under them is deleted after."""
    prefix = f"t{uuid.uuid4().hex[:10]}."
    yield prefix
    delete_amqp_names(amqp_url, prefix)


def delete_amqp_names(url: str, prefix: str) -> None:
    """Delete the prefixed topology that the kit declares (queues of every service, the three exchanges)."""
    from kombu import Connection

    from .amqp import Names

    names = Names(prefix)
    with Connection(url) as connection:
        channel = connection.channel()
        for service in ("intake", "roster", "alerts", "reports", "bench", "test", "probe"):
            for suffix in ("events", "inbound"):
                for queue in (names.queue(service, suffix), names.queue(service, suffix) + ".dlq"):
                    channel.queue_delete(queue)
        for exchange in (names.events, names.dlx, names.inbound):
            channel.exchange_delete(exchange)


def test_settings(service: str, database_url: str, **overrides: Any) -> Settings:
    base = Settings(service=service, database_url=database_url, jwt_secret=TEST_JWT_SECRET, unit=TEST_UNIT)
    return replace(base, **overrides)


class MigratedTemplates:
    """Each service's schema migrated once per session and database kind. `Runtime.migrate` on a database that is
    still empty copies the template instead of running every migration again: a file copy for a SQLite file not
    yet created, `CREATE DATABASE ... TEMPLATE` for a PostgreSQL database without tables or types. The copy is what
    the migrations made; a database holding anything (an older schema a test upgrades) is migrated for real."""

    def __init__(self, directory: Path, migrate: Callable[[Runtime], None]) -> None:
        self.directory = directory
        self._migrate = migrate
        self._files: dict[tuple[str, int], Path] = {}
        self._databases: dict[tuple[str, int, str], str] = {}

    def migrate(self, runtime: Runtime) -> None:
        url = runtime.engine.url
        backend = url.get_backend_name()
        if backend == "sqlite" and url.database not in (None, "", ":memory:") and not Path(url.database).exists():
            runtime.engine.dispose()
            shutil.copyfile(self._sqlite_template(runtime.spec), url.database)
        elif backend == "postgresql" and _empty_postgres(runtime):
            self._copy_postgres(runtime)
        else:
            self._migrate(runtime)

    def _key(self, spec: ServiceSpec) -> tuple[str, int]:
        return (str(spec.versions_dir), id(spec.metadata))

    def _sqlite_template(self, spec: ServiceSpec) -> Path:
        key = self._key(spec)
        if key not in self._files:
            path = self.directory / f"{spec.name}-{len(self._files)}.db"
            self._build(spec, f"sqlite:///{path}")
            self._files[key] = path
        return self._files[key]

    def _copy_postgres(self, runtime: Runtime) -> None:
        url = runtime.engine.url
        admin = _postgres_admin(url.render_as_string(hide_password=False))
        key = (*self._key(runtime.spec), admin.url.render_as_string(hide_password=False))
        try:
            with admin.connect() as conn:
                if key not in self._databases:
                    template = f"tiepdan_tpl_{uuid.uuid4().hex[:12]}"
                    conn.execute(text(f'CREATE DATABASE "{template}"'))
                    self._databases[key] = template
                    self._build(runtime.spec, url.set(database=template).render_as_string(hide_password=False))
                runtime.engine.dispose()
                conn.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{url.database}" TEMPLATE "{self._databases[key]}"'))
        finally:
            admin.dispose()

    def _build(self, spec: ServiceSpec, database_url: str) -> None:
        template = Runtime(spec, test_settings(spec.name, database_url))
        try:
            self._migrate(template)
        finally:
            template.dispose()

    def drop_databases(self) -> None:
        for (_, _, admin_url), template in self._databases.items():
            admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
            admin.dispose()


def _empty_postgres(runtime: Runtime) -> bool:
    with runtime.engine.connect() as conn:
        held = conn.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
                " OR EXISTS (SELECT 1 FROM pg_type WHERE typnamespace = 'public'::regnamespace)"
            )
        ).scalar()
    return not held


def _postgres_admin(database_url: str) -> Any:
    """An engine on the server's maintenance database (the admin URL's), with the test database's credentials."""
    return create_engine(
        make_url(database_url).set(database=make_url(PG_ADMIN_URL).database), isolation_level="AUTOCOMMIT"
    )


@pytest.fixture(scope="session", autouse=True)
def migrated_templates() -> Iterator[MigratedTemplates]:
    with tempfile.TemporaryDirectory(prefix="tiepdan-migrated-") as directory, pytest.MonkeyPatch.context() as patch:
        templates = MigratedTemplates(Path(directory), Runtime.migrate)

        def migrate(runtime: Runtime) -> None:
            templates.migrate(runtime)

        patch.setattr(Runtime, "migrate", migrate)
        try:
            yield templates
        finally:
            templates.drop_databases()


@pytest.fixture
def make_runtime() -> Iterator[Callable[..., Runtime]]:
    """`make_runtime(SERVICE, db_url, amqp_url=..., amqp_prefix=...)` → a migrated Runtime, disposed after."""
    made: list[Runtime] = []

    def build(spec: ServiceSpec, database_url: str, **overrides: Any) -> Runtime:
        runtime = Runtime(spec, test_settings(spec.name, database_url, **overrides))
        runtime.start()
        made.append(runtime)
        return runtime

    yield build
    for runtime in made:
        runtime.dispose()


def bearer(
    roles: list[str] | str,
    *,
    sub: str = "tester",
    unit: str | None = None,
    units: list[str] | str | None = None,
    agency: str = "VP",
    name: str = "Cán bộ kiểm thử",
    ttl_s: int = 3600,
) -> dict[str, str]:
    """Authorization header for a test token signed with the test secret."""
    settings = Settings(service="test", jwt_secret=TEST_JWT_SECRET, unit=TEST_UNIT)
    token = mint_token(
        settings,
        sub=sub,
        roles=[roles] if isinstance(roles, str) else roles,
        name=name,
        agency=agency,
        unit=unit,
        units=units,
        ttl_s=ttl_s,
    )
    return {"Authorization": f"Bearer {token}"}


def unused_port() -> int:
    """A port nothing listens on at the moment: an address for a server that is away, or for one about to start (which
    then binds it itself; a server that can take a bound socket should get one instead, see `listening_socket`)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening_socket() -> socket.socket:
    """A socket already bound and listening on a free loopback port, to hand to a server process (gunicorn's
    `--bind fd://N` with `pass_fds`): no other process can take the port between choosing it and serving on it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener


class TcpProxy:
    """A TCP forwarder to cut and restore a connection in fault tests (the broker "goes away" and comes back)."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        import threading

        self.upstream = (upstream_host, upstream_port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._open = threading.Event()
        self._open.set()
        self._closed = False
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, template: str = "amqp://guest:guest@127.0.0.1:{port}/%2F") -> str:
        return template.format(port=self.port)

    def _accept(self) -> None:
        import threading

        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._open.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            # The timeout was for connecting: left on, a connection idle for 5 s (heartbeats come every 15 s)
            # would be cut by the proxy itself.
            upstream.settimeout(None)
            with self._lock:
                if not self._open.is_set():  # cut while this connection was being set up
                    self._hang_up(client, upstream)
                    continue
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            TcpProxy._hang_up(source, sink)

    @staticmethod
    def _hang_up(*sockets: socket.socket) -> None:
        # shutdown() before close(): a bare close() does not release a socket another thread is blocked on,
        # which would leave the broker side of a "cut" connection alive.
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def cut(self) -> None:
        """Drop every live connection and refuse new ones until `restore()`."""
        with self._lock:
            self._open.clear()
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            self._hang_up(*pair)

    def restore(self) -> None:
        self._open.set()

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._listener.close()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 at a free port (`tiepdan.kit.smtp_testing`), stopped after the test."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tcp_proxy() -> Iterator[Callable[[str, int], TcpProxy]]:
    made: list[TcpProxy] = []

    def build(host: str, port: int) -> TcpProxy:
        proxy = TcpProxy(host, port)
        made.append(proxy)
        return proxy

    yield build
    for proxy in made:
        proxy.close()


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.1, what: str = "") -> None:
    """Poll until `predicate()` holds; fail the test with `what` after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what or predicate}")
