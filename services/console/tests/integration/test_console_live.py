"""The alerts board, the police's and the province's views, on real services through their public APIs."""

from __future__ import annotations

import html
import re
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import requests
from conftest import LiveServer
from console_support import add_account, clear_rate_limits, csrf_from, fresh_unit, sign_in
from flask.testing import FlaskClient
from live_support import (
    CITIZEN,
    SERVICES,
    Wards,
    active_alerts,
    open_ward,
    register_group,
    rename_unit,
    report_over_level,
    wait_for_alert,
)

from tiepdan.console.config import ConsoleConfig
from tiepdan.console.web import live
from tiepdan.console.web.app import create_console_app
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import unused_port


@pytest.fixture(scope="module")
def live_pages_platform(serve_module_platform: Callable[..., LiveServer]) -> LiveServer:
    """Every service the live pages read, with the alerts worker running (it raises alerts)."""
    served = serve_module_platform(*SERVICES)
    served.platform.worker.start()
    return served


@pytest.fixture
def platform(live_pages_platform: LiveServer) -> Wards:
    """Two wards of their own on the module's platform: the alerts and figures a test sees are the ones it made."""
    unit = fresh_unit()
    clear_rate_limits(live_pages_platform.platform.apps["console"])
    return open_ward(live_pages_platform, unit, other_unit=fresh_unit(), suffix=f"-{unit}")


def signed_in(served: Wards, username: str) -> FlaskClient:
    client = served.platform.apps["console"].test_client()
    sign_in(client, served.username(username))
    return client


