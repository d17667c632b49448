"""The case pages, the deadline board and the leader's home, on intake, roster, alerts and reports served for real
(tokens verified against the console's JWKS over a socket)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

import pytest
import requests
from conftest import LiveServer, Ward
from console_support import add_account, clear_rate_limits, csrf_from, fresh_unit, sign_in
from flask.testing import FlaskClient

from tiepdan.alerts.app import SERVICE as ALERTS
from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.console.config import ConsoleConfig
from tiepdan.console.service.tokens import TokenSigner
from tiepdan.console.web import cases
from tiepdan.console.web.app import create_console_app
from tiepdan.console.web.case_reading import WARD_TZ
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import unused_port
from tiepdan.reports.app import SERVICE as REPORTS
from tiepdan.roster.app import SERVICE as ROSTER
from tiepdan.roster.service.solving import solve_pending

CITIZEN = {"full_name": "Trần Văn Bình", "id_number": "001090012345", "id_type": "cccd", "phone": "0912345678"}


def api(live: Ward, method: str, path: str, role: str, body: Any = None) -> requests.Response:
    """A service's API called as a person of `role` in the ward, with a token signed by the console."""
    signer = TokenSigner.for_runtime(live.platform.runtimes["console"])
    claims = {"sub": "desk", "name": "Bàn tiếp", "roles": [role], "unit": live.unit}
    headers = {"Authorization": f"Bearer {signer.sign(claims, 300, 'person')}"}
    return requests.request(method, f"{live.base}{path}", json=body, headers=headers, timeout=60)


