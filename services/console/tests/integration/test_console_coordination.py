"""The coordination pages (issue 19) against real roster and intake: the working group, unscheduled receptions with
the police's security plan and incidents, response plans with directives, tasks and reports, planned enforcements
with the Chairman's decision, outreach. Bad input comes back on the page next to its field; another unit's record
is 404."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from conftest import LiveServer
from console_support import add_account, sign_in, submit
from flask.testing import FlaskClient

from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.console.web import coordination
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.kit.testing import bearer
from tiepdan.roster.app import SERVICE as ROSTER

WARD = ZoneInfo("Asia/Ho_Chi_Minh")
WARD_STAFF = Path(__file__).resolve().parents[3] / "roster/src/tiepdan/roster/data/ward-staff.json"
VISIT = {
    "reception": "regular",
    "host_name": "Nguyễn Thị Lan",
    "citizens": [{"full_name": "Trần Văn Bình", "id_number": "019085001234", "representative": True}],
    "kind": "complaint",
    "field": "land",
    "subject": "Thu hồi đất dự án khu dân cư số 3",
    "summary": "Đề nghị xem xét lại giá bồi thường đất",
    "area": "Tổ dân phố 5",
    "party_related": False,
}


@pytest.fixture
def coordination_platform(serve_platform: Callable[..., LiveServer]) -> LiveServer:
    """Intake, roster and the console; the ward's staff imported."""
    live = serve_platform(INTAKE, ROSTER, CONSOLE)
    staff = json.loads(WARD_STAFF.read_text(encoding="utf-8"))
    imported = requests.post(f"{live.base}/api/v1/staff/import", json=staff, headers=bearer("scheduler"), timeout=30)
    assert imported.status_code == 200, imported.text
    return live


def client_for(live: LiveServer, username: str, roles: tuple[str, ...], unit: str = "bach-quang") -> FlaskClient:
    add_account(live.platform.runtimes["console"], username, roles, unit=unit)
    client = live.platform.apps["console"].test_client()
    sign_in(client, username)
    return client