def text(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def test_the_board_lists_open_alerts_most_severe_first(platform: Wards) -> None:
    warning = report_over_level(platform, "province", subject="Giải phóng mặt bằng")
    critical = report_over_level(platform, "central", subject="Tái định cư")
    page = text(signed_in(platform, "hung"), "/alerts")
    assert page.index(f'id="alert-{critical}"') < page.index(f'id="alert-{warning}"')
    assert 'data-severity="critical"' in page
    assert "Khẩn cấp" in page
    assert 'id="alerts-refresh"' in page  # without JavaScript: a plain list and a refresh link
    assert "<script>" not in page
    assert 'src="/static/alerts.js"' in page


def next_page_link(page: str) -> str:
    found = re.search(r'<a href="([^"]+)" id="alerts-next-page"', page)
    assert found is not None, "no next page link"
    return html.unescape(found[1])


def test_the_board_pages_most_severe_then_newest_with_the_exact_total(
    platform: Wards, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "PAGE_SIZE", 2)
    critical = [report_over_level(platform, "central", subject=f"Tái định cư {n}") for n in range(3)]
    warning = [report_over_level(platform, "province", subject=f"Giải phóng mặt bằng {n}") for n in range(2)]
    leader = signed_in(platform, "hung")
    pages = [text(leader, "/alerts")]
    pages.append(text(leader, next_page_link(pages[0])))
    pages.append(text(leader, next_page_link(pages[1])))
    shown = [re.findall(r'<li class="alert [^"]*" id="alert-([^"]+)"', page) for page in pages]
    # newest first within a severity; the second page crosses from the critical alerts into the warnings
    assert shown == [[critical[2], critical[1]], [critical[0], warning[1]], [warning[0]]]
    assert "5 cảnh báo đang mở" in pages[0]
    assert "Trang 1/3" in pages[0]
    assert "Trang trước" not in pages[0]
    assert "Trang 2/3" in pages[1]
    assert "Trang trước" in pages[1]
    assert "Trang sau" in pages[1]
    assert "Trang 3/3" in pages[2]
    assert 'id="alerts-next-page"' not in pages[2]
    # acting on an alert comes back to the page shown, and the stream sends that page
    assert 'name="back" value="/alerts?trang=2&amp;tu=' in pages[1]
    back = html.unescape(re.findall(r'name="back" value="([^"]+)"', pages[1])[0])
    acted = leader.post(
        f"/alerts/{warning[1]}/ack", data={"csrf_token": csrf_from(leader.get("/alerts")), "note": "", "back": back}
    )
    assert acted.status_code == 302
    assert acted.headers["Location"] == back
    stream = re.search(r'data-stream="([^"]+)"', pages[1])
    assert stream is not None
    assert "trang=2" in stream[1]
    previous = re.search(r'<a href="([^"]+)" id="alerts-previous-page"', pages[2])
    assert previous is not None
    assert f'id="alert-{critical[0]}"' in text(leader, html.unescape(previous[1]))


@pytest.mark.parametrize(
    "query", ["trang=abc", "trang=7", "trang=2", "trang=2&tu=9:", "trang=2&tu=0:bm90LWEtY3Vyc29y", "trang=3&tu=0:"]
)
def test_a_nonsense_page_gives_the_first_page_with_a_message(platform: Wards, query: str) -> None:
    alert_id = report_over_level(platform, "central")
    page = text(signed_in(platform, "hung"), f"/alerts?{query}")
    assert "Không có trang này; đang hiển thị trang đầu." in page
    assert f'id="alert-{alert_id}"' in page
    assert "1 cảnh báo đang mở" in page


def read_events(answer: object, until: Callable[[str], bool], timeout_s: float) -> str:
    """What the stream sent until `until(received)` holds (or the time runs out)."""
    received = ""
    deadline = time.monotonic() + timeout_s
    chunks: Iterator[bytes] = answer.response  # type: ignore[attr-defined]
    for chunk in chunks:
        received += chunk.decode() if isinstance(chunk, bytes) else chunk
        if until(received) or time.monotonic() > deadline:
            break
    return received


@pytest.mark.alone  # the alert must show within 2 s: no other test takes the CPU meanwhile
def test_the_stream_sends_the_list_again_within_two_seconds_of_a_new_alert(platform: Wards) -> None:
    client = signed_in(platform, "loc")
    answer = client.get("/alerts/stream?back=/police", buffered=False)
    assert answer.status_code == 200
    assert answer.mimetype == "text/event-stream"
    first = read_events(answer, lambda got: "event: alerts" in got, 5)
    assert "retry: " in first
    assert 'id="alerts-empty"' in first
    register_group(platform, 12)
    raised = time.monotonic()
    second = read_events(answer, lambda got: "data-alert-id" in got, 10)
    answer.close()
    assert time.monotonic() - raised < 2.0
    assert 'class="alert alert-' in second
    assert 'name="back" value="/police"' in second
    assert CITIZEN["full_name"] not in second
    assert CITIZEN["id_number"] not in second


def test_the_stream_ends_after_its_lifetime_and_the_browser_reconnects(
    platform: Wards, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "STREAM_S", 1.0)
    client = signed_in(platform, "hung")
    started = time.monotonic()
    received = client.get("/alerts/stream").get_data(as_text=True)
    assert time.monotonic() - started < 5
    assert received.startswith(f"retry: {live.RECONNECT_MS}")


def test_the_stream_ends_before_the_token_it_polls_with(platform: Wards, monkeypatch: pytest.MonkeyPatch) -> None:
    from tiepdan.console.web.context import console, current_account

    def short_lived_token() -> str:  # as a reused token would be: 12 s left, the stream may poll for 2
        account = current_account()
        assert account is not None
        return console().signer.sign(account.claims(), 12, "person")

    monkeypatch.setattr(live, "person_token", short_lived_token)
    client = signed_in(platform, "hung")
    started = time.monotonic()
    received = client.get("/alerts/stream").get_data(as_text=True)
    assert 1.5 < time.monotonic() - started < 10  # not STREAM_S (60 s)
    assert "event: alerts" in received


def test_police_see_the_crowd_without_personal_data_acknowledge_and_the_leader_resolves(
    platform: Wards,
) -> None:
    register_group(platform, 12)
    alert = wait_for_alert(platform, "crowd")
    police = signed_in(platform, "loc")
    for path in ("/alerts", "/police"):
        page = text(police, path)
        assert f'id="alert-{alert["id"]}"' in page
        for private in CITIZEN.values():
            if isinstance(private, str):
                assert private not in page
    police_view = text(police, "/police")
    assert 'id="groups-today"' in police_view
    assert "12 người" in police_view
    assert 'id="duty-empty"' in police_view  # no published roster yet: said, not an error
    assert 'class="resolve-form"' not in police_view  # police acknowledge, they do not resolve

    token = csrf_from(police.get("/alerts"))
    acked = police.post(
        f"/alerts/{alert['id']}/ack", data={"csrf_token": token, "note": "Đã cử cán bộ đến", "back": "/police"}
    )
    assert acked.status_code == 302
    assert acked.headers["Location"] == "/police"
    [after] = [a for a in active_alerts(platform) if a["id"] == alert["id"]]
    assert after["status"] == "acknowledged"
    assert after["acknowledged_by"] == f"Cán bộ {platform.username('loc')}"

    leader = signed_in(platform, "hung")
    token = csrf_from(leader.get("/alerts"))
    resolved = leader.post(f"/alerts/{alert['id']}/resolve", data={"csrf_token": token, "note": "Đã giải thích"})
    assert resolved.status_code == 302
    assert all(a["id"] != alert["id"] for a in active_alerts(platform))
    assert "Đã đóng cảnh báo." in text(leader, "/alerts")


def test_acting_on_an_alert_of_another_unit_or_unknown_answers_404(platform: Wards) -> None:
    elsewhere = report_over_level(platform, "central", unit=platform.other_unit)
    leader = signed_in(platform, "hung")
    token = csrf_from(leader.get("/alerts"))
    for alert_id in (elsewhere, "0190f1d2-0000-7000-8000-000000000000"):
        answer = leader.post(f"/alerts/{alert_id}/resolve", data={"csrf_token": token, "note": ""})
        assert answer.status_code == 404
    assert f'id="alert-{elsewhere}"' not in text(leader, "/alerts")


def test_nonsense_in_the_boards_address_gives_the_board(platform: Wards) -> None:
    leader = signed_in(platform, "hung")
    page = leader.get("/alerts?severity=%00&status=ghost&since=" + "x" * 300)
    assert page.status_code == 200
    assert 'id="alerts-board"' in page.get_data(as_text=True)
    elsewhere = report_over_level(platform, "central", unit=platform.other_unit)
    token = csrf_from(leader.get("/alerts"))
    assert leader.post(f"/alerts/{elsewhere}/ack", data={"csrf_token": token, "note": ""}).status_code == 404
    assert leader.post("/alerts/%00/resolve", data={"csrf_token": token, "note": ""}).status_code == 404


def test_a_second_acknowledgement_is_a_message_not_an_error(platform: Wards) -> None:
    alert_id = report_over_level(platform, "central")
    police = signed_in(platform, "loc")
    for _ in range(2):
        token = csrf_from(police.get("/alerts"))
        answer = police.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token, "note": ""})
        assert answer.status_code == 302
    assert "Không thực hiện được" in text(police, "/alerts")


