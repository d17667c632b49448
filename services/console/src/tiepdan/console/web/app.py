"""The console's Flask app: pages, sessions, CSRF, languages, rate limits, security headers, health and metrics."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, redirect, render_template, request, session
from flask_babel import Babel, format_datetime, format_decimal, get_translations
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from tiepdan.kit import metrics
from tiepdan.kit.errors import problem_response
from tiepdan.kit.logs import configure_logging, correlation_id, reset_correlation_id, set_correlation_id
from tiepdan.kit.service import API_DISPATCHER_STATE, Runtime
from tiepdan.kit.web import register_operational_routes

from ..adapters.services import HttpTransport, ServicesClient, Transport, WsgiTransport
from ..config import ConsoleConfig
from ..service.accounts import get_account_by_id
from ..service.public_info import service_token
from ..service.setup import shared_secret_key
from ..service.tokens import TokenSigner
from ..service.unit_names import UnitNames, platform_unit_names
from ..service.unit_of_work import console_work
from .context import LANGUAGES, Console, current_account, sign_in_redirect
from .forms import ROLE_LABELS
from .labels import ward_name
from .messages import AUDIT_LABELS
from .navigation import menu_for
from .sessions import DatabaseSessionInterface, ServerSession

PACKAGE = Path(__file__).resolve().parent.parent
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
#: Paths a person who must change their password may still open.
OPEN_WHILE_PASSWORD_EXPIRED = ("/account/password", "/logout", "/static/", "/language")


def create_console_app(runtime: Runtime, config: ConsoleConfig | None = None) -> Flask:
    config = config or ConsoleConfig.from_env()
    configure_logging(runtime.settings.log_level, runtime.name)
    app = Flask(
        "tiepdan.console",
        template_folder=str(PACKAGE / "web" / "templates"),
        static_folder=str(PACKAGE / "web" / "static"),
        static_url_path="/static",
    )
    app.config.update(
        SECRET_KEY=shared_secret_key(console_work(runtime)),
        MAX_CONTENT_LENGTH=runtime.settings.max_body_bytes,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session it is bound to
        WTF_CSRF_SSL_STRICT=True,
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        BABEL_TRANSLATION_DIRECTORIES=str(PACKAGE / "translations"),
        RATELIMIT_HEADERS_ENABLED=True,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    if config.trusted_proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=config.trusted_proxies, x_proto=config.trusted_proxies, x_host=config.trusted_proxies
        )
    app.session_interface = DatabaseSessionInterface(runtime, config.sessions)
    app.extensions["tiepdan"] = runtime
    services = ServicesClient(
        _transport(runtime, config),
        {name: HttpTransport(url, config.api_timeout_s) for name, url in config.service_urls.items()},
    )
    signer = TokenSigner.for_runtime(runtime)
    # read with the console's own token: every header needs the names, the public pages' too, where nobody signed in
    names = UnitNames(lambda: platform_unit_names(services, service_token(signer, runtime.settings.unit)))
    app.extensions["tiepdan_console"] = Console(runtime, config, signer, services, names)
    csrf = CSRFProtect(app)
    Babel(app, locale_selector=_locale)
    _translations_once_per_request(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri=config.rate_limit_storage, default_limits=[])

    from . import (
        admin,
        auth,
        cases,
        desk,
        duty,
        enforcements,
        home,
        inbox,
        live,
        news,
        oauth,
        outreach,
        public,
        receptions,
        reports,
        response_plans,
        sso,
        working_group,
    )

    app.register_blueprint(auth.blueprint)
    auth.limit_sign_in(app, limiter, config.sign_in_rate)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(oauth.blueprint)
    app.register_blueprint(cases.blueprint)
    app.register_blueprint(live.blueprint)
    public.register(app, limiter)
    app.register_blueprint(news.blueprint)
    app.register_blueprint(desk.blueprint)
    app.register_blueprint(sso.blueprint)
    app.register_blueprint(duty.blueprint)
    app.register_blueprint(reports.blueprint)
    app.register_blueprint(inbox.blueprint)
    for coordination in (working_group, receptions, response_plans, enforcements, outreach):
        app.register_blueprint(coordination.blueprint)
    csrf.exempt(oauth.blueprint)  # machines authenticate with their client secret, not a browser session
    _register_hooks(app, runtime)
    _register_errors(app)
    register_operational_routes(app, runtime)
    return app


def _transport(runtime: Runtime, config: ConsoleConfig) -> Transport | None:
    if config.api_url:
        return HttpTransport(config.api_url, config.api_timeout_s)
    return _LateWsgiTransport(runtime)


class _LateWsgiTransport:
    """The embedded dispatcher is built after the apps it dispatches to: looked up at the first call."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._inner: WsgiTransport | None = None

    def request(self, method: str, path: str, headers: dict[str, str], params: dict[str, Any] | None, body: Any) -> Any:
        return self._dispatcher().request(method, path, headers, params, body)

    def download(self, path: str, headers: dict[str, str], params: dict[str, Any] | None) -> Any:
        return self._dispatcher().download(path, headers, params)

    def _dispatcher(self) -> WsgiTransport:
        if self._inner is None:
            app = self.runtime.state.get(API_DISPATCHER_STATE)
            if app is None:
                raise ConnectionError("no API address: set TIEPDAN_CONSOLE_API_URL")
            self._inner = WsgiTransport(app)
        return self._inner


