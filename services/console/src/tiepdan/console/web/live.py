"""The live pages: the alerts board (updated by Server-Sent Events), the police's view and the province's view.

Everything comes from the services' public APIs with the person's token: alerts (`/api/v1/alerts`, acknowledge,
resolve, `/api/v1/inbound-reports`), roster (`/api/v1/duty`) and reports (`/api/v1/figures`). What a role may not
see, the API does not return, so the pages never filter personal data themselves.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from ..adapters.services import ServiceUnavailable
from ..domain import access
from .context import console, current_account, person_token, roles_required, safe_next
from .forms import REQUIRED
from .labels import FIELD_LABELS, unit_names, ward_name
from .together import at_once

blueprint = Blueprint("live", __name__)

WARD_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
#: The API's page limit: the police's and the province's lists of crowds (groups today, per ward) read this many.
ALERTS_LIMIT = 500
#: Alerts on a page of the board.
PAGE_SIZE = 50
#: What the board and the province show: alerts still to act on; resolved ones, which pile up, are never counted.
ACTIVE = ("open", "acknowledged")
#: The board's order, one API list (newest first) a lane: most severe first, open before acknowledged.
LANES = tuple((severity, status) for severity in ("critical", "warning", "info") for status in ACTIVE)
#: Where a page starts: a lane and the API's `next_cursor` in it (none: the lane's start), as `lane:cursor`.
START_PATTERN = re.compile(r"(?P<lane>[0-9]):(?P<cursor>[A-Za-z0-9_-]{0,300})")
#: How often a stream asks the alerts API: an alert raised shows within this plus the worker's detection time.
POLL_S = 0.5
#: A stream holds one server thread (gunicorn gthread): it ends after this, and the browser's EventSource
#: reconnects within `retry` ms, re-checking the session. Kept under what is left of the person's token.
STREAM_S = 60.0
RECONNECT_MS = 500
#: A stream's token must outlive it by this much.
TOKEN_MARGIN_S = 10
KEEP_ALIVE_S = 15.0

#: What the list shows of an alert: a change to any of these is sent to the open boards.
SHOWN_KEYS = ("id", "status", "severity", "title", "headcount", "visit_count", "last_seen", "acknowledged_by")
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"critical": _l("Khẩn cấp"), "warning": _l("Cảnh báo"), "info": _l("Thông tin")}
STATUS_LABELS = {"open": _l("Đang mở"), "acknowledged": _l("Đã xác nhận"), "resolved": _l("Đã xử lý xong")}
KIND_LABELS = {
    "crowd": _l("Đông người"),
    "hotspot": _l("Điểm nóng"),
    "repeat": _l("Kéo dài, lặp lại"),
    "over_level": _l("Vượt cấp"),
    "party_personnel": _l("Nhân sự Đảng"),
    "overdue": _l("Quá hạn giải quyết"),
    "coverage_gap": _l("Thiếu người trực"),
    "calendar_missing": _l("Thiếu lịch ngày nghỉ"),
    "election_hold": _l("Tạm giữ trong bầu cử"),
    "enforcement_in_special_period": _l("Cưỡng chế trong thời gian đặc biệt"),
    "reception_scheduled": _l("Tiếp công dân đột xuất"),
    "response_task_overdue": _l("Nhiệm vụ quá hạn báo cáo"),
}
DUTY_LABELS = {
    "reception": _l("Tiếp công dân"),
    "leader_reception": _l("Lãnh đạo tiếp công dân"),
    "on_call": _l("Trực"),
}
#: Pages show dd/mm/yyyy; the ISO forms are taken too (a link or a script may use them).
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
DATETIME_FORMATS = ("%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")
LEVEL_LABELS = {"province": _l("Tỉnh"), "central": _l("Trung ương (Hà Nội)")}


@dataclass
class Board:
    """Active (open or acknowledged) alerts, most severe first; `problem` when the alerts API gave none."""

    alerts: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None
    #: Paged boards: the exact totals (`/counts`), this page's number and the starts of pages 2..this one.
    open_total: int = 0
    acknowledged_total: int = 0
    starts: list[str] = field(default_factory=list)
    next_start: str | None = None
    notice: str | None = None

    @property
    def page(self) -> int:
        return len(self.starts) + 1

    @property
    def pages(self) -> int:
        return max(1, math.ceil((self.open_total + self.acknowledged_total) / PAGE_SIZE))

    def page_query(self, starts: list[str], kept: Mapping[str, str] | None = None) -> str:
        """The address's query of the page starting at the last of `starts` (none: the first page), after what else
        the page's address keeps (the province's period)."""
        paging = {"trang": str(len(starts) + 1), "tu": ".".join(starts)} if starts else {}
        return query_of({**(kept or {}), **paging})

    def digest(self) -> str:
        """Changes when anything shown changes: a stream sends the list again only then."""
        shown = [[a.get(key) for key in SHOWN_KEYS] for a in self.alerts]
        totals = [self.open_total, self.acknowledged_total, self.page, self.next_start, self.notice]
        return hashlib.sha256(json.dumps([shown, totals, self.problem]).encode()).hexdigest()[:16]


def query_of(params: Mapping[str, str]) -> str:
    """`?a=1&b=2`, or nothing without params; dates (dd/mm/yyyy) and page starts (`lane:cursor`) stay readable."""
    return "?" + urlencode(params, safe=":/") if params else ""


def call(service: str, method: str, path: str, token: str, **kwargs: Any) -> tuple[int, Any] | None:
    """The API's (status, body), or None when the service does not answer."""
    try:
        answer = console().services.call(service, method, path, token, **kwargs)
    except ServiceUnavailable:
        return None
    return answer.status, answer.body


