"""The duty calendar and reports pages against real roster and reports services (and roster's worker solving)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from conftest import LiveServer
from console_support import add_account, sign_in, submit
from flask.testing import FlaskClient

from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.console.config import ConsoleConfig
from tiepdan.console.web.app import create_console_app
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer, unused_port
from tiepdan.reports.app import SERVICE as REPORTS
from tiepdan.roster.app import SERVICE as ROSTER

WARD_STAFF = Path(__file__).resolve().parents[3] / "roster/src/tiepdan/roster/data/ward-staff.json"


@pytest.fixture
def duty_platform(serve_platform: Callable[..., LiveServer]) -> LiveServer:
    """Roster (with its worker solving), reports and the console; the ward's staff imported."""
    live = serve_platform(ROSTER, REPORTS, CONSOLE)
    live.platform.worker.start()
    staff = json.loads(WARD_STAFF.read_text(encoding="utf-8"))
    imported = requests.post(f"{live.base}/api/v1/staff/import", json=staff, headers=bearer("scheduler"), timeout=30)
    assert imported.status_code == 200, imported.text
    return live


VISIT = {
    "reception": "regular",
    "host_name": "Nguyễn Thị Lan",
    "citizens": [{"full_name": "Trần Văn Bình", "id_number": "019085001234", "representative": True}],
    "kind": "complaint",
    "subject": "Dự án khu dân cư số 3",
    "summary": "Đề nghị xem xét lại giá bồi thường đất",
    "party_related": False,
}


@pytest.fixture
def reports_platform(serve_platform: Callable[..., LiveServer]) -> LiveServer:
    """Intake, reports (fed by intake's events through the worker) and the console; three visits received today."""
    live = serve_platform(INTAKE, REPORTS, CONSOLE)
    live.platform.worker.start()
    visits = [
        {"headcount": 7, "field": "compensation", "area": "Tổ dân phố 5"},
        {"headcount": 1, "field": "land", "area": "Tổ dân phố 5"},
        {"headcount": 1, "field": "land", "area": "Tổ dân phố 2"},
    ]
    for visit in visits:
        made = requests.post(f"{live.base}/api/v1/visits", json={**VISIT, **visit}, headers=bearer("clerk"), timeout=30)
        assert made.status_code == 201, made.text
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        figures = requests.get(
            f"{live.base}/api/v1/figures", params={"from": today, "to": today}, headers=bearer("leader"), timeout=30
        )
        if figures.json()["total"].get("visits") == len(visits):
            return live
        time.sleep(0.3)
    raise AssertionError("reports never counted the visits")


def _client(live: LiveServer, username: str, roles: tuple[str, ...], unit: str = "bach-quang") -> FlaskClient:
    add_account(live.platform.runtimes["console"], username, roles, unit=unit)
    client = live.platform.apps["console"].test_client()
    sign_in(client, username)
    return client


def _solved(client: FlaskClient, path: str, timeout_s: float = 90) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page = client.get(path).get_data(as_text=True)
        if 'id="solving"' not in page:
            return page
        assert 'id="solve-progress"' in page
        time.sleep(0.5)
    raise AssertionError("the roster was not solved in time")