def register_visit(live: Ward, **content: Any) -> dict[str, Any]:
    """A visit registered at intake's API, as the desk does."""
    body = {
        "kind": "complaint",
        "field": "land",
        "subject": "Tranh chấp ranh giới đất",
        "area": "Tổ 5",
        "reception": "regular",
        "citizens": [CITIZEN],
        **content,
    }
    answer = api(live, "POST", "/api/v1/visits", "clerk", body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


SERVICES = (INTAKE, ROSTER, ALERTS, REPORTS, CONSOLE)


def open_ward(live: LiveServer, unit: str) -> Ward:
    """The ward's clerk `lan`, leader `hung` and police `an`, and `khac`, a leader of another ward."""
    ward = Ward(live.base, live.platform, unit, suffix=f"-{unit}")
    runtime = live.platform.runtimes["console"]
    add_account(runtime, ward.username("lan"), ("clerk",), unit=unit)
    add_account(runtime, ward.username("hung"), ("leader",), unit=unit)
    add_account(runtime, ward.username("khac"), ("leader",), unit="phuong-khac")
    add_account(runtime, ward.username("an"), ("police",), unit=unit)
    clear_rate_limits(live.platform.apps["console"])
    return ward


@pytest.fixture(scope="module")
def ward_platform(serve_module_platform: Callable[..., LiveServer]) -> LiveServer:
    return serve_module_platform(*SERVICES)


@pytest.fixture
def ward(ward_platform: LiveServer) -> Ward:
    """A ward of its own on the module's platform: the cases, rosters and figures a test sees are the ones it made."""
    return open_ward(ward_platform, fresh_unit())


def client_for(live: Ward, username: str) -> FlaskClient:
    client = live.platform.apps["console"].test_client()
    sign_in(client, live.username(username))
    return client


def page_text(client: FlaskClient, path: str, status: int = 200) -> str:
    answer = client.get(path)
    assert answer.status_code == status, answer.get_data(as_text=True)[:2000]
    return answer.get_data(as_text=True)


def act(client: FlaskClient, case_id: str, action: str, **fields: Any) -> Any:
    token = csrf_from(client.get(f"/cases/{case_id}"))
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(f"/cases/{case_id}/actions/{action}", data={**data, f"{action}-csrf_token": token})


def test_the_list_shows_the_cases_filters_them_and_pages(ward: Ward, monkeypatch: pytest.MonkeyPatch) -> None:
    land = register_visit(ward)
    register_visit(ward, kind="recommendation", field="environment", subject="Khói bụi xưởng gỗ", area="Tổ 2")
    register_visit(ward, kind="feedback", field="housing", subject="Nước tràn vào nhà", area="Tổ 7")
    lan = client_for(ward, "lan")
    everything = page_text(lan, "/cases")
    assert f'id="case-{land["case_id"]}"' in everything
    assert "Khói bụi xưởng gỗ" in everything
    assert "Nước tràn vào nhà" in everything
    assert "Xử lý đơn: " in everything  # the nearest running deadline
    only_land = page_text(lan, "/cases?kind=complaint&field=land&status=received&overdue=false")
    assert "Tranh chấp ranh giới đất" in only_land
    assert "Khói bụi xưởng gỗ" not in only_land
    assert page_text(lan, "/cases?area=T%E1%BB%95+2").count('class="case-link"') == 1

    monkeypatch.setattr(cases, "LIST_LIMIT", 2)
    first = page_text(lan, "/cases")
    assert first.count('class="case-link"') == 2
    next_link = re.search(r'href="(/cases\?cursor=[^"]+)" id="next-page"', first)
    assert next_link, "no link to the next page"
    second = page_text(lan, next_link.group(1).replace("&amp;", "&"))
    assert second.count('class="case-link"') == 1
    assert 'id="first-page"' in second
    assert "Tranh chấp ranh giới đất" in second  # newest first: the first registered is last


def test_nonsense_filters_give_the_page_with_a_message(ward: Ward) -> None:
    register_visit(ward)
    lan = client_for(ward, "lan")
    page = page_text(lan, "/cases?kind=ghost&overdue=maybe&status=%00&area=" + "x" * 300)
    assert 'id="filters-refused"' in page
    for name in ("Loại đơn", "Quá hạn", "Trạng thái", "Địa bàn"):
        assert name in page.split('id="filters-refused"')[1].split("</p>")[0]
    assert "Tranh chấp ranh giới đất" in page  # the refused filters are left out, the list is shown
    cursor = page_text(lan, "/cases?cursor=not-a-cursor")
    assert 'id="cases-problem"' in cursor
    assert "con trỏ" in cursor.lower()


def test_the_case_page_shows_deadlines_in_working_days_history_and_visits(ward: Ward) -> None:
    created = register_visit(ward)
    page = page_text(client_for(ward, "lan"), f"/cases/{created['case_id']}")
    deadline = page.split('id="deadline-reply_due"')[1].split("</tr>")[0]
    assert "ngày làm việc" in deadline or "Đến hạn hôm nay" in deadline or "Quá hạn" in deadline
    assert "Điều" in deadline or "Luật" in deadline  # its legal basis
    day = created["reply_due"]
    assert f"{day[8:10]}/{day[5:7]}/{day[0:4]}" in deadline
    assert 'id="case-history"' in page
    assert 'id="case-visits"' in page
    assert "Trần Văn Bình" in page  # a complaint: the clerk sees who came


def test_a_clerk_is_not_offered_the_leaders_decisions_and_the_api_refuses_them(ward: Ward) -> None:
    case_id = register_visit(ward)["case_id"]
    lan = client_for(ward, "lan")
    assert act(lan, case_id, "accept").status_code == 302
    clerk_page = page_text(lan, f"/cases/{case_id}")
    assert "Đang giải quyết" in clerk_page
    assert 'id="action-transfer"' in clerk_page
    assert 'id="action-notify"' not in clerk_page  # only a denunciation owes the denouncer a notice
    assert 'id="action-flag_false_name"' not in clerk_page  # only a denunciation can use a false name
    for decision in ("extend", "suspend", "resolve"):
        assert f'id="action-{decision}"' not in clerk_page
    leader_page = page_text(client_for(ward, "hung"), f"/cases/{case_id}")
    for decision in ("extend", "suspend", "resolve"):
        assert f'id="action-{decision}"' in leader_page
    refused = act(lan, case_id, "extend", reason="Vụ việc phức tạp")
    assert refused.status_code == 403
    assert 'id="form-errors"' in refused.get_data(as_text=True)


def test_the_leader_acts_and_the_apis_errors_sit_next_to_their_fields(ward: Ward) -> None:
    case_id = register_visit(ward)["case_id"]
    hung = client_for(ward, "hung")
    missing = act(hung, case_id, "transfer", to_agency="")
    assert missing.status_code == 422
    assert 'id="transfer-to_agency-errors"' in missing.get_data(as_text=True)
    not_a_number = act(hung, case_id, "withdraw", persons="hai")
    assert not_a_number.status_code == 422
    assert "Nhập một số nguyên dương." in not_a_number.get_data(as_text=True).split('id="withdraw-persons-errors"')[1]
    too_long = act(hung, case_id, "guide", reason="x" * 2001)
    assert "Tối đa 2000 ký tự." in too_long.get_data(as_text=True).split('id="guide-reason-errors"')[1]
    assert act(hung, case_id, "accept", complex="y").status_code == 302
    accepted = page_text(hung, f"/cases/{case_id}")
    assert "Đã ghi nhận: Thụ lý" in accepted
    assert 'id="deadline-resolve_by"' in accepted
    assert "Phức tạp" in accepted
    answer = act(hung, case_id, "resolve", decision_no="")  # a complaint's decision needs its number: the API says so
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    errors = page.split('id="resolve-decision_no-errors"')[1].split("</ul>")[0]
    assert "aria-invalid" in page
    assert errors.strip()
    assert 'id="action-resolve" open' in page
    assert act(hung, case_id, "resolve", decision_no="15/QĐ-UBND").status_code == 302
    assert "Đã giải quyết" in page_text(hung, f"/cases/{case_id}")


def test_a_denouncers_identity_shows_only_where_the_api_shows_it(ward: Ward) -> None:
    case_id = register_visit(ward, kind="denunciation", field="official_conduct", subject="Cán bộ nhận tiền")["case_id"]
    clerk_page = page_text(client_for(ward, "lan"), f"/cases/{case_id}")
    assert "Trần Văn Bình" not in clerk_page
    assert "0912345678" not in clerk_page
    assert "[đã ẩn]" in clerk_page
    assert 'id="identity-redacted"' in clerk_page
    leader_page = page_text(client_for(ward, "hung"), f"/cases/{case_id}")
    assert "Trần Văn Bình" in leader_page
    assert 'id="action-flag_false_name"' in leader_page


def test_a_case_of_another_unit_answers_404_and_other_roles_403(ward: Ward) -> None:
    case_id = register_visit(ward)["case_id"]
    assert client_for(ward, "khac").get(f"/cases/{case_id}").status_code == 404
    assert client_for(ward, "lan").get("/cases/no-such-case").status_code == 404
    police = client_for(ward, "an")
    for path in ("/cases", f"/cases/{case_id}", "/deadlines"):
        assert police.get(path).status_code == 403


def received_days_ago(days: int) -> str:
    return (datetime.now(WARD_TZ) - timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0).isoformat()


def test_the_deadline_board_lists_what_falls_due_by_officer_and_kind(ward: Ward) -> None:
    late = register_visit(ward, received_at=received_days_ago(40))
    register_visit(ward, kind="recommendation", field="environment", subject="Khói bụi xưởng gỗ", area="Tổ 2")
    hung = client_for(ward, "hung")
    board = page_text(hung, "/deadlines")
    overdue = board.split('id="due-overdue"')[1].split("</section>")[0]
    assert f"/cases/{late['case_id']}" in overdue
    assert "Quá hạn" in overdue
    assert "Bàn tiếp" in overdue
    assert "Khói bụi xưởng gỗ" not in overdue  # due in two weeks: not on this week's board
    by_officer = board.split('id="by-officer"')[1].split("</section>")[0]
    assert "Bàn tiếp" in by_officer
    assert "Khiếu nại" in board.split('id="by-kind"')[1].split("</section>")[0]
    assert "cases.css" in board
    css = hung.get("/static/cases.css").get_data(as_text=True)
    assert "@media print" in css


def test_the_board_puts_a_reply_due_this_week_under_today_or_the_week(ward: Ward) -> None:
    today = datetime.now(WARD_TZ).date()
    week_end = today + timedelta(days=6 - today.weekday())
    calendar = WorkingCalendar.default()
    ago = next(
        (n for n in range(1, 30) if today <= calendar.add_working_days(today - timedelta(days=n), 10) <= week_end),
        None,
    )
    if ago is None:
        pytest.skip("no working day is left this week for a deadline to fall on")
    due = register_visit(ward, received_at=received_days_ago(ago), subject="Cống thoát nước tắc")
    board = page_text(client_for(ward, "hung"), "/deadlines")
    case = api(ward, "GET", f"/api/v1/cases/{due['case_id']}", "leader").json()
    earliest = min(case["deadlines"][name]["date"] for name in case["running_deadlines"])
    assert earliest <= due["reply_due"]
    section = (
        "due-overdue" if earliest < today.isoformat() else "due-today" if earliest == today.isoformat() else "due-week"
    )
    listed = board.split(f'id="{section}"')[1].split("</section>")[0]  # a case sits under its earliest deadline
    assert "Cống thoát nước tắc" in listed
    assert "Trả lời công dân" in listed  # the reply due this week, there or beside it


def test_the_leaders_home_shows_the_day(ward: Ward) -> None:
    register_visit(ward, headcount=8, citizens=[{**CITIZEN, "representative": True}], subject="Đoàn hộ dân Tổ 9")
    register_visit(ward, received_at=received_days_ago(40), subject="Lấn chiếm lối đi chung")
    home = page_text(client_for(ward, "hung"), "/")
    assert 'id="leader-day"' in home
    assert re.search(r'id="today-visits">1<', home)
    assert re.search(r'id="today-groups">1<', home)
    assert "Đoàn hộ dân Tổ 9" in home.split('id="today-group-list"')[1]
    assert 'id="no-critical-alerts"' in home
    assert 'id="nobody-on-duty"' in home
    assert 'id="next-leader-reception"' in home
    assert 'id="yesterday-visits">0<' in home
    assert 'id="leader-due-soon"' in home
    assert "Lấn chiếm lối đi chung" in home.split('id="leader-overdue"')[1].split("</section>")[0]
    assert 'id="leader-day"' not in page_text(client_for(ward, "lan"), "/")


def test_services_down_give_clear_messages(runtime: Runtime) -> None:
    add_account(runtime, "hung", ("leader",))
    down = f"http://127.0.0.1:{unused_port()}"
    app = create_console_app(runtime, ConsoleConfig(api_timeout_s=1.0, api_url=down))
    client = app.test_client()
    sign_in(client, "hung")
    listing = page_text(client, "/cases")
    assert 'id="intake-unavailable"' in listing
    assert client.get("/cases/abc").status_code == 503
    assert client.get("/deadlines").status_code == 503
    home = page_text(client, "/")
    for part in ("receptions-unavailable", "critical-alerts-unavailable", "duty-unavailable", "yesterday-unavailable"):
        assert f'id="{part}"' in home


def test_the_pages_read_in_english(ward: Ward) -> None:
    case_id = register_visit(ward)["case_id"]
    hung = client_for(ward, "hung")
    hung.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf_from(hung.get("/"))})
    assert "Receptions today" in page_text(hung, "/")
    assert "Filter the cases" in page_text(hung, "/cases?kind=ghost")
    case_page = page_text(hung, f"/cases/{case_id}")
    assert "Legal basis" in case_page
    assert "working days left" in case_page
    assert "Deadline board" in page_text(hung, "/deadlines")