def test_a_note_too_long_is_refused_with_a_message(platform: Wards) -> None:
    alert_id = report_over_level(platform, "central")
    police = signed_in(platform, "loc")
    token = csrf_from(police.get("/alerts"))
    answer = police.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token, "note": "x" * 2001})
    assert answer.status_code == 302
    assert "Ghi chú tối đa 2000 ký tự." in text(police, "/alerts")
    assert active_alerts(platform)[0]["status"] == "open"


def test_the_pages_are_guarded_by_role(platform: Wards) -> None:
    add_account(platform.platform.runtimes["console"], platform.username("an"), ("scheduler",), unit=platform.unit)
    scheduler = signed_in(platform, "an")
    for path in ("/alerts", "/police", "/province"):
        assert scheduler.get(path).status_code == 403
    assert signed_in(platform, "lan").get("/police").status_code == 403
    assert signed_in(platform, "hung").get("/province").status_code == 403
    assert platform.platform.apps["console"].test_client().get("/alerts").status_code == 302


def over_level_form(unit: str, **overrides: str) -> dict[str, str]:
    return {
        "unit": unit,
        "reported_at": "03/12/2026 08:30",
        "level": "central",
        "place": "Trụ sở Tiếp công dân Trung ương, Hà Nội",
        "headcount": "15",
        "field": "compensation",
        "area": "Tổ dân phố 7",
        "subject": "Bồi thường dự án đường vành đai",
        "summary": "",
        "request_key": str(uuid.uuid4()),  # the reports' idempotency key: new per form, the platform is shared
        **overrides,
    }