def load_board(token: str, kind: str | None = None) -> Board:
    """The active alerts (open and acknowledged), of one kind when given, most severe first."""
    board = Board()
    params: dict[str, Any] = {"limit": ALERTS_LIMIT} | ({"kind": kind} if kind else {})
    answers = at_once(
        *(
            partial(call, "alerts", "GET", "/api/v1/alerts", token, params={"status": status, **params})
            for status in ("open", "acknowledged")
        )
    )
    for answer in answers:
        if answer is None:
            return Board(problem=_("Hiện không kết nối được dịch vụ cảnh báo."))
        code, body = answer
        if code != 200 or not isinstance(body, dict):
            return Board(problem=_("Dịch vụ cảnh báo trả lời: %(problem)s", problem=_detail(body, code)))
        board.alerts += body.get("items") or []
    board.alerts.sort(key=lambda a: (SEVERITY_ORDER.get(a["severity"], 9), a["status"] != "open", _desc(a["id"])))
    return board


def _unreachable(answer: tuple[int, Any] | None) -> str | None:
    """The board's message when the alerts API gave no good answer."""
    if answer is None:
        return _("Hiện không kết nối được dịch vụ cảnh báo.")
    code, body = answer
    if code != 200 or not isinstance(body, dict):
        return _("Dịch vụ cảnh báo trả lời: %(problem)s", problem=_detail(body, code))
    return None


class NoSuchPage(Exception):
    """The address names no page of the board (or one that no longer exists): the first page is shown."""


def _starts(args: Any) -> list[str]:
    """The starts of pages 2..the one asked for (`tu`), checked against its number (`trang`)."""
    chain, number = args.get("tu") or "", args.get("trang") or "1"
    starts = chain.split(".") if chain else []
    if not number.isdigit() or int(number) != len(starts) + 1 or len(starts) > 1000:
        raise NoSuchPage
    for start in starts:
        found = START_PATTERN.fullmatch(start)
        if found is None or int(found["lane"]) >= len(LANES):
            raise NoSuchPage
    return starts


def _lane_read(token: str, lane: int, cursor: str | None, limit: int) -> tuple[int, Any] | None:
    severity, status = LANES[lane]
    params: dict[str, Any] = {"severity": severity, "status": status, "limit": limit}
    if cursor:
        params["cursor"] = cursor
    return call("alerts", "GET", "/api/v1/alerts", token, params=params)


def _counts(token: str, status: str, by: list[str]) -> tuple[int, Any] | None:
    return call("alerts", "GET", "/api/v1/alerts/counts", token, params={"status": status, "by": by})