def test_the_leaders_home_shows_who_is_on_duty_and_the_next_leader_reception(ward: Ward) -> None:
    staff = json.loads((resources.files("tiepdan.roster") / "data" / "ward-staff.json").read_text(encoding="utf-8"))
    assert api(ward, "POST", "/api/v1/staff/import", "scheduler", staff).status_code == 200
    today = datetime.now(WARD_TZ).date()
    period = {"start": today.isoformat(), "end": (today + timedelta(days=6)).isoformat(), "time_limit_s": 3}
    accepted = api(ward, "POST", "/api/v1/rosters", "scheduler", period)
    assert accepted.status_code == 202, accepted.text
    assert solve_pending(ward.platform.runtimes["roster"]) == 1
    roster_id = accepted.json()["id"]
    assert api(ward, "POST", f"/api/v1/rosters/{roster_id}/publish", "leader").status_code == 200
    roster = api(ward, "GET", f"/api/v1/rosters/{roster_id}", "leader").json()
    first_reception = min(a["date"] for a in roster["assignments"] if a["duty"] == "leader_reception")

    home = page_text(client_for(ward, "hung"), "/")
    on_duty = api(ward, "GET", "/api/v1/duty", "leader").json()["items"]
    duty_part = home.split('id="leader-on-duty"')[1].split("</section>")[0]
    for person in on_duty:
        assert person["staff_name"] in duty_part
    if not on_duty:
        assert 'id="nobody-on-duty"' in duty_part
    day = f"{first_reception[8:10]}/{first_reception[5:7]}/{first_reception[0:4]}"
    assert f'id="next-leader-reception">{day}<' in duty_part