def test_the_province_files_an_over_level_report_and_the_ward_gets_a_critical_alert(platform: Wards) -> None:
    province = signed_in(platform, "tinh")
    page = text(province, "/province")
    assert f'id="ward-{platform.unit}"' in page
    assert f'id="ward-{platform.other_unit}"' in page
    form = over_level_form(platform.unit, csrf_token=csrf_from(province.get("/province")))
    answer = province.post("/province/over-level", data=form)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/province"
    again = province.post("/province/over-level", data=form)  # the same form sent twice: one report
    assert again.status_code == 302
    [alert] = active_alerts(platform)
    assert (alert["kind"], alert["severity"], alert["headcount"]) == ("over_level", "critical", 15)
    assert f'id="alert-{alert["id"]}"' in text(signed_in(platform, "hung"), "/alerts")
    page = text(province, "/province")
    assert "Đã gửi báo cáo vượt cấp" in page
    ward_row = page[page.index(f'id="ward-{platform.unit}"') :]
    assert '<td class="ward-critical">1</td>' in ward_row[: ward_row.index("</tr>")]
    assert '<td class="ward-alerts">1</td>' in ward_row[: ward_row.index("</tr>")]


def test_a_wrong_over_level_report_answers_422_with_its_fields_marked(platform: Wards) -> None:
    province = signed_in(platform, "tinh")
    token = csrf_from(province.get("/province"))
    answer = province.post(
        "/province/over-level",
        data=over_level_form("nowhere", csrf_token=token, headcount="0", place="", reported_at="hôm qua"),
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    for name in ("headcount", "place", "unit", "reported_at"):
        assert f'id="{name}-errors"' in page
    assert 'value="Tổ dân phố 7"' in page  # what was typed is kept
    assert active_alerts(platform) == []


def test_the_province_sees_every_ward_in_scope_with_figures(platform: Wards) -> None:
    register_group(platform, 12)
    wait_for_alert(platform, "crowd")
    deadline = time.monotonic() + 10
    province = signed_in(platform, "tinh")
    while time.monotonic() < deadline:  # reports counts from intake's events, through the worker
        page = text(province, "/province")
        row = page[page.index(f'id="ward-{platform.unit}"') :]
        row = row[: row.index("</tr>")]
        if '<td class="ward-visits">1</td>' in row:
            break
        time.sleep(0.2)
    assert '<td class="ward-visits">1</td>' in row
    assert "12 người" in row


def test_the_province_names_each_ward_as_the_platform_does_and_says_when_none_is_named(platform: Wards) -> None:
    rename_unit(platform, platform.other_unit, "UBND phường Trần Phú")
    unnamed = fresh_unit()
    add_account(
        platform.platform.runtimes["console"],
        platform.username("tinh-moi"),
        ("province",),
        unit=None,
        units=f"{platform.other_unit},{unnamed}",
    )
    page = html.unescape(text(signed_in(platform, "tinh-moi"), "/province"))
    assert '<th scope="row">UBND phường Trần Phú</th>' in page
    assert f'<option value="{platform.other_unit}">UBND phường Trần Phú</option>' in page  # the over-level form's wards
    assert f'<th scope="row">Đơn vị chưa đặt tên (mã {unnamed})</th>' in page
    assert f"Đơn vị {platform.other_unit}" not in page


@pytest.mark.parametrize("query", ["?start=hôm-qua&end=2026-13-45", "?start=2026-12-31&end=2026-01-01"])
def test_a_nonsense_period_gives_the_page_with_a_message(platform: Wards, query: str) -> None:
    page = signed_in(platform, "tinh").get("/province" + query)
    assert page.status_code == 200
    assert 'id="period-problem"' in page.get_data(as_text=True)


def test_services_down_give_clear_messages(runtime: Runtime) -> None:
    add_account(runtime, "loc", ("police",))
    add_account(runtime, "tinh", ("province",), unit=None, units="*")
    app = create_console_app(runtime, ConsoleConfig(api_timeout_s=1.0, api_url=f"http://127.0.0.1:{unused_port()}"))
    police = app.test_client()
    sign_in(police, "loc")
    for path in ("/alerts", "/police"):
        page = police.get(path)
        assert page.status_code == 200
        assert "không kết nối được dịch vụ cảnh báo" in page.get_data(as_text=True)
    assert "không kết nối được dịch vụ lịch trực" in police.get("/police").get_data(as_text=True)
    province = app.test_client()
    sign_in(province, "tinh")
    page = province.get("/province").get_data(as_text=True)
    assert "không kết nối được dịch vụ báo cáo" in page
    token = csrf_from(province.get("/province"))
    answer = province.post("/province/over-level", data=over_level_form("bach-quang", csrf_token=token))
    assert answer.status_code == 503
    assert "Báo cáo chưa được gửi" in answer.get_data(as_text=True)


def test_the_alert_sound_is_served(client: FlaskClient) -> None:
    sound = client.get("/static/critical.wav")
    assert sound.status_code == 200
    assert sound.mimetype in ("audio/wav", "audio/x-wav")
    assert sound.data[:4] == b"RIFF"
    assert len(sound.data) < 40_000


def test_in_embedded_mode_the_board_paths_reach_the_console_and_the_api_keeps_its_documents(
    platform: Wards,
) -> None:
    for path in ("/alerts", "/alerts/stream", "/police", "/province"):
        answer = requests.get(platform.base + path, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, path
        assert answer.headers["Location"].startswith("/login?next=")
    assert requests.get(platform.base + "/alerts/openapi.json", timeout=10).json()["info"]


def test_the_province_page_keeps_the_period_chosen_in_its_links(
    platform: Wards, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "PAGE_SIZE", 1)
    for n in range(2):
        report_over_level(platform, "central", subject=f"Tái định cư {n}")
    province = signed_in(platform, "tinh")
    chosen = "start=01/11/2026&end=30/11/2026"
    shown = "Tình hình từng phường, từ 01/11/2026 đến 30/11/2026"
    first = text(province, f"/province?{chosen}")
    second = text(province, next_page_link(first))
    assert shown in second
    assert "Trang 2/2" in second
    previous = re.search(r'<a href="([^"]+)" id="alerts-previous-page"', second)
    assert previous is not None
    assert shown in text(province, html.unescape(previous[1]))
    refresh = re.search(r'<a href="([^"]+)" id="alerts-refresh"', second)
    assert refresh is not None
    assert chosen in html.unescape(refresh[1])
    assert all(chosen in html.unescape(back) for back in re.findall(r'name="back" value="([^"]+)"', second))
    stream = re.search(r'data-stream="([^"]+)"', second)
    assert stream is not None
    anew = re.sub(r"since=[0-9a-f]+", "since=", html.unescape(stream[1]))  # as after the list changed
    streamed = province.get(anew, buffered=False)
    sent = read_events(streamed, lambda got: "event: alerts" in got, 5)
    streamed.close()
    assert chosen.replace("&", "&amp;") in sent  # the pages' links the stream sends keep it too
    action = re.search(r'<form method="post" action="([^"]+)" id="over-level-form"', second)
    assert action is not None
    form = over_level_form(platform.unit, csrf_token=csrf_from(province.get("/province")))
    filed = province.post(html.unescape(action[1]), data=form)
    assert filed.status_code == 302
    assert filed.headers["Location"] == f"/province?{chosen}"