def load_page(token: str, starts: list[str]) -> Board:
    """One page of the board: the counts per lane and the page's first lane are read at once; a page that crosses
    into the next lanes reads the first alerts of the next one holding any (as many as the page still lacks)."""
    found = START_PATTERN.fullmatch(starts[-1]) if starts else None
    lane, cursor = (int(found["lane"]), found["cursor"] or None) if found else (0, None)
    first, *counted = at_once(
        partial(_lane_read, token, lane, cursor, PAGE_SIZE),
        *(partial(_counts, token, status, ["severity"]) for status in ACTIVE),
    )
    in_lane: dict[tuple[str, str], int] = {}
    for status, answer in zip(ACTIVE, counted, strict=True):
        if (problem := _unreachable(answer)) is not None:
            return Board(problem=problem)
        assert answer is not None
        for group in answer[1].get("groups") or []:
            in_lane[(group["severity"], status)] = int(group.get("count") or 0)
    totals = [sum(n for (_, status), n in in_lane.items() if status == wanted) for wanted in ACTIVE]
    board = Board(open_total=totals[0], acknowledged_total=totals[1], starts=starts)
    refused = first is not None and first[0] == 422
    if starts and (refused or board.page > board.pages):
        raise NoSuchPage  # a cursor not the API's, or a page emptied since its link was made
    answer = first
    while True:
        if (problem := _unreachable(answer)) is not None:
            return Board(problem=problem)
        assert answer is not None
        board.alerts += answer[1].get("items") or []
        next_cursor = answer[1].get("next_cursor")
        if next_cursor:
            board.next_start = f"{lane}:{next_cursor}"
            break
        # Lanes the counts found empty are not read (an alert raised since shows at the next reading).
        later = [n for n in range(lane + 1, len(LANES)) if in_lane.get(LANES[n], 0)]
        if not later:
            break
        lane = later[0]
        if len(board.alerts) == PAGE_SIZE:
            board.next_start = f"{lane}:"
            break
        answer = _lane_read(token, lane, None, PAGE_SIZE - len(board.alerts))
    if board.page == board.pages:
        board.next_start = None
    return board


def paged_board(token: str, args: Any) -> Board:
    """The page the address names; a nonsense one gives the first page, saying so."""
    try:
        return load_page(token, _starts(args))
    except NoSuchPage:
        board = load_page(token, [])
        board.notice = _("Không có trang này; đang hiển thị trang đầu.")
        return board


def _desc(alert_id: str) -> list[int]:
    """Newest first among equals: ids are time-ordered (UUIDv7)."""
    return [-ord(c) for c in alert_id]


def _detail(body: Any, status: int) -> str:
    detail = body.get("detail") if isinstance(body, dict) else None
    return str(detail or status)


def local_time(text: str | None) -> str:
    if not text:
        return "—"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(WARD_TIME)
    return moment.strftime("%d/%m/%Y %H:%M")


def today() -> date:
    return datetime.now(WARD_TIME).date()


_ALERT_LABELS = {
    "severity_labels": SEVERITY_LABELS,
    "status_labels": STATUS_LABELS,
    "kind_labels": KIND_LABELS,
    "field_labels": FIELD_LABELS,
}


@blueprint.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        **_ALERT_LABELS,
        "duty_labels": DUTY_LABELS,
        "alert_time": local_time,
    }