def test_a_scheduler_solves_publishes_and_sees_the_month(duty_platform: LiveServer) -> None:
    client = _client(duty_platform, "xep", ("scheduler",))
    asked = submit(client, "/roster/rosters", {"start": "01/01/2026", "end": "2026-01-31", "time_limit_s": "5"})
    assert asked.status_code == 302, asked.get_data(as_text=True)
    roster_path = asked.headers["Location"]
    solving = client.get(roster_path).get_data(as_text=True)
    assert "Đang xếp lịch" in solving or 'id="roster-violations"' in solving
    draft = _solved(client, roster_path)
    assert 'id="roster-violations"' in draft
    assert 'id="per-person"' in draft
    assert 'id="publish"' in draft
    assert "Chênh lệch ca nặng, nhóm tiếp công dân" in draft  # each group by its skill in words
    assert "nhóm reception" not in draft
    assert re.search(r"Thời gian giải \(giây\)</dt><dd>\d+(,\d+)?</dd>", draft)  # a decimal comma
    published = submit(client, roster_path + "/publish", {}, page=roster_path)
    assert published.status_code == 302
    page = client.get(roster_path).get_data(as_text=True)
    assert "Đã công bố lịch trực" in page
    assert 'id="download-xlsx"' in page

    month = client.get("/roster?month=2026-01").get_data(as_text=True)
    assert 'id="no-published-roster"' not in month
    assert "Nguyễn Văn An" in month or "Nguyễn" in month
    assert "leader-day" in month  # the chair's reception day each week is marked
    assert "level-critical" in month or "level-heightened" in month or "day-off" in month

    xlsx = client.get(roster_path + "/file.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.data[:2] == b"PK"
    assert "attachment" in xlsx.headers["Content-Disposition"]
    ics = client.get(roster_path + "/file.ics")
    assert ics.status_code == 200
    assert b"BEGIN:VCALENDAR" in ics.data


def test_a_draft_cannot_be_downloaded_and_an_unknown_roster_is_404(duty_platform: LiveServer) -> None:
    client = _client(duty_platform, "xep", ("scheduler",))
    asked = submit(client, "/roster/rosters", {"start": "2026-02-02", "end": "2026-02-03", "time_limit_s": "2"})
    roster_path = asked.headers["Location"]
    _solved(client, roster_path)
    refused = client.get(roster_path + "/file.xlsx")
    assert refused.status_code == 302
    assert "Chỉ xuất được lịch trực đã công bố" in client.get(roster_path).get_data(as_text=True)
    assert client.get("/roster/rosters/00000000-0000-0000-0000-000000000000").status_code == 404
    elsewhere = _client(duty_platform, "xep-khac", ("scheduler",), unit="phuong-khac")
    assert elsewhere.get(roster_path).status_code == 404  # another unit's roster, as the API answers
    assert elsewhere.get(roster_path + "/file.ics").status_code == 404


def test_nonsense_values_give_the_page_with_a_message(duty_platform: LiveServer) -> None:
    client = _client(duty_platform, "xep", ("scheduler",))
    month = client.get("/roster?month=tháng-mười-ba")
    assert month.status_code == 200
    assert "không hợp lệ" in month.get_data(as_text=True)
    refused = submit(client, "/roster/rosters", {"start": "32/13/2026", "end": "2026-01-01", "time_limit_s": "abc"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert 'id="start-errors"' in text
    assert 'id="time_limit_s-errors"' in text
    backwards = submit(client, "/roster/rosters", {"start": "2026-03-01", "end": "2026-02-01", "time_limit_s": "5"})
    assert backwards.status_code == 422
    assert 'id="end-errors"' in backwards.get_data(as_text=True)
    reports = _client(duty_platform, "lanh-dao", ("leader",))
    figures = reports.get("/reports?from=hôm-qua&to=2026-13-45")
    assert figures.status_code == 200
    assert "Khoảng thời gian không hợp lệ" in figures.get_data(as_text=True)


def test_staff_and_leave(duty_platform: LiveServer) -> None:
    client = _client(duty_platform, "xep", ("scheduler",))
    page = client.get("/roster/staff").get_data(as_text=True)
    assert 'id="staff-s001"' in page
    assert "Nguyễn Văn An" in page
    row = page.split('id="staff-s001"', 1)[1].split("</tr>", 1)[0]
    assert ">Văn phòng HĐND-UBND phường</td>" in row  # the agency's name, not its code VP
    assert ">Tiếp công dân</td>" in row  # the skill in words, not `reception`
    added = submit(
        client, "/roster/staff", {"staff_id": "s001", "start": "05/01/2026", "end": "07/01/2026", "reason": "Ốm"}
    )
    assert added.status_code == 302
    page = client.get("/roster/staff").get_data(as_text=True)
    assert "05/01/2026 – 07/01/2026 (Ốm)" in page
    unknown = submit(client, "/roster/staff", {"staff_id": "nobody", "start": "2026-01-05", "end": "2026-01-06"})
    assert unknown.status_code == 422


def test_roles_see_what_the_api_lets_them(duty_platform: LiveServer) -> None:
    clerk = _client(duty_platform, "lan", ("clerk",))
    month = clerk.get("/roster")
    assert month.status_code == 200
    assert 'id="on-duty"' in month.get_data(as_text=True)
    assert clerk.get("/roster/rosters").status_code == 403
    assert clerk.get("/reports").status_code == 403
    leader = _client(duty_platform, "lanh-dao", ("leader",))
    assert leader.get("/roster/rosters").status_code == 200
    assert 'id="solve-form"' in leader.get("/roster/rosters").get_data(as_text=True)
    assert 'id="leave-form"' not in leader.get("/roster/staff").get_data(as_text=True)
    documentation = requests.get(f"{duty_platform.base}/roster/openapi.json", timeout=30)
    assert documentation.json()["info"]  # the service's own paths under /roster stay the service's
    page = requests.get(f"{duty_platform.base}/roster/rosters", timeout=30, allow_redirects=False)
    assert page.headers["Location"].startswith("/login?next=")  # the rest is the console's
    police = _client(duty_platform, "cong-an", ("police",))
    assert police.get("/roster").status_code == 403


def test_a_leader_generates_the_quarter_report_and_downloads_its_files(reports_platform: LiveServer) -> None:
    client = _client(reports_platform, "lanh-dao", ("leader",))
    page = client.get("/reports")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="total-visits">3<' in text
    for chart in ("day", "field", "area"):
        assert f'id="chart-{chart}"' in text
    assert "Đất đai 2; Bồi thường, hỗ trợ, tái định cư 1" in text  # the field chart's bars, largest first
    assert '<th scope="row">Đất đai</th>' in text  # the field table's rows in the form's terms, not codes
    assert 'id="reconciliation-result"' in text
    # today's register is not closed yet, so each count is a difference with no register figure
    differences = text.split('id="differences"', 1)[1].split("</table>", 1)[0]
    assert "<td>UBND phường Bách Quang</td><td>Lượt tiếp (thường xuyên)</td><td>—</td><td>3</td>" in differences
    assert "<td>Người được tiếp</td>" in differences
    assert "by_reception" not in differences
    assert "bach-quang" not in differences
    made = submit(
        client,
        "/reports",
        {"template": "01/TCD", "period_kind": "quarter", "year": "2026", "quarter": "1"},
        page="/reports",
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    snapshot_path = made.headers["Location"]
    snapshot = client.get(snapshot_path).get_data(as_text=True)
    assert 'id="sha256-pdf"' in snapshot
    pdf = client.get(snapshot_path + "/file.pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["X-Content-SHA256"] in snapshot
    csv = client.get(snapshot_path + "/file.csv")
    assert csv.status_code == 200
    assert csv.headers["Content-Type"].startswith("text/csv")
    listed = client.get("/reports").get_data(as_text=True)
    assert snapshot_path in listed
    assert client.get("/reports/00000000-0000-0000-0000-000000000000").status_code == 404
    over_http = create_console_app(
        reports_platform.platform.runtimes["console"], ConsoleConfig(api_url=reports_platform.base)
    )
    through_http = over_http.test_client()
    sign_in(through_http, "lanh-dao")
    with through_http.get(snapshot_path + "/file.pdf") as streamed:  # requests' stream, chunk by chunk
        assert streamed.status_code == 200
        assert streamed.data == pdf.data
        assert streamed.headers["Content-Disposition"] == pdf.headers["Content-Disposition"]
    elsewhere = _client(reports_platform, "lanh-dao-khac", ("leader",), unit="phuong-khac")
    assert elsewhere.get(snapshot_path).status_code == 404  # another unit's report, as the API answers
    assert elsewhere.get(snapshot_path + "/file.pdf").status_code == 404

    refused = submit(client, "/reports", {"template": "01/TCD", "period_kind": "quarter", "year": ""}, page="/reports")
    assert refused.status_code == 422
    assert 'id="year-errors"' in refused.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/roster", "/roster/rosters", "/roster/staff", "/reports", "/reports/some-id"])
def test_a_service_down_is_a_clear_message(runtime: Runtime, path: str) -> None:
    add_account(runtime, "lanh-dao", ("leader",))
    app = create_console_app(runtime, ConsoleConfig(api_timeout_s=1.0, api_url=f"http://127.0.0.1:{unused_port()}"))
    client = app.test_client()
    sign_in(client, "lanh-dao")
    page = client.get(path)
    assert page.status_code == 200
    assert "Hiện không kết nối được" in page.get_data(as_text=True)


def test_a_file_from_a_service_that_is_down_goes_back_with_a_message(runtime: Runtime) -> None:
    add_account(runtime, "xep", ("scheduler",))
    app = create_console_app(runtime, ConsoleConfig(api_timeout_s=1.0, api_url=f"http://127.0.0.1:{unused_port()}"))
    client = app.test_client()
    sign_in(client, "xep")
    answer = client.get("/roster/rosters/some-id/file.xlsx")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/roster/rosters/some-id"
    assert "Hiện không kết nối được dịch vụ lịch trực" in client.get("/roster/rosters/some-id").get_data(as_text=True)


def test_the_chairman_reads_the_daily_reports_of_a_special_period_with_the_offices_narrative(
    reports_platform: LiveServer,
) -> None:
    from tiepdan.reports.service.schedule import run_schedule

    reports = reports_platform.platform.runtimes["reports"]
    made = run_schedule(reports, datetime.fromisoformat("2026-01-19T11:00:00+00:00"))  # the congress's first day
    assert len(made) == 4
    daily = requests.get(
        f"{reports_platform.base}/api/v1/reports", params={"template": "daily"}, headers=bearer("leader"), timeout=30
    ).json()["items"]
    latest = next(item["id"] for item in daily if item["period"]["from"] == "2026-01-19")
    narrative = {"situation": "Hai đoàn đông người đến trụ sở.", "proposals": "Đề nghị Công an phường hỗ trợ."}
    written = requests.put(
        f"{reports_platform.base}/api/v1/reports/{latest}/narrative",
        json=narrative,
        headers=bearer("clerk"),
        timeout=30,
    )
    assert written.status_code == 200, written.text
    client = _client(reports_platform, "chu-tich", ("leader",))
    assert 'id="chairman-inbox-link"' in client.get("/reports").get_data(as_text=True)
    page = client.get("/reports/bao-cao-chu-tich")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.index("Ngày 19/01/2026") < text.index("Ngày 16/01/2026")  # the latest day first
    assert "Đề nghị Công an phường hỗ trợ." in text
    assert "Văn phòng chưa bổ sung tình hình, đề xuất." in text  # the days without a narrative
    paper = client.get(f"/reports/{latest}/paper.pdf")
    assert paper.status_code == 200
    assert paper.data.startswith(b"%PDF")
    clerk = _client(reports_platform, "van-thu", ("clerk",))
    assert clerk.get("/reports/bao-cao-chu-tich").status_code in (302, 403)
