"""The public pages, no sign-in: `/tra-cuu` (a case's status by receipt code, through intake's public lookup) and
`/thong-tin` (citizens' rights and duties, the three laws, the leaders' reception days, the office, the news)."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, current_app, make_response, render_template, request
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from werkzeug.wrappers import Response

from tiepdan.kit.db import utcnow

from ..adapters.services import ServiceUnavailable
from ..service import news
from ..service.public_info import Schedule, TimedCache, leader_reception, lookup_case, service_token
from ..service.unit_of_work import console_work
from .context import console
from .public_texts import LAWS, TOPICS

blueprint = Blueprint("public", __name__)
WARD_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
#: how long a browser or proxy may keep /thong-tin (the server keeps its parts for `public_cache_s`)
PAGE_MAX_AGE_S = 300
WEEKDAY_NAMES = (_l("Thứ Hai"), _l("Thứ Ba"), _l("Thứ Tư"), _l("Thứ Năm"), _l("Thứ Sáu"), _l("Thứ Bảy"), _l("Chủ nhật"))


def register(app: Flask, limiter: Limiter) -> None:
    """The blueprint, with the per-address limit on lookups (opening the empty form is free)."""
    app.register_blueprint(blueprint)
    endpoint = f"{blueprint.name}.{lookup.__name__}"
    rate = app.extensions["tiepdan_console"].config.lookup_rate
    limited: Any = limiter.limit(rate, exempt_when=lambda: not request.args.get("ma"))(app.view_functions[endpoint])
    app.view_functions[endpoint] = limited
    app.extensions["tiepdan_public_cache"] = TimedCache[Any](app.extensions["tiepdan_console"].config.public_cache_s)
    app.add_template_filter(_local_day, "local_day")


def _local_day(value: Any) -> str:
    """dd/mm/yyyy of a moment, in the ward's time."""
    return str(format_datetime(value, "dd/MM/yyyy"))


@blueprint.get("/tra-cuu")
def lookup() -> Any:
    code = (request.args.get("ma") or "").strip()
    found, unavailable, status = None, False, 200
    if code:
        try:
            found = lookup_case(console().services, code)
        except ServiceUnavailable:
            unavailable, status = True, 503
        else:
            status = 429 if found.busy else 404 if found.unknown else 200
    elif "ma" in request.args:
        status = 422
    return render_template("public/lookup.html", code=code, found=found, unavailable=unavailable), status


def _ward_today() -> date:
    return utcnow().astimezone(WARD_TZ).date()


@blueprint.get("/thong-tin")
def information() -> Response:
    ctx = console()
    unit = ctx.runtime.settings.unit
    cache = public_cache()
    today = _ward_today()

    def schedule() -> Schedule:
        return leader_reception(ctx.services, service_token(ctx.signer, unit), today)

    page = render_template(
        "public/information.html",
        topics=TOPICS,
        laws=LAWS,
        schedule=cache.get(f"schedule:{unit}:{today}", schedule),
        news=cache.get(f"news:{unit}", lambda: news.published(console_work(ctx.runtime), unit)),
        office_address=ctx.config.office_address,
        office_hours=ctx.config.office_hours,
        weekday_names=WEEKDAY_NAMES,
    )
    response = make_response(page)
    response.headers["Cache-Control"] = f"public, max-age={PAGE_MAX_AGE_S}"
    response.headers["Vary"] = "Cookie"
    return response


def public_cache() -> TimedCache[Any]:
    found: TimedCache[Any] = current_app.extensions["tiepdan_public_cache"]
    return found


def forget_news(unit: str) -> None:
    """A leader's change shows on the public page at once in this process (others within `public_cache_s`)."""
    public_cache().drop(f"news:{unit}")