def _list_context(board: Board, base: str, kept: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The list's context; its labels translated once here (they replace the lazy ones of `_labels`), not once per
    alert. `base` is the page's path and `kept` what else its address says (the province's period): the page links
    add their query to both, and acting on an alert comes back to the page shown."""
    account = current_account()
    assert account is not None
    return {
        **{name: {key: str(label) for key, label in labels.items()} for name, labels in _ALERT_LABELS.items()},
        "board": board,
        "base": base,
        "kept": dict(kept or {}),
        "back": base + board.page_query(board.starts, kept),
        "may_acknowledge": account.has_any(access.ALERTS_ACKNOWLEDGE),
        "may_resolve": account.has_any(access.ALERTS_RESOLVE),
        "show_cases": not account.has_any(access.ALERTS_WITHOUT_CASES),
    }


# ---- the alerts board ---------------------------------------------------------------------------------------


@blueprint.get("/alerts")
@roles_required(*access.ALERTS_READ)
def alerts_board() -> str:
    return render_template("live/alerts.html", **_list_context(paged_board(person_token(), request.args), "/alerts"))


@blueprint.get("/alerts/stream")
@roles_required(*access.ALERTS_READ)
def alerts_stream() -> Response:
    """`text/event-stream`: an `alerts` event carrying the list's HTML of the page the address names (`trang`,
    `tu`) whenever it changes, for at most STREAM_S. Each poll reads that page and the counts, never more."""
    token = person_token()
    shown = urlsplit(safe_next(request.args.get("back") or "/alerts"))
    base, kept = shown.path, {name: value for name, value in parse_qsl(shown.query) if name not in ("trang", "tu")}
    args = {name: request.args.get(name) for name in ("trang", "tu")}
    # what the browser shows: the page's list (`since`), or after a reconnection the last list this stream sent
    last_sent = request.headers.get("Last-Event-ID") or request.args.get("since")
    # a reused token may have only half its ttl left: its own exp says how long the stream may poll with it
    ends = time.monotonic() + min(STREAM_S, console().signer.seconds_left(token) - TOKEN_MARGIN_S)

    def events() -> Iterator[str]:
        nonlocal last_sent
        yield f"retry: {RECONNECT_MS}\n\n"
        quiet_since = time.monotonic()
        while time.monotonic() < ends:
            board = paged_board(token, args)
            digest = board.digest()
            if digest != last_sent:
                html = render_template("live/_alert_list.html", **_list_context(board, base, kept))
                data = "".join(f"data: {line}\n" for line in html.splitlines())
                yield f"id: {digest}\nevent: alerts\n{data}\n"
                last_sent, quiet_since = digest, time.monotonic()
            elif time.monotonic() - quiet_since > KEEP_ALIVE_S:
                yield ": keep-alive\n\n"  # proxies close a connection that says nothing for long
                quiet_since = time.monotonic()
            time.sleep(POLL_S)

    return Response(
        stream_with_context(events()),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])
    back = HiddenField()


@blueprint.post("/alerts/<alert_id>/<any(ack, resolve):action>")
@roles_required(*access.ALERTS_ACKNOWLEDGE)
def act_on_alert(alert_id: str, action: str) -> Any:
    form = NoteForm()
    back = safe_next(form.back.data or "/alerts")
    if not form.validate():
        flash(_("Ghi chú tối đa 2000 ký tự."), "error")
        return redirect(back)
    path = f"/api/v1/alerts/{alert_id}/{action}"
    answer = call("alerts", "POST", path, person_token(), body={"note": (form.note.data or "").strip() or None})
    if answer is None:
        flash(_("Hiện không kết nối được dịch vụ cảnh báo. Vui lòng thử lại."), "error")
        return redirect(back)
    status, body = answer
    if status == 404:
        abort(404)
    if status == 200:
        done = _("Đã xác nhận cảnh báo.") if action == "ack" else _("Đã đóng cảnh báo.")
        flash(done, "ok")
    else:
        flash(_("Không thực hiện được: %(problem)s", problem=_detail(body, status)), "error")
    return redirect(back)


# ---- the police's view --------------------------------------------------------------------------------------


@dataclass
class DutyNow:
    items: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None


def duty_now(token: str) -> DutyNow:
    answer = call("roster", "GET", "/api/v1/duty", token)
    if answer is None:
        return DutyNow(problem=_("Hiện không kết nối được dịch vụ lịch trực."))
    status, body = answer
    if status != 200 or not isinstance(body, dict):
        return DutyNow(problem=_("Dịch vụ lịch trực trả lời: %(problem)s", problem=_detail(body, status)))
    return DutyNow(sorted(body.get("items") or [], key=lambda d: (d.get("agency", ""), d.get("staff_name", ""))))


def groups_today(board: Board) -> list[dict[str, Any]]:
    """Crowds (groups of people) seen today: the crowd alerts whose last sighting is today, largest first."""
    day = today()
    found = []
    for alert in board.alerts:
        if alert["kind"] != "crowd":
            continue
        try:
            seen = datetime.fromisoformat(alert["last_seen"]).astimezone(WARD_TIME).date()
        except (TypeError, ValueError):
            continue
        if seen == day:
            found.append(alert)
    return sorted(found, key=lambda a: -int(a.get("headcount") or 0))


@blueprint.get("/police")
@roles_required(*access.POLICE_VIEW)
def police_view() -> str:
    token = person_token()
    board, page, duty = at_once(
        partial(load_board, token, kind="crowd"), partial(paged_board, token, request.args), partial(duty_now, token)
    )
    return render_template(
        "live/police.html",
        duty=duty,
        groups=groups_today(board),
        today=today(),
        **_list_context(page, "/police"),
    )


# ---- the province's view ------------------------------------------------------------------------------------


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class WardDateTimeField(DateTimeField):
    """Typed as text, dd/mm/yyyy HH:MM: a browser's own date-time picker shows its locale's order, not the ward's."""

    widget = TextInput()