def test_the_leaders_home_lists_an_open_critical_alert(serve_platform: Callable[..., LiveServer]) -> None:
    # a platform of its own: its worker runs, and would solve the other tests' rosters before they do
    ward = open_ward(serve_platform(*SERVICES), "bach-quang")
    ward.platform.worker.start()  # the in-process bus carries the visit to alerts
    group = [{**CITIZEN, "representative": True}]
    register_visit(ward, headcount=25, citizens=group, subject="Đoàn 25 hộ dân phản đối thu hồi đất", area="Tổ 11")
    deadline = time.monotonic() + 20
    critical: list[dict[str, Any]] = []
    while not critical and time.monotonic() < deadline:
        answer = api(ward, "GET", "/api/v1/alerts?status=open&severity=critical", "leader")
        critical = answer.json().get("items") or []
        time.sleep(0.2)
    assert critical, "alerts raised no critical alert for a group of 25"
    part = page_text(client_for(ward, "hung"), "/").split('id="leader-critical-alerts"')[1].split("</section>")[0]
    assert critical[0]["title"] in part
    assert "Tổ 11" in part


def test_the_list_filters_by_group_complex_days_received_and_a_citizen(ward: Ward) -> None:
    group = register_visit(ward, headcount=12, citizens=[{**CITIZEN, "representative": True}], subject="Đoàn Tổ 9")
    other = {"full_name": "Lê Thị Hạnh", "id_number": "001190000777", "id_type": "cccd", "phone": "0987000111"}
    single = register_visit(ward, citizens=[other], subject="Ngõ 4 ngập nước", received_at=received_days_ago(20))
    hung = client_for(ward, "hung")
    assert act(hung, single["case_id"], "accept", complex="y").status_code == 302
    assert page_text(hung, "/cases?group=true").count('class="case-link"') == 1
    assert "Đoàn Tổ 9" in page_text(hung, "/cases?group=true")
    complex_only = page_text(hung, "/cases?complex=true")
    assert "Ngõ 4 ngập nước" in complex_only
    assert "Đoàn Tổ 9" not in complex_only
    today = datetime.now(WARD_TZ).date()
    recent = page_text(hung, f"/cases?received_from={(today - timedelta(days=3)).strftime('%d/%m/%Y')}")
    assert "Đoàn Tổ 9" in recent
    assert "Ngõ 4 ngập nước" not in recent
    found = page_text(hung, "/cases?citizen=le+thi+hanh")
    assert f'id="case-{single["case_id"]}"' in found
    assert f'id="case-{group["case_id"]}"' not in found
    for name in ("group", "complex", "received_from", "received_to", "citizen"):
        assert f'id="filter-{name}"' in found


