"""pytest plugin (loaded for the whole repo): tests in a real browser, accessibility checks, a real OpenID provider.

- `browser`: Debian's Chromium driven by Playwright, started once per session; `browser_context` and `page` are
  fresh per test (1366×768, Vietnamese locale). `live_server(app)` serves a WSGI app on 127.0.0.1 at a free port.
- `screenshots(page, name)` saves the page at 1366×768 and at 390 px wide into var/screenshots/ (gitignored);
  a failed test's page is saved there too.
- `assert_accessible(page)` runs axe-core (node_modules, installed by `make setup`) inside the page and fails on
  serious or critical violations. `assert_fits_width(page)` fails when the page scrolls sideways.
- `oidc_provider(redirect_uri)` starts a real OpenID Connect provider (tools/oidc-provider/, the `oidc-provider`
  npm package on Node.js) with one client and test accounts; `provider.sign_in(page, login)` signs in on it,
  `provider.cancel(page)` gives up there.

What is missing (Chromium, Node.js, node_modules) makes the tests that need it skip loudly; with CI=true they
fail instead. Chromium is installed with apt when missing and running as root (tools/ensure-system.sh).
The sync Playwright API keeps an event loop marked as running in the main thread: no test in a session that uses
the browser may call asyncio.run().
"""

from __future__ import annotations

import json
import os
import re
import secrets
import select
import shutil
import subprocess
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .testing import _unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Hermetic: only this machine answers, so a page that leans on a CDN shows it, and nothing waits on a timeout.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
DESKTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}
BLOCKING_IMPACTS = ("serious", "critical")
# Debian's /usr/bin/chromium is a shell wrapper; the binary behind it is what Playwright should start.
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser")

_root = Path.cwd()


def pytest_configure(config: pytest.Config) -> None:
    global _root
    _root = config.rootpath


def repo_root() -> Path:
    """The repository (pytest's rootdir): where node_modules/, tools/ and var/ are."""
    return _root


def _find_chromium() -> str | None:
    configured = os.environ.get("TIEPDAN_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of Debian's Chromium (or TIEPDAN_CHROMIUM); installed with apt when missing and running as root."""
    found = _find_chromium()
    configured = os.environ.get("TIEPDAN_CHROMIUM")
    if found is None and not configured:
        subprocess.run(["bash", str(repo_root() / "tools" / "ensure-system.sh"), "tools"], check=False, timeout=600)
        found = _find_chromium()
    if found is None:
        _unavailable(
            f"Chromium at TIEPDAN_CHROMIUM={configured}" if configured else "Chromium (Debian package chromium)",
            "is not installed",
            "apt-get install -y --no-install-recommends chromium",
        )
    assert found is not None
    return found


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_FLAGS, timeout=60_000
        )
        yield launched
        launched.close()


