"""The home page: who is signed in, and the day's situation read from the services' APIs."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template

from ..adapters.services import ServiceUnavailable
from ..domain import access
from .context import console, current_account, login_required, person_token
from .leader_day import leader_day
from .together import at_once

blueprint = Blueprint("home", __name__)


@dataclass(frozen=True)
class OpenAlerts:
    """`count` is None when the alerts service did not answer."""

    count: int | None
    problem: str | None = None


def open_alerts() -> OpenAlerts:
    try:
        answer = console().services.call(
            "alerts", "GET", "/api/v1/alerts/counts", person_token(), params={"status": "open"}
        )
    except ServiceUnavailable:
        return OpenAlerts(None)
    if answer.status != 200 or not isinstance(answer.body, dict):
        detail = answer.body.get("detail") if isinstance(answer.body, dict) else None
        return OpenAlerts(None, problem=str(detail or answer.status))
    return OpenAlerts(int(answer.body.get("total") or 0))


@blueprint.get("/")
@login_required
def index() -> str:
    account = current_account()
    assert account is not None
    alerts, day = at_once(
        open_alerts if account.has_any(access.ALERTS_READ) else lambda: None,
        leader_day if account.has_any(access.LEADER_DAY) else lambda: None,
    )
    return render_template("home.html", alerts=alerts, leader=day)