def _translations_once_per_request(app: Flask) -> None:
    """Templates call `_()` hundreds of times on a page of rows: the request's translations are looked up once, kept
    in `g`, rather than through flask_babel's context at every call (the same catalogue, the same locale); a text
    without variables is translated and escaped once per request, as Jinja's own gettext would each time."""

    def translations() -> Any:
        found = g.get("translations")
        if found is None:
            found = g.translations = get_translations()
        return found

    @pass_context
    def gettext(context: Context, string: str, **variables: Any) -> Any:
        # The catalogue's texts are the templates' own, trusted as Jinja's gettext trusts them; variables are escaped.
        autoescape = bool(context.eval_ctx.autoescape)
        if variables:
            text = translations().ugettext(string)
            return (Markup(text) if autoescape else text) % variables  # noqa: S704
        done: dict[tuple[str, bool], Any] | None = g.get("translated")
        if done is None:
            done = g.translated = {}
        found = done.get((string, autoescape))
        if found is None:
            text = translations().ugettext(string)
            found = done[(string, autoescape)] = (Markup(text) if autoescape else text) % {}  # noqa: S704
        return found

    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    # Jinja's `_` resolves `gettext` and calls it through the context at each use: both name this one directly.
    app.jinja_env.globals.update(gettext=gettext, _=gettext)


def _locale() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else "vi"


def _register_hooks(app: Flask, runtime: Runtime) -> None:
    @app.before_request
    def _start() -> Any:
        g.started = time.perf_counter()
        g.correlation_token = set_correlation_id(request.headers.get("X-Correlation-ID"))
        if request.path.startswith("/static/") or request.path in ("/healthz", "/readyz", "/metrics"):
            return None
        current = session
        g.session_expired = isinstance(current, ServerSession) and current.expired
        account_id = session.get("account_id")
        g.account = None
        if account_id:
            account = get_account_by_id(console_work(runtime), account_id)
            if account is None or not account.active:
                session.clear()  # disabled or removed: signed out at this request
            else:
                g.account = account
                if account.must_change_password and not request.path.startswith(OPEN_WHILE_PASSWORD_EXPIRED):
                    return redirect("/account/password")
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if response.mimetype == "text/html":
            headers.setdefault("Cache-Control", "no-store")
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        metrics.HTTP_REQUESTS.labels(runtime.name, request.method, route, str(response.status_code)).inc()
        metrics.HTTP_LATENCY.labels(runtime.name, request.method, route).observe(elapsed)
        headers["X-Correlation-ID"] = correlation_id()
        return response

    @app.teardown_request
    def _teardown(_exc: BaseException | None) -> None:
        token = g.pop("correlation_token", None)
        if token is not None:
            reset_correlation_id(token)

    @app.context_processor
    def _page_context() -> dict[str, Any]:
        account = current_account()
        if account is not None and account.scope.units is not None:
            unit_name = _("Phạm vi cấp tỉnh")
        else:
            # the person's unit, else the deployment's (a public page); named as the page's body names it
            unit = (account.scope.unit if account is not None else "") or runtime.settings.unit
            unit_name = ward_name(unit) if unit else _("Tiếp Dân")
        return {
            "account": account,
            "menu": menu_for(account) if account is not None else [],
            "unit_name": unit_name,
            "locale": _locale(),
            "role_labels": ROLE_LABELS,
            "audit_labels": AUDIT_LABELS,
        }

    @app.template_filter("local_time")
    def _local_time(value: Any) -> str:
        """dd/mm/yyyy HH:MM in the ward's time."""
        return str(format_datetime(value, "dd/MM/yyyy HH:mm"))

    @app.template_filter("decimal")
    def _decimal(value: Any) -> str:
        """A number in the page's language: 4,556 in Vietnamese."""
        return str(format_decimal(value, "#,##0.###"))


def _register_errors(app: Flask) -> None:
    messages = {
        400: lambda: _("Yêu cầu không hợp lệ."),
        403: lambda: _("Bạn không có quyền mở trang này."),
        404: lambda: _("Không tìm thấy trang."),
        405: lambda: _("Phương thức không được hỗ trợ."),
        413: lambda: _("Nội dung gửi lên quá lớn."),
        429: lambda: _("Quá nhiều lần thử. Vui lòng đợi một lúc rồi thử lại."),
    }

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> Any:
        if isinstance(session, ServerSession) and session.expired:
            return sign_in_redirect(expired=True)  # the form outlived its session: sign in, then back to its page
        message = _("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.")
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        status = exc.code or 500
        if request.path.startswith(("/api/", "/oauth/", "/.well-known/")):
            return problem_response(status, exc.description or "")
        message = messages.get(status, lambda: _("Đã có lỗi xảy ra."))()
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[str, int]:
        app.logger.exception("unexpected error")
        return render_template("error.html", status=500, message=_("Đã có lỗi xảy ra. Vui lòng thử lại sau.")), 500