@pytest.fixture
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile (no cookies, no storage) at 1366×768, in Vietnamese, on Vietnam's clock."""
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    yield context
    context.close()


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture
def page(browser_context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new tab; when the test fails, the page as it was is saved to var/screenshots/<test>--failed.png."""
    opened = browser_context.new_page()
    yield opened
    if request.node.stash.get(_FAILED, False) and not opened.is_closed():
        opened.screenshot(path=str(screenshot_path(request.node.nodeid, "failed")), full_page=True)


@pytest.fixture
def live_server() -> Iterator[Callable[[Any], str]]:
    """`live_server(wsgi_app)` → its base URL, served by threads on 127.0.0.1 at a free port until the test ends."""
    from werkzeug.serving import make_server

    servers: list[Any] = []

    def serve(app: Any) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def screenshot_path(nodeid: str, name: str) -> Path:
    """var/screenshots/<test>--<name>.png (the folder is made)."""
    folder = repo_root() / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("/")[-1]).strip("_")
    return folder / f"{test}--{name}.png"


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Callable[[Page, str], list[Path]]:
    """`screenshots(page, name)` → the two files saved: the page at 1366×768 and whole at 390 px wide.

    They go to var/screenshots/<test>--<name>-{1366x768,390w}.png for review; the viewport is restored after.
    """

    def shoot(page: Page, name: str) -> list[Path]:
        before = page.viewport_size or DESKTOP
        desktop = screenshot_path(request.node.nodeid, f"{name}-1366x768")
        phone = screenshot_path(request.node.nodeid, f"{name}-390w")
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(desktop))
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(phone), full_page=True)
        page.set_viewport_size(before)
        return [desktop, phone]

    return shoot


def assert_fits_width(page: Page) -> None:
    """Fail when the page is wider than its viewport (it would scroll sideways, e.g. at 390 px)."""
    widths = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth})"
    )
    assert widths["page"] <= widths["viewport"], (
        f"{page.url} is {widths['page']} px wide in a {widths['viewport']} px viewport: it scrolls sideways"
    )


def _node_module(*parts: str, what: str) -> Path:
    path = repo_root().joinpath("node_modules", *parts)
    if not path.exists():
        _unavailable(f"{what} (node_modules/{'/'.join(parts)})", "is not installed", "run `make setup` (npm ci)")
    return path


_axe_sources: dict[Path, str] = {}


def axe_violations(page: Page, impacts: tuple[str, ...] = BLOCKING_IMPACTS, **axe_options: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now, of the given impacts (all impacts: `impacts=()`).

    axe is evaluated through the DevTools protocol, not added as a <script>, so a strict Content-Security-Policy
    on the page under test does not stop it. `axe_options` go to `axe.run` (e.g. `rules={"region": {...}}`).
    """
    path = _node_module("axe-core", "axe.min.js", what="axe-core")
    if path not in _axe_sources:
        _axe_sources[path] = path.read_text(encoding="utf-8")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_sources[path])
    results = page.evaluate(
        "async (options) => await window.axe.run(document, options)",
        {"resultTypes": ["violations"], **axe_options},
    )
    violations: list[dict[str, Any]] = results["violations"]
    return [v for v in violations if not impacts or v.get("impact") in impacts]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violated rule: impact, rule, help and its link, then each offending element."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in node.get("failureSummary", "").splitlines() if line.strip())
    return "\n".join(lines)


def assert_accessible(page: Page, **axe_options: Any) -> None:
    """Fail, listing them readably, when axe-core finds serious or critical violations on the page."""
    violations = axe_violations(page, **axe_options)
    if violations:
        count = sum(len(v["nodes"]) for v in violations)
        pytest.fail(
            f"axe-core: {count} serious or critical accessibility violation(s) on {page.url}\n"
            f"{describe_violations(violations)}",
            pytrace=False,
        )


DEFAULT_OIDC_ACCOUNTS: dict[str, dict[str, Any]] = {
    "nguyen.van.an": {
        "name": "Nguyễn Văn An",
        "preferred_username": "nguyen.van.an",
        "email": "an.nv@tinh.gov.vn",
        "email_verified": True,
        "groups": ["tiepdan-clerk"],
    },
}
# The provider's development sign-in takes any password.
ANY_PASSWORD = "mat-khau-bat-ky"
# Which scope releases which claim; `groups` is what a province's directory maps to the platform's roles.
DEFAULT_OIDC_CLAIMS: dict[str, list[str]] = {
    "profile": ["name", "preferred_username"],
    "email": ["email", "email_verified"],
    "groups": ["groups"],
}


