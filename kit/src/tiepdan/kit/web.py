"""The Flask app factory every service uses: problem+json errors, auth, body limits, metrics, health, OpenAPI."""

from __future__ import annotations

import contextlib
import time
from typing import Any, TypeVar, overload

import orjson
import swagger_ui_bundle
from flask import Flask, Response, current_app, g, request, send_from_directory
from flask.json.provider import DefaultJSONProvider

from . import metrics
from .asyncapi import build_document
from .auth import TokenVerifier, authenticate, current_principal, is_public
from .db import UnitScope
from .errors import Problem, problem_response, register_error_handlers
from .logs import configure_logging, correlation_id, reset_correlation_id, set_correlation_id
from .openapi import ErrorAnswers, ServiceApi
from .service import Runtime
from .uow import UnitOfWork

API_PREFIX = "/api/"
JSON_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class FastJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing the compact responses (several times faster), to the
    same rules: Flask's own conversions (dates as HTTP dates, dataclasses, decimals), keys sorted if set, non-ASCII
    kept. Indented output and whatever orjson refuses (non-string keys, say) go to Flask's own encoder."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs != {"separators": (",", ":")} or self.ensure_ascii:
            return super().dumps(obj, **kwargs)
        option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
        if self.sort_keys:
            option |= orjson.OPT_SORT_KEYS
        try:
            return orjson.dumps(obj, default=self.default, option=option).decode()
        except TypeError:
            return super().dumps(obj, **kwargs)


def create_service_app(runtime: Runtime) -> Flask:
    spec, settings = runtime.spec, runtime.settings
    configure_logging(settings.log_level, spec.name)
    app = Flask(f"tiepdan.{spec.name}")
    app.json = FastJSONProvider(app)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE=spec.title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL="/docs/static/",
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
            "security": [{"bearer": []}],
        },
        JSON_SORT_KEYS=False,
    )
    app.json.ensure_ascii = False
    app.extensions["tiepdan"] = runtime
    verifier = TokenVerifier(settings)
    api = ServiceApi(app, spec_kwargs={"extra_plugins": [ErrorAnswers(app, API_PREFIX)]})
    spec.register_api(api)
    register_error_handlers(app)
    _register_hooks(app, runtime, verifier)
    register_operational_routes(app, runtime)

    @app.get("/docs/static/<path:filename>")
    def swagger_static(filename: str) -> Response:
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    events_document = build_document([runtime.spec], f"{runtime.spec.title}: events")

    @app.get("/asyncapi.json")
    def asyncapi() -> dict[str, Any]:
        """The messages this service publishes and consumes (AsyncAPI 3.0); needs no token, like openapi.json."""
        return events_document

    return app


def _register_hooks(app: Flask, runtime: Runtime, verifier: TokenVerifier) -> None:
    service = runtime.name

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()
        g.correlation_token = set_correlation_id(request.headers.get("X-Correlation-ID"))
        if request.method in JSON_BODY_METHODS and _has_body() and request.mimetype != "application/json":
            raise Problem(415, "Nội dung phải là application/json (UTF-8).")
        if request.path.startswith(API_PREFIX) and not is_public(
            app.view_functions.get(request.endpoint or ""), request.method
        ):
            authenticate(verifier)

    @app.after_request
    def _finish(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        metrics.HTTP_REQUESTS.labels(service, request.method, route, str(response.status_code)).inc()
        metrics.HTTP_LATENCY.labels(service, request.method, route).observe(elapsed)
        response.headers["X-Correlation-ID"] = correlation_id()
        return response

    @app.teardown_request
    def _teardown(_exc: BaseException | None) -> None:
        token = g.pop("correlation_token", None)
        if token is not None:
            reset_correlation_id(token)


def _has_body() -> bool:
    return bool(request.content_length) or request.headers.get("Transfer-Encoding", "").lower() == "chunked"


def register_operational_routes(app: Flask, runtime: Runtime) -> None:
    """`/healthz` (alive), `/readyz` (database reachable), `/metrics` (every service, the console too)."""

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "service": runtime.name}

    @app.get("/readyz")
    def readyz() -> Any:
        problems = runtime.readiness_problems(broker=False)
        if problems:
            return problem_response(503, "; ".join(problems))
        return {"status": "ready", "service": runtime.name}

    @app.get("/metrics")
    def metrics_view() -> Response:
        with contextlib.suppress(Exception):  # the exposition must still answer while the database is down
            runtime.relay.observe()
        body, content_type = metrics.exposition()
        return Response(body, mimetype=content_type.split(";")[0], content_type=content_type)


def current_runtime() -> Runtime:
    runtime: Runtime = current_app.extensions["tiepdan"]
    return runtime


def caller_scope() -> UnitScope:
    """The caller's units for reads and the unit their new records belong to."""
    principal = current_principal()
    return UnitScope(units=principal.units, write_unit=principal.home_unit)


W = TypeVar("W", bound=UnitOfWork)


@overload
def request_uow() -> UnitOfWork: ...
@overload
def request_uow(kind: type[W]) -> W: ...
def request_uow(kind: type[UnitOfWork] = UnitOfWork) -> UnitOfWork:
    """The service's unit of work scoped to the caller's units: `with request_uow() as uow: ...`. A service asks
    for its own class (`ServiceSpec.unit_of_work`) to have it typed; another class is a programming error."""
    uow = current_runtime().uow(caller_scope())
    if not isinstance(uow, kind):
        raise TypeError(f"the service's unit of work is a {type(uow).__name__}, not a {kind.__name__}")
    return uow