class OverLevelForm(FlaskForm):
    unit = SelectField(_l("Phường"), validators=[DataRequired(REQUIRED)], choices=[])
    reported_at = WardDateTimeField(
        _l("Thời điểm phát hiện (ngày/tháng/năm giờ:phút)"),
        format=list(DATETIME_FORMATS),
        validators=[DataRequired(_l("Nhập ngày giờ, ví dụ 03/12/2026 08:30."))],
    )
    level = SelectField(_l("Cấp công dân đến"), choices=_choices(LEVEL_LABELS), validators=[DataRequired(REQUIRED)])
    place = StringField(_l("Nơi công dân đến"), validators=[DataRequired(REQUIRED), Length(max=500)])
    headcount = IntegerField(
        _l("Số người"),
        validators=[
            DataRequired(_l("Nhập số người từ 1.")),
            NumberRange(min=1, max=100_000, message=_l("Từ 1 đến 100000.")),
        ],
    )
    field = SelectField(_l("Lĩnh vực"), choices=_choices(FIELD_LABELS), validators=[DataRequired(REQUIRED)])
    area = StringField(_l("Địa bàn (tổ dân phố, khu vực)"), validators=[DataRequired(REQUIRED), Length(max=500)])
    subject = StringField(_l("Nội dung vụ việc"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    summary = TextAreaField(_l("Tóm tắt"), validators=[Optional(), Length(max=5000)])
    request_key = HiddenField()


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter: it changes nothing

    start = DateField(_l("Từ ngày"), format=list(DATE_FORMATS), validators=[Optional()])
    end = DateField(_l("Đến ngày"), format=list(DATE_FORMATS), validators=[Optional()])


@dataclass
class Ward:
    code: str
    name: str
    #: Its active (open or acknowledged) alerts, and of those the critical ones.
    active: int = 0
    critical: int = 0
    groups: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, Any] | None = None


@dataclass
class WardCounts:
    """Active alerts per ward and severity (alerts' exact counts); `problem` when the alerts API gave none."""

    by_unit: dict[str, dict[str, int]] = field(default_factory=dict)
    problem: str | None = None


def active_by_ward(token: str) -> WardCounts:
    answers = at_once(*(partial(_counts, token, status, ["unit", "severity"]) for status in ACTIVE))
    counts = WardCounts()
    for answer in answers:
        if (problem := _unreachable(answer)) is not None:
            return WardCounts(problem=problem)
        assert answer is not None
        for group in answer[1].get("groups") or []:
            by_severity = counts.by_unit.setdefault(str(group["unit"]), {})
            by_severity[group["severity"]] = by_severity.get(group["severity"], 0) + int(group.get("count") or 0)
    return counts


def wards_in_scope(extra: set[str]) -> list[str]:
    """The account's wards; with the whole province (`*`), every ward the console knows a name for or the APIs named."""
    account = current_account()
    assert account is not None
    scope = account.scope
    if scope.units is None:
        return [scope.unit] if scope.unit else []
    if scope.every_unit:
        return sorted(set(unit_names()) | extra)
    return list(scope.units)


@dataclass
class Figures:
    by_unit: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None


def figures_by_ward(token: str, start: date, end: date) -> Figures:
    params = {"from": start.isoformat(), "to": end.isoformat(), "by": "unit"}
    answer = call("reports", "GET", "/api/v1/figures", token, params=params)
    if answer is None:
        return Figures(problem=_("Hiện không kết nối được dịch vụ báo cáo."))
    status, body = answer
    if status != 200 or not isinstance(body, dict):
        return Figures(problem=_("Dịch vụ báo cáo trả lời: %(problem)s", problem=_detail(body, status)))
    return Figures({str(item["key"]): item for item in body.get("items") or []})


def _period_kept(form: PeriodForm, start: date, end: date, problem: str | None) -> dict[str, str]:
    """The period the person chose, for the page's links to keep; none when they chose none or one refused."""
    if problem or not (form.start.data or form.end.data):
        return {}
    return {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}


def _period(form: PeriodForm) -> tuple[date, date, str | None]:
    """This month so far by default; a nonsense or reversed period falls back to it, with a message."""
    default = (today().replace(day=1), today())
    if not form.validate():
        return *default, _("Khoảng thời gian không hợp lệ (ngày theo dạng ngày/tháng/năm); đang hiển thị tháng này.")
    start, end = form.start.data or default[0], form.end.data or default[1]
    if start > end or (end - start) > timedelta(days=366):
        return *default, _("Từ ngày phải trước đến ngày, trong vòng một năm; đang hiển thị tháng này.")
    return start, end, None


def _over_level_form(wards: list[str]) -> OverLevelForm:
    form = OverLevelForm()
    form.unit.choices = [SelectChoice(code, ward_name(code)) for code in wards]
    if not form.request_key.data:
        form.request_key.data = str(uuid.uuid4())
    if not form.is_submitted():
        form.reported_at.data = datetime.now(WARD_TIME).replace(tzinfo=None, second=0, microsecond=0)
    return form


def _province_page(form: OverLevelForm | None = None, status: int = 200) -> tuple[str, int]:
    token = person_token()
    period_form = PeriodForm(request.args)
    start, end, period_problem = _period(period_form)
    kept = _period_kept(period_form, start, end, period_problem)
    counts, crowds, page, figures, _names = at_once(
        partial(active_by_ward, token),
        partial(load_board, token, kind="crowd"),
        partial(paged_board, token, request.args),
        partial(figures_by_ward, token, start, end),
        unit_names,
    )
    codes = wards_in_scope(set(counts.by_unit) | {a["unit"] for a in crowds.alerts} | set(figures.by_unit))
    wards = {code: Ward(code, ward_name(code), figures=figures.by_unit.get(code)) for code in codes}
    for code, by_severity in counts.by_unit.items():
        if code in wards:
            wards[code].active = sum(by_severity.values())
            wards[code].critical = by_severity.get("critical", 0)
    for alert in crowds.alerts:
        if alert["unit"] in wards:
            wards[alert["unit"]].groups.append(alert)
    page = render_template(
        "live/province.html",
        wards=list(wards.values()),
        alerts_problem=counts.problem or crowds.problem,
        figures=figures,
        period_form=period_form,
        period=(start, end),
        period_problem=period_problem,
        form=form or _over_level_form(codes),
        period_query=query_of(kept),
        **_list_context(page, "/province", kept),
    )
    return page, status


@blueprint.get("/province")
@roles_required(*access.PROVINCE_VIEW)
def province_view() -> tuple[str, int]:
    return _province_page()


@blueprint.post("/province/over-level")
@roles_required(*access.PROVINCE_VIEW)
def file_over_level() -> Any:
    form = _over_level_form(wards_in_scope(set()))
    period_form = PeriodForm(request.args)
    if not form.validate():
        return _province_page(form, 422)
    moment = form.reported_at.data
    assert moment is not None
    body = {
        "unit": form.unit.data,
        "reported_at": moment.replace(tzinfo=WARD_TIME).isoformat(),
        "level": form.level.data,
        "place": form.place.data,
        "headcount": form.headcount.data,
        "area": form.area.data,
        "field": form.field.data,
        "subject": form.subject.data,
        "summary": form.summary.data or None,
    }
    headers = {"Idempotency-Key": f"console-over-level-{form.request_key.data}"[:200]}
    answer = call("alerts", "POST", "/api/v1/inbound-reports", person_token(), body=body, headers=headers)
    if answer is None:
        form.form_errors.append(_("Hiện không kết nối được dịch vụ cảnh báo. Báo cáo chưa được gửi; vui lòng thử lại."))
        return _province_page(form, 503)
    status, answer_body = answer
    if status == 202:
        flash(_("Đã gửi báo cáo vượt cấp cho %(ward)s.", ward=ward_name(str(form.unit.data))), "ok")
        return redirect("/province" + query_of(_period_kept(period_form, *_period(period_form))))
    errors = answer_body.get("errors") if isinstance(answer_body, dict) else None
    for name, messages in (errors or {}).items():
        target = getattr(form, name, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = list(target.errors) + list(messages)
    form.form_errors.append(_("Không gửi được báo cáo: %(problem)s", problem=_detail(answer_body, status)))
    return _province_page(form, 422 if status in (400, 409, 422) else status)