@dataclass
class OidcProvider:
    """A running test OpenID provider: its issuer, the one registered client and its accounts."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    accounts: dict[str, dict[str, Any]]
    process: subprocess.Popen[bytes] = field(repr=False)
    log: Path = field(repr=False)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def sign_in(self, page: Page, login: str, password: str = ANY_PASSWORD) -> None:
        """On the provider's sign-in page (where the relying party sent the browser): sign in, then consent.

        Returns once the browser has left the provider (back at the redirect URI, or at the provider's error).
        The development sign-in does not check the password; a login that is not an account is refused.
        """
        page.wait_for_selector('input[name="login"]')
        page.fill('input[name="login"]', login)
        page.fill('input[name="password"]', password)
        self._submit_and_wait(page)
        if page.url.startswith(self.issuer) and page.locator('input[name="prompt"][value="consent"]').count():
            self._submit_and_wait(page)

    def cancel(self, page: Page) -> None:
        """On the provider's sign-in page: give up, so the provider sends the browser back with `access_denied`."""
        self._leave(page, 'a[href$="/abort"]')

    def _submit_and_wait(self, page: Page) -> None:
        self._leave(page, 'button[type="submit"]')

    @staticmethod
    def _leave(page: Page, selector: str) -> None:
        before = page.url
        page.click(selector)
        page.wait_for_url(lambda url: url != before)
        page.wait_for_load_state()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _read_ready_line(process: subprocess.Popen[bytes], log: Path, timeout_s: float) -> dict[str, Any]:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout_s)
    line = process.stdout.readline() if ready else b""
    if not line:
        process.kill()
        process.wait()
        pytest.fail(
            f"the test OpenID provider (tools/oidc-provider/server.mjs) did not start within {timeout_s:.0f} s:\n"
            f"{log.read_text(encoding='utf-8', errors='replace')}",
            pytrace=False,
        )
    announced: dict[str, Any] = json.loads(line)
    return announced


@pytest.fixture
def oidc_provider(tmp_path: Path) -> Iterator[Callable[..., OidcProvider]]:
    """`oidc_provider(redirect_uri, accounts=..., claims=..., client_id=..., client_secret=...)` → a running provider.

    A real OpenID Connect provider (the `oidc-provider` npm package) on 127.0.0.1 at a free port, with one
    confidential client (client_secret_basic, authorization code, PKCE S256 allowed) for `redirect_uri` and the
    given accounts (login → claims; default `DEFAULT_OIDC_ACCOUNTS`). `claims` maps scopes to the claims they
    release (default `DEFAULT_OIDC_CLAIMS`); released claims are in the ID token and at the userinfo endpoint.
    Stopped when the test ends.
    """
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js (Debian package nodejs)", "is not installed", "apt-get install -y nodejs npm")
    started: list[OidcProvider] = []

    def start(
        redirect_uri: str,
        *,
        accounts: dict[str, dict[str, Any]] | None = None,
        claims: dict[str, list[str]] | None = None,
        client_id: str = "tiepdan-console",
        client_secret: str | None = None,
    ) -> OidcProvider:
        _node_module("oidc-provider", "package.json", what="oidc-provider")
        secret = client_secret or secrets.token_urlsafe(32)
        chosen_accounts = DEFAULT_OIDC_ACCOUNTS if accounts is None else accounts
        config = {
            "clients": [{"client_id": client_id, "client_secret": secret, "redirect_uris": [redirect_uri]}],
            "accounts": chosen_accounts,
            "claims": DEFAULT_OIDC_CLAIMS if claims is None else claims,
        }
        log = tmp_path / f"oidc-provider-{len(started)}.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [str(node), str(repo_root() / "tools" / "oidc-provider" / "server.mjs")],
                env={**os.environ, "OIDC_PROVIDER_CONFIG": json.dumps(config)},
                stdout=subprocess.PIPE,
                stderr=log_file,
                cwd=repo_root(),
            )
        announced = _read_ready_line(process, log, timeout_s=30)
        provider = OidcProvider(
            issuer=announced["issuer"],
            client_id=client_id,
            client_secret=secret,
            redirect_uri=redirect_uri,
            accounts=chosen_accounts,
            process=process,
            log=log,
        )
        started.append(provider)
        return provider

    yield start
    for provider in started:
        provider.stop()