def test_nonsense_dates_and_reversed_days_give_the_list_with_a_message(ward: Ward) -> None:
    register_visit(ward)
    lan = client_for(ward, "lan")
    page = page_text(lan, "/cases?received_from=31/02/2026&received_to=hôm-qua&group=perhaps&complex=2")
    refused = page.split('id="filters-refused"')[1].split("</p>")[0]
    for name in ("Nhận từ ngày", "Nhận đến ngày", "Đoàn đông người", "Vụ việc phức tạp"):
        assert name in refused
    assert "Tranh chấp ranh giới đất" in page
    reversed_days = page_text(lan, "/cases?received_from=2026-03-01&received_to=2026-02-01")
    assert "Nhận đến ngày" in reversed_days.split('id="cases-problem"')[1].split("</p>")[0]


def test_the_buttons_are_the_actions_intake_says_this_person_may_take(ward: Ward) -> None:
    case_id = register_visit(ward)["case_id"]
    for username, role in (("lan", "clerk"), ("hung", "leader")):
        allowed = api(ward, "GET", f"/api/v1/cases/{case_id}", role).json()["actions"]
        page = page_text(client_for(ward, username), f"/cases/{case_id}")
        shown = re.findall(r'id="action-([a-z_]+)"', page)
        assert sorted(shown) == sorted(allowed), username