def ward_time(days: int = 0, hour: int = 8) -> datetime:
    return (datetime.now(WARD) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def moment(at: datetime) -> str:
    return at.strftime("%d/%m/%Y %H:%M")


def count_reads(monkeypatch: pytest.MonkeyPatch, asked: list[str]) -> None:
    """Each path the coordination pages read is added to `asked`."""
    reading = coordination.read
    monkeypatch.setattr(
        coordination, "read", lambda service, path, *rest: asked.append(path) or reading(service, path, *rest)
    )


def a_guided_case(live: LiveServer, subject: str) -> str:
    """A case with a result (the citizen guided to the competent body): outreach may be recorded on it."""
    case_id = a_case(live, subject=subject)
    guide(live.base, case_id)
    return case_id


def guide(base: str, case_id: str) -> None:
    guided = requests.post(
        f"{base}/api/v1/cases/{case_id}/actions",
        json={"action": "guide", "reason": "Gửi UBND tỉnh"},
        headers=bearer("clerk"),
        timeout=30,
    )
    assert guided.status_code == 200, guided.text


def assert_cases_named_by_subject(
    clerk: FlaskClient, path: str, named: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each case (id → subject) listed on `path` by its subject, linked, all read from intake in one request."""
    asked: list[str] = []
    count_reads(monkeypatch, asked)
    listed = html.unescape(clerk.get(path).get_data(as_text=True))
    for case_id, subject in named.items():
        assert f'<a href="/cases/{case_id}" class="case-link">{subject}</a>' in listed
        assert f"Vụ việc {case_id}" not in listed
    assert asked.count("/api/v1/cases") == 1


def a_case(live: LiveServer, **changes: str) -> str:
    visit = VISIT | changes
    made = requests.post(f"{live.base}/api/v1/visits", json=visit, headers=bearer("clerk"), timeout=30)
    assert made.status_code == 201, made.text
    return str(made.json()["case_id"])


def test_the_working_group_is_established_and_listed_with_its_members(coordination_platform: LiveServer) -> None:
    leader = client_for(coordination_platform, "s011", ("leader",))
    page = leader.get("/to-cong-tac")
    assert page.status_code == 200
    assert 'id="groups-none"' in page.get_data(as_text=True)
    wrong = submit(
        leader,
        "/to-cong-tac",
        {"decision_no": "45/QĐ-UBND", "decision_date": "02/01/2026", "period_from": "01/02/2026", "period_to": "2026"},
    )
    assert wrong.status_code == 422
    text = wrong.get_data(as_text=True)
    assert 'id="period_to-errors"' in text
    assert 'id="members-errors"' in text  # nobody chosen
    made = submit(
        leader,
        "/to-cong-tac",
        {
            "decision_no": "45/QĐ-UBND",
            "decision_date": "02/01/2026",
            "period_from": "01/01/2026",
            "period_to": "31/12/2026",
            "member-s011": "head",
            "member-s015": "deputy",
            "member-s028": "member",
            "member-s001": "secretary",
        },
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    listed = leader.get("/to-cong-tac").get_data(as_text=True)
    assert "45/QĐ-UBND" in listed
    assert "01/01/2026 – 31/12/2026" in listed
    assert "Mai Đức Lộc" in listed
    assert "Tổ phó" in listed
    assert "MTTQ" in listed
    police = client_for(coordination_platform, "s016", ("police",))
    read_only = police.get("/to-cong-tac").get_data(as_text=True)
    assert "45/QĐ-UBND" in read_only
    assert 'id="working-group-form"' not in read_only
    assert police.post("/to-cong-tac", data={}).status_code in (400, 403)
    clerk = client_for(coordination_platform, "lan", ("clerk",))
    assert clerk.get("/to-cong-tac").status_code == 403


def test_a_reception_is_scheduled_secured_and_its_incident_recorded(coordination_platform: LiveServer) -> None:
    leader = client_for(coordination_platform, "s011", ("leader",))
    starts = ward_time(days=2, hour=8)
    backwards = submit(
        leader,
        "/tiep-dot-xuat",
        {
            "place": "Hội trường UBND phường",
            "starts_at": moment(starts),
            "ends_at": moment(starts - timedelta(hours=1)),
        },
    )
    assert backwards.status_code == 422
    assert 'id="ends_at-errors"' in backwards.get_data(as_text=True)
    past = submit(
        leader,
        "/tiep-dot-xuat",
        {
            "place": "Hội trường",
            "starts_at": moment(ward_time(days=-2)),
            "ends_at": moment(ward_time(days=-2, hour=10)),
        },
    )
    assert past.status_code == 422
    assert 'id="starts_at-errors"' in past.get_data(as_text=True)  # roster's message, next to its field
    made = submit(
        leader,
        "/tiep-dot-xuat",
        {
            "place": "Hội trường UBND phường",
            "starts_at": moment(starts),
            "ends_at": moment(starts + timedelta(hours=3)),
            "expected_headcount": "25",
            "field": "land",
            "subject": "Thu hồi đất dự án khu dân cư số 3",
        },
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    reception_id = made.headers["Location"].rsplit("reception-", 1)[1]
    page = leader.get("/tiep-dot-xuat").get_data(as_text=True)
    assert f'id="no-plan-{reception_id}"' in page
    assert moment(starts) in page

    police = client_for(coordination_platform, "s015", ("police",))
    form_page = "/tiep-dot-xuat"
    not_police = submit(
        police,
        f"/tiep-dot-xuat/{reception_id}/an-ninh",
        {f"plan-{reception_id}-officers": "s015, s001", f"plan-{reception_id}-notes": "Bố trí 2 đồng chí"},
        page=form_page,
    )
    assert not_police.status_code == 422
    assert f'id="plan-{reception_id}-officers-errors"' in not_police.get_data(as_text=True)
    secured = submit(
        police,
        f"/tiep-dot-xuat/{reception_id}/an-ninh",
        {f"plan-{reception_id}-officers": "s015, s016", f"plan-{reception_id}-notes": "Bố trí 2 đồng chí tại cổng"},
        page=form_page,
    )
    assert secured.status_code == 302, secured.get_data(as_text=True)
    incident = submit(
        police,
        "/tiep-dot-xuat/su-viec",
        {
            "occurred_at": moment(datetime.now(WARD) - timedelta(hours=1)),  # in the past at any hour
            "what_happened": "Một người lớn tiếng tại phòng tiếp",
            "action_taken": "Nhắc nhở, ổn định trật tự",
            "reception_id": reception_id,
        },
        page=form_page,
    )
    assert incident.status_code == 302, incident.get_data(as_text=True)
    future = submit(
        police,
        "/tiep-dot-xuat/su-viec",
        {"occurred_at": moment(ward_time(days=3)), "what_happened": "x", "action_taken": "y"},
        page=form_page,
    )
    assert future.status_code == 422
    assert 'id="occurred_at-errors"' in future.get_data(as_text=True)

    seen = leader.get("/tiep-dot-xuat").get_data(as_text=True)
    assert f'id="no-plan-{reception_id}"' not in seen
    assert "s015, s016" in seen
    assert "Bố trí 2 đồng chí tại cổng" in seen
    assert "Nhắc nhở, ổn định trật tự" in seen
    assert 'id="plan-form-' not in seen  # the leader reads the plan, the police write it
    assert 'id="incident-form"' not in seen

    elsewhere = client_for(coordination_platform, "police-khac", ("police",), unit="phuong-khac")
    other = submit(
        elsewhere,
        f"/tiep-dot-xuat/{reception_id}/an-ninh",
        {f"plan-{reception_id}-officers": "s015"},
        page=form_page,
    )
    assert other.status_code == 404
    assert reception_id not in elsewhere.get("/tiep-dot-xuat").get_data(as_text=True)


def test_a_response_plan_with_a_directive_a_task_its_report_and_its_closing(coordination_platform: LiveServer) -> None:
    case_id = a_case(coordination_platform)
    clerk = client_for(coordination_platform, "lan", ("clerk",))
    prefilled = clerk.get(f"/phuong-an?case={case_id}").get_data(as_text=True)
    assert f'value="{case_id}"' in prefilled
    unknown = submit(clerk, "/phuong-an", {"reason": "complex", "title": "Phương án", "case_ids": "khong-co"})
    assert unknown.status_code == 422
    assert 'id="case_ids-errors"' in unknown.get_data(as_text=True)
    opened = submit(
        clerk, "/phuong-an", {"reason": "complex", "title": "Phương án xử lý khu dân cư số 3", "case_ids": case_id}
    )
    assert opened.status_code == 302, opened.get_data(as_text=True)
    plan_path = opened.headers["Location"]
    plan_id = plan_path.rsplit("/", 1)[1]

    leader = client_for(coordination_platform, "s011", ("leader",))
    directed = submit(leader, f"{plan_path}/chi-dao", {"text": "Giao Công an phường nắm tình hình"}, page=plan_path)
    assert directed.status_code == 302
    assert 'id="directive-form"' not in clerk.get(plan_path).get_data(as_text=True)

    today = datetime.now(WARD).date()
    past_due = submit(
        clerk,
        f"{plan_path}/nhiem-vu",
        {"title": "Nắm tình hình", "assignee_agency": "CA", "due_on": (today - timedelta(days=1)).strftime("%d/%m/%Y")},
        page=plan_path,
    )
    assert past_due.status_code == 422
    assert 'id="due_on-errors"' in past_due.get_data(as_text=True)
    given = submit(
        clerk,
        f"{plan_path}/nhiem-vu",
        {"title": "Nắm tình hình", "assignee_agency": "CA", "due_on": (today + timedelta(days=3)).strftime("%d/%m/%Y")},
        page=plan_path,
    )
    assert given.status_code == 302, given.get_data(as_text=True)
    page = clerk.get(plan_path).get_data(as_text=True)
    assert "Giao Công an phường nắm tình hình" in page
    assert "Nắm tình hình" in page
    task_id = page.split('id="task-', 1)[1].split('"', 1)[0]
    police = client_for(coordination_platform, "s015", ("police",))
    reported = submit(
        police,
        f"{plan_path}/nhiem-vu/{task_id}/bao-cao",
        {f"report-{task_id}-notes": "Đã nắm tình hình, không có diễn biến", f"report-{task_id}-completed": "y"},
        page=plan_path,
    )
    assert reported.status_code == 302, reported.get_data(as_text=True)
    closed = submit(clerk, f"{plan_path}/ket-thuc", {"outcome": "settled", "note": "Ổn định"}, page=plan_path)
    assert closed.status_code == 302
    final = clerk.get(plan_path).get_data(as_text=True)
    assert "Đã kết thúc" in final
    assert "Đã giải quyết, ổn định" in final
    assert "Đã nắm tình hình, không có diễn biến" in final
    assert plan_id in clerk.get("/phuong-an").get_data(as_text=True)
    elsewhere = client_for(coordination_platform, "lan-khac", ("clerk",), unit="phuong-khac")
    assert elsewhere.get(plan_path).status_code == 404


def test_an_enforcement_is_planned_listed_and_decided(coordination_platform: LiveServer) -> None:
    case_id = a_case(coordination_platform)
    clerk = client_for(coordination_platform, "lan", ("clerk",))
    page = f"/cases/{case_id}/cuong-che"
    assert 'id="enforcement-none"' in clerk.get(page).get_data(as_text=True)
    yesterday = (datetime.now(WARD).date() - timedelta(days=1)).strftime("%d/%m/%Y")
    past = submit(clerk, page, {"planned_on": yesterday, "enforcing_unit": "UBND phường", "measure": "Thu hồi đất"})
    assert past.status_code == 422
    assert 'id="planned_on-errors"' in past.get_data(as_text=True)
    soon = (datetime.now(WARD).date() + timedelta(days=10)).strftime("%d/%m/%Y")
    planned = submit(clerk, page, {"planned_on": soon, "enforcing_unit": "UBND phường", "measure": "Thu hồi đất"})
    assert planned.status_code == 302, planned.get_data(as_text=True)
    listed = clerk.get("/cuong-che").get_data(as_text=True)
    assert f'id="enforcement-{case_id}"' in listed
    assert soon in listed
    assert f'id="decision-form-{case_id}"' not in listed  # only the leader decides
    elsewhere = client_for(coordination_platform, "lan-khac", ("clerk",), unit="phuong-khac")
    assert elsewhere.get(page).status_code == 404


def test_the_enforcements_name_their_cases_by_subject_read_in_one_request(
    coordination_platform: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    subjects = ("Thu hồi đất dự án khu dân cư số 3", "Cưỡng chế công trình xây dựng trái phép tổ 7")
    case_ids = [a_case(coordination_platform, subject=subject) for subject in subjects]
    clerk = client_for(coordination_platform, "lan", ("clerk",))
    soon = (datetime.now(WARD).date() + timedelta(days=10)).strftime("%d/%m/%Y")
    for case_id in case_ids:
        enforcement = {"planned_on": soon, "enforcing_unit": "UBND phường", "measure": "Thu hồi đất"}
        assert submit(clerk, f"/cases/{case_id}/cuong-che", enforcement).status_code == 302
    assert_cases_named_by_subject(clerk, "/cuong-che", dict(zip(case_ids, subjects, strict=True)), monkeypatch)


def test_a_cases_enforcement_page_is_titled_by_its_subject_and_shows_its_id(
    coordination_platform: LiveServer,
) -> None:
    subject = "Cưỡng chế công trình xây dựng trái phép tổ 7"
    case_id = a_case(coordination_platform, subject=subject)
    clerk = client_for(coordination_platform, "lan", ("clerk",))
    page = html.unescape(clerk.get(f"/cases/{case_id}/cuong-che").get_data(as_text=True))
    assert f'<h1 id="enforcement-title">Kế hoạch cưỡng chế: {subject}</h1>' in page
    assert f"<dt>Mã vụ việc</dt><dd>{case_id}</dd>" in page
    assert f"vụ việc {case_id}" not in page


def test_outreach_names_its_cases_by_subject_read_in_one_request(
    coordination_platform: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    subjects = ("Tranh chấp ranh giới đất tổ 2", "Chính sách bồi thường dự án đường vành đai")
    case_ids = [a_guided_case(coordination_platform, subject) for subject in subjects]
    clerk = client_for(coordination_platform, "lan", ("clerk",))
    for case_id in case_ids:
        talk = {
            "held_at": moment(ward_time(hour=0)),
            "topic": "land",
            "talked_by": "s001, VP",
            "persons": "2",
            "audience": "Hộ gia đình tổ 2",
            "outcome": "understood",
            "case_id": case_id,
        }
        assert submit(clerk, "/van-dong", talk).status_code == 302
    assert_cases_named_by_subject(clerk, "/van-dong", dict(zip(case_ids, subjects, strict=True)), monkeypatch)
    front = client_for(coordination_platform, "s028", ("front",))
    on_religion = {"topic": "religion", "talked_by": "s028, MTTQ", "held_at": moment(ward_time(hour=0))}
    assert submit(front, "/van-dong", talk | on_religion | {"case_id": case_ids[0]}).status_code == 302
    fronts = front.get("/van-dong")  # the front reads no cases: the case by its id, with no link it may not open
    assert fronts.status_code == 200
    assert f"<br>Vụ việc {case_ids[0]}</td>" in html.unescape(fronts.get_data(as_text=True))


def test_outreach_is_recorded_and_the_front_sees_its_topics_only(coordination_platform: LiveServer) -> None:
    front = client_for(coordination_platform, "s028", ("front",))
    page = front.get("/van-dong").get_data(as_text=True)
    assert 'value="religion"' in page
    assert 'value="land"' not in page
    neither = submit(
        front,
        "/van-dong",
        {
            "held_at": moment(ward_time(hour=0)),
            "topic": "religion",
            "talked_by": "s028, MTTQ",
            "persons": "3",
            "audience": "Đoàn công dân giáo xứ",
            "outcome": "understood",
        },
    )
    assert neither.status_code == 422  # neither a case nor a group: intake names both
    assert 'id="case_id-errors"' in neither.get_data(as_text=True)
    bad = submit(front, "/van-dong", {"held_at": "hôm qua", "talked_by": "s028", "persons": "0"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert 'id="held_at-errors"' in text
    assert 'id="talked_by-errors"' in text
    assert 'id="persons-errors"' in text
    made = submit(
        front,
        "/van-dong",
        {
            "held_at": moment(ward_time(hour=0)),
            "topic": "religion",
            "talked_by": "s028, MTTQ\ns031, BXD",
            "persons": "12",
            "audience": "Đoàn công dân giáo xứ",
            "outcome": "agreed_to_return",
            "alert_id": "a-123",
            "group_at": "central",
        },
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    listed = front.get("/van-dong").get_data(as_text=True)
    assert "Đoàn công dân giáo xứ" in listed
    assert "Đồng ý trở về địa phương" in listed
    leader = client_for(coordination_platform, "s011", ("leader",))
    assert "Đoàn công dân giáo xứ" in leader.get("/van-dong").get_data(as_text=True)


def test_the_menu_shows_each_role_its_coordination_pages(coordination_platform: LiveServer) -> None:
    expected = {
        ("leader",): {"nav-plans", "nav-enforcements", "nav-outreach", "nav-receptions", "nav-working-group"},
        ("clerk",): {"nav-plans", "nav-enforcements", "nav-outreach"},
        ("police",): {"nav-plans", "nav-receptions", "nav-working-group"},
        ("front",): {"nav-outreach"},
        ("party_building",): {"nav-outreach"},
    }
    every = {"nav-plans", "nav-enforcements", "nav-outreach", "nav-receptions", "nav-working-group"}
    for roles, shown in expected.items():
        home = (
            client_for(coordination_platform, f"u-{roles[0]}".replace("_", "-"), roles).get("/").get_data(as_text=True)
        )
        assert {entry for entry in every if f'id="{entry}"' in home} == shown, roles


def test_a_scheduled_reception_is_changed_by_the_leader_only(coordination_platform: LiveServer) -> None:
    leader = client_for(coordination_platform, "s011", ("leader",))
    starts = ward_time(days=2, hour=8)
    made = submit(
        leader,
        "/tiep-dot-xuat",
        {"place": "Hội trường", "starts_at": moment(starts), "ends_at": moment(starts + timedelta(hours=3))},
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    reception_id = made.headers["Location"].rsplit("reception-", 1)[1]
    prefix = f"edit-{reception_id}"
    assert f'id="edit-form-{reception_id}"' in leader.get("/tiep-dot-xuat").get_data(as_text=True)
    moved = ward_time(days=4, hour=14)
    change = {
        f"{prefix}-place": "Phòng tiếp công dân",
        f"{prefix}-starts_at": moment(moved),
        f"{prefix}-ends_at": moment(moved - timedelta(hours=1)),
    }
    backwards = submit(leader, f"/tiep-dot-xuat/{reception_id}/sua", change, page="/tiep-dot-xuat")
    assert backwards.status_code == 422
    assert f'id="{prefix}-ends_at-errors"' in backwards.get_data(as_text=True)
    change[f"{prefix}-ends_at"] = moment(moved + timedelta(hours=2))
    police = client_for(coordination_platform, "s015", ("police",))
    assert submit(police, f"/tiep-dot-xuat/{reception_id}/sua", change, page="/tiep-dot-xuat").status_code == 403
    assert f'id="edit-form-{reception_id}"' not in police.get("/tiep-dot-xuat").get_data(as_text=True)
    changed = submit(leader, f"/tiep-dot-xuat/{reception_id}/sua", change, page="/tiep-dot-xuat")
    assert changed.status_code == 302, changed.get_data(as_text=True)
    page = leader.get("/tiep-dot-xuat").get_data(as_text=True)
    assert "Phòng tiếp công dân" in page
    assert moment(moved) in page
    elsewhere = client_for(coordination_platform, "s011-khac", ("leader",), unit="phuong-khac")
    assert submit(elsewhere, f"/tiep-dot-xuat/{reception_id}/sua", change, page="/tiep-dot-xuat").status_code == 404


def test_an_enforcement_no_longer_followed_leaves_the_list(coordination_platform: LiveServer) -> None:
    case_id = a_case(coordination_platform)
    clerk = client_for(coordination_platform, "lan", ("clerk",))
    soon = (datetime.now(WARD).date() + timedelta(days=10)).strftime("%d/%m/%Y")
    enforcement = {"planned_on": soon, "enforcing_unit": "UBND phường", "measure": "Thu hồi đất"}
    assert submit(clerk, f"/cases/{case_id}/cuong-che", enforcement).status_code == 302
    assert f'id="clear-form-{case_id}"' in clerk.get("/cuong-che").get_data(as_text=True)
    police = client_for(coordination_platform, "s015", ("police",))
    reason = {f"clear-{case_id}-reason": "done"}
    assert submit(police, f"/cuong-che/{case_id}/ket-thuc", reason, page="/").status_code == 403
    elsewhere = client_for(coordination_platform, "lan-khac", ("clerk",), unit="phuong-khac")
    assert submit(elsewhere, f"/cuong-che/{case_id}/ket-thuc", reason, page="/cuong-che").status_code == 404
    unknown = submit(clerk, f"/cuong-che/{case_id}/ket-thuc", {f"clear-{case_id}-reason": "x"}, page="/cuong-che")
    assert unknown.status_code == 422
    assert f'id="clear-{case_id}-reason-errors"' in unknown.get_data(as_text=True)
    cleared = submit(clerk, f"/cuong-che/{case_id}/ket-thuc", reason, page="/cuong-che")
    assert cleared.status_code == 302, cleared.get_data(as_text=True)
    assert f'id="enforcement-{case_id}"' not in clerk.get("/cuong-che").get_data(as_text=True)
    found = requests.get(
        f"{coordination_platform.base}/api/v1/cases/{case_id}/enforcement", headers=bearer("clerk"), timeout=30
    )
    assert found.status_code == 404
