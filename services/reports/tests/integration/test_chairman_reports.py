"""Reports to the Chairman on PostgreSQL: the daily report of a special period reaches a real SMTP server on
127.0.0.1 (aiosmtpd) once per address, through a refused first attempt and two workers sending at once; the
narrative, the inbox, the paper and the plan report through the API, with bad input answered as problems."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.mail import MailSettings
from tiepdan.kit.service import Runtime
from tiepdan.kit.smtp_testing import Mailbox, SmtpServer
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app
from tiepdan.reports.adapters.orm import ReportMail, ReportSnapshot
from tiepdan.reports.app import SERVICE
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.narrative import MAX_NARRATIVE_CHARS
from tiepdan.reports.service.chairman import send_chairman_mails
from tiepdan.reports.service.schedule import run_schedule

WARD = "bach-quang"
CHAIRMAN = "chutich@bachquang.gov.vn"
DEPUTY = "phochutich@bachquang.gov.vn"
#: 18:00 in the ward on the congress's first day: the daily reports of 16–19/01 are due (the shipped calendar)
MADE_AT = datetime.fromisoformat("2026-01-19T11:00:00+00:00")
SEND_AT = MADE_AT + timedelta(minutes=30)
CLERK = bearer("clerk", unit=WARD, sub="u-clerk")
LEADER = bearer("leader", unit=WARD, sub="u-chairman")
OTHER_LEADER = bearer("leader", unit="tran-phu")


@pytest.fixture
def mailbox(smtp_server: SmtpServer) -> Mailbox:
    return smtp_server.mailbox


def _settings(smtp_server: SmtpServer) -> ReportSettings:
    return ReportSettings(
        unit=WARD,
        chairman_emails=(CHAIRMAN, DEPUTY),
        chairman_mail_after=timedelta(minutes=30),
        console_url="https://tiepdan.bachquang.gov.vn",
        mail=smtp_server.settings(sender="tiepdan@bachquang.gov.vn"),
    )


@pytest.fixture
def pg_reports(make_runtime, pg_url: str, dataset_events: list[Envelope], smtp_server: SmtpServer) -> Runtime:
    runtime = make_runtime(SERVICE, pg_url)
    runtime.state["reports"] = _settings(smtp_server)
    processor = runtime.processor()
    assert {processor.process(event.to_json().encode()).outcome for event in dataset_events} == {Outcome.DONE}
    return runtime


def _report_of(runtime: Runtime, day: str) -> str:
    with runtime.uow() as uow:
        return uow.session.scalars(
            select(ReportSnapshot.id).where(
                ReportSnapshot.template == "daily", ReportSnapshot.period_from == date.fromisoformat(day)
            )
        ).one()


def test_the_daily_report_reaches_the_chairman_once_per_address_though_the_first_attempt_is_refused(
    pg_reports: Runtime, mailbox: Mailbox
) -> None:
    assert len(run_schedule(pg_reports, MADE_AT)) == 4  # 16, 17, 18 and 19/01
    client = create_service_app(pg_reports).test_client()
    report_id = _report_of(pg_reports, "2026-01-19")
    narrative = {"situation": "Hai đoàn đông người đến trụ sở.", "proposals": "Đề nghị Công an phường hỗ trợ."}
    written = client.put(f"/api/v1/reports/{report_id}/narrative", json=narrative, headers=CLERK)
    assert written.status_code == 200, written.json
    assert send_chairman_mails(pg_reports, SEND_AT - timedelta(minutes=1)) == 0  # the office still has time
    assert mailbox.messages == []

    mailbox.data_answers = ["451 4.3.0 Hệ thống bận, gửi lại sau"] * 8  # every first attempt: 4 reports × 2 addresses
    assert send_chairman_mails(pg_reports, SEND_AT) == 0
    with pg_reports.uow() as uow:
        rows = uow.session.scalars(select(ReportMail)).all()
        assert {(row.status, row.attempts, row.last_error) for row in rows} == {
            ("retrying", 1, "SMTP 451: 4.3.0 Hệ thống bận, gửi lại sau")
        }
    assert send_chairman_mails(pg_reports, SEND_AT + timedelta(seconds=10)) == 0  # not before the back-off
    assert send_chairman_mails(pg_reports, SEND_AT + timedelta(seconds=30)) == 8
    assert send_chairman_mails(pg_reports, SEND_AT + timedelta(days=1)) == 0
    assert len(mailbox.messages) == 8
    assert sorted(address for rcpt, _ in mailbox.messages for address in rcpt) == sorted([CHAIRMAN, DEPUTY] * 4)
    assert len({message["Message-ID"] for message in mailbox.received}) == 8

    of_the_day = [m for m in mailbox.received if m["X-TiepDan-Report"] == report_id]
    assert sorted(m["To"] for m in of_the_day) == sorted([CHAIRMAN, DEPUTY])
    message = of_the_day[0]
    assert message["Subject"].startswith("Báo cáo ngày 19/01/2026")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Đề nghị Công an phường hỗ trợ." in body
    assert "https://tiepdan.bachquang.gov.vn/reports/bao-cao-chu-tich" in body
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    paper = client.get(f"/api/v1/reports/{report_id}/paper.pdf", headers=LEADER)
    assert attached["bao-cao-ngay-20260119.pdf"] == paper.data  # the paper with the narrative as it was sent
    assert paper.headers["X-Content-SHA256"] == written.json["paper_sha256"]

    inbox = client.get("/api/v1/reports/inbox", headers=LEADER)
    assert inbox.status_code == 200, inbox.json
    items = inbox.json["items"]
    assert [item["period"]["from"] for item in items] == ["2026-01-19", "2026-01-18", "2026-01-17", "2026-01-16"]
    assert items[0]["narrative"]["version"] == 1
    assert {(m["address"], m["status"], m["narrative_version"]) for m in items[0]["mails"]} == {
        (CHAIRMAN, "sent", 1),
        (DEPUTY, "sent", 1),
    }
    assert items[1]["narrative"] is None


def test_two_workers_sending_at_once_send_each_mail_once(pg_reports: Runtime, mailbox: Mailbox) -> None:
    run_schedule(pg_reports, MADE_AT)
    counts: list[int] = []
    workers = [
        threading.Thread(target=lambda: counts.append(send_chairman_mails(pg_reports, SEND_AT))) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(counts) == 8
    assert len(mailbox.messages) == 8


def test_a_claim_left_by_a_killed_worker_lapses_and_the_mail_goes_again_under_its_message_id(
    pg_reports: Runtime, mailbox: Mailbox
) -> None:
    run_schedule(pg_reports, MADE_AT)
    first: list[Any] = []

    def dies_after_sending(message: Any, settings: MailSettings) -> Any:
        from tiepdan.kit.mail import send

        first.append(send(message, settings))
        raise SystemExit("killed")  # the worker dies before it marks the mail sent

    with pytest.raises(SystemExit):
        send_chairman_mails(pg_reports, SEND_AT, send=dies_after_sending)
    assert len(mailbox.messages) == 1
    # the dead worker's claim holds its batch until the lease lapses; then every mail goes, the sent one again
    assert send_chairman_mails(pg_reports, SEND_AT + timedelta(minutes=1)) == 0
    assert send_chairman_mails(pg_reports, SEND_AT + timedelta(minutes=10)) == 8
    ids = [message["Message-ID"] for message in mailbox.received]
    assert len(ids) == 9
    assert len(set(ids)) == 8
    assert ids.count(first[0].message_id) == 2


def test_narrative_bad_input_unknown_and_other_units_reports(pg_reports: Runtime) -> None:
    run_schedule(pg_reports, MADE_AT)
    client = create_service_app(pg_reports).test_client()
    report_id = _report_of(pg_reports, "2026-01-19")
    url = f"/api/v1/reports/{report_id}/narrative"
    too_long = client.put(url, json={"situation": "x" * (MAX_NARRATIVE_CHARS + 1), "proposals": ""}, headers=CLERK)
    assert too_long.status_code == 422
    assert too_long.content_type == "application/problem+json"
    assert "situation" in too_long.json["errors"]
    missing = client.put(url, json={"situation": "Ổn định."}, headers=CLERK)
    assert missing.status_code == 422
    assert "proposals" in missing.json["errors"]
    body = {"situation": "Ổn định.", "proposals": "Không."}
    unknown = client.put("/api/v1/reports/00000000-0000-0000-0000-000000000000/narrative", json=body, headers=CLERK)
    assert unknown.status_code == 404
    assert unknown.content_type == "application/problem+json"
    assert client.put(url, json=body, headers=OTHER_LEADER).status_code == 404
    assert client.put(url, json=body, headers=bearer("province", units="*")).status_code == 403
    assert client.get(url, headers=CLERK).status_code == 404  # nothing written yet
    assert client.get("/api/v1/reports/inbox", headers=CLERK).status_code == 403
    assert client.get("/api/v1/reports/inbox", headers=OTHER_LEADER).json["items"] == []
    form = client.post(
        "/api/v1/reports",
        json={"template": "01/TCD", "period": {"kind": "quarter", "year": 2026, "n": 1}},
        headers=CLERK,
    )
    on_a_form = client.put(f"/api/v1/reports/{form.json['id']}/narrative", json=body, headers=CLERK)
    assert on_a_form.status_code == 422
    assert "report_id" in on_a_form.json["errors"]
    assert client.get(f"/api/v1/reports/{form.json['id']}/paper.pdf", headers=CLERK).status_code == 404


def test_the_plan_report_through_the_api(pg_reports: Runtime, pdf_text) -> None:
    client = create_service_app(pg_reports).test_client()
    asked = {"template": "plan", "period": {"kind": "quarter", "year": 2026, "n": 1}}
    made = client.post("/api/v1/reports", json=asked, headers=CLERK)
    assert made.status_code == 201, made.json
    figures = made.json["figures"]
    assert (figures["receptions"]["visits"], figures["receptions"]["persons"], figures["special_days"]) == (8, 35, 42)
    assert figures["cases_by_kind"]["total"] == 11
    narrative = {"situation": "Các đợt cao điểm được bảo đảm.", "proposals": "Đề nghị tỉnh hướng dẫn thêm."}
    written = client.put(f"/api/v1/reports/{made.json['id']}/narrative", json=narrative, headers=LEADER)
    assert written.status_code == 200
    paper = client.get(f"/api/v1/reports/{made.json['id']}/paper.pdf", headers=CLERK)
    text = " ".join(pdf_text(paper.data).split())
    assert "Kết quả thực hiện Kế hoạch tiếp công dân" in text
    assert "Đề nghị tỉnh hướng dẫn thêm." in text
    assert "TM. ỦY BAN NHÂN DÂN" in text
    # the snapshot's own PDF is unchanged by the narrative
    again = client.get(made.json["files"]["pdf"], headers=CLERK)
    assert again.headers["X-Content-SHA256"] == made.json["sha256"]["pdf"]