def test_the_board_pages_each_part_and_a_nonsense_cursor_is_a_message(
    ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        register_visit(ward, received_at=received_days_ago(40 + n), subject=f"Quá hạn số {n}")
    monkeypatch.setattr(cases, "BOARD_LIMIT", 2)
    hung = client_for(ward, "hung")
    board = page_text(hung, "/deadlines")
    overdue = board.split('id="due-overdue"')[1].split("</section>")[0]
    assert "Quá hạn (3)" in overdue  # intake's count, not the rows shown
    assert overdue.count("Quá hạn số") == 2
    next_link = re.search(r'href="(/deadlines\?overdue_cursor=[^"#]+)#due-overdue" id="overdue-next-page"', overdue)
    assert next_link
    second = page_text(hung, next_link.group(1).replace("&amp;", "&"))
    assert second.split('id="due-overdue"')[1].split("</section>")[0].count("Quá hạn số") == 1
    nonsense = page_text(hung, "/deadlines?overdue_cursor=not-a-cursor&week_cursor=%00")
    assert 'id="overdue-problem"' in nonsense
    assert 'id="week-problem"' in nonsense or 'id="due-week"' in nonsense
    assert 'id="by-officer"' in nonsense


def test_the_leaders_home_counts_the_overdue_cases_and_names_the_first(
    ward: Ward, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiepdan.console.web import leader_day

    for n in range(3):
        register_visit(ward, received_at=received_days_ago(40 + n), subject=f"Quá hạn số {n}")
    monkeypatch.setattr(leader_day, "HOME_CASES", 2)
    home = page_text(client_for(ward, "hung"), "/")
    overdue = home.split('id="leader-overdue"')[1].split("</section>")[0]
    assert re.search(r'id="overdue-count">3 vụ việc', overdue)
    assert overdue.count("Quá hạn số") == 2
    assert 'href="/deadlines#due-overdue"' in overdue
