"""Reports to the Chairman, the ward office's narrative and the plan report through the service layer, on the
in-memory unit of work."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from tiepdan.kit import mail
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.daily import AlertSeen
from tiepdan.reports.domain.periods import CutOffRule, Period
from tiepdan.reports.domain.schedule import ScheduledReport
from tiepdan.reports.handlers.intake import petition_values, visit_values
from tiepdan.reports.service import projections
from tiepdan.reports.service.chairman import (
    chairman_message,
    claim_mails,
    inbox_page,
    record_mail,
)
from tiepdan.reports.service.narratives import NarrativeError, report_paper, write_narrative
from tiepdan.reports.service.schedule import make_scheduled
from tiepdan.reports.service.snapshots import ReportRequest, make_report

WARD = "bach-quang"
CHAIRMAN = "chutich@bachquang.gov.vn"
DEPUTY = "phochutich@bachquang.gov.vn"
CONGRESS_DAY = date(2026, 1, 19)  # critical: the congress opens (the shipped calendar)
MADE_AT = datetime(2026, 1, 19, 11, tzinfo=UTC)  # 18:00 in the ward, after the daily report's time
SETTINGS = ReportSettings(
    unit=WARD,
    chairman_emails=(CHAIRMAN, DEPUTY),
    chairman_mail_after=timedelta(minutes=30),
    mail=mail.MailSettings(host="127.0.0.1", port=2525),
)
SEND_AT = MADE_AT + timedelta(minutes=30)


@pytest.fixture
def projected(fake_uow, events_of, visit_rows, petition_facts):
    with fake_uow:
        projections.record_visits(fake_uow, [visit_values(events_of.visit(row)) for row in visit_rows])
        for petition in petition_facts:
            projections.record_petition(fake_uow, petition_values(events_of.petition(petition)))
        fake_uow.commit()
    return fake_uow


def _daily(unit: str = WARD) -> ScheduledReport:
    return ScheduledReport(f"daily|{unit}|{CONGRESS_DAY}", unit, "daily", Period(CONGRESS_DAY, CONGRESS_DAY, "daily"))


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_daily_report_of_a_special_period_reaches_the_inbox_and_queues_one_mail_per_address(projected) -> None:
    with projected:
        report_id = make_scheduled(projected, SETTINGS, _daily(), MADE_AT)
        assert make_scheduled(projected, SETTINGS, _daily(), MADE_AT) is None  # made once, addressed once
        page = inbox_page(projected, frozenset({WARD}), {})
    [item] = page.items
    assert (item.report_id, item.unit, item.template) == (report_id, WARD, "daily")
    assert item.figures["days"][0]["visits"] == 2  # a3 (periodic, 6 people) and b1 (regular, 7)
    assert {(m.address, m.status) for m in item.mails} == {(CHAIRMAN, "pending"), (DEPUTY, "pending")}
    assert {m.next_attempt_at for m in projected.store.mails.values()} == {SEND_AT}
    with projected:
        assert inbox_page(projected, frozenset({"tran-phu"}), {}).items == []


def test_another_units_daily_report_goes_to_its_inbox_but_is_not_mailed_from_this_deployment(projected) -> None:
    with projected:
        report_id = make_scheduled(projected, SETTINGS, _daily("tran-phu"), MADE_AT)
        [item] = inbox_page(projected, None, {}).items
    assert item.report_id == report_id
    assert projected.store.mails == {}


def test_a_mail_is_claimed_once_retried_after_a_failure_and_marked_sent(projected) -> None:
    with projected:
        report_id = make_scheduled(projected, SETTINGS, _daily(), MADE_AT)
    with projected:
        assert claim_mails(projected, SEND_AT - timedelta(seconds=1)) == []  # the office still has time
        claimed = claim_mails(projected, SEND_AT)
        assert sorted(claimed) == [(report_id, CHAIRMAN), (report_id, DEPUTY)]
        assert claim_mails(projected, SEND_AT) == []  # held by the first claim
        outgoing = chairman_message(projected, SETTINGS, report_id, CHAIRMAN)
    assert outgoing is not None
    later = mail.Failure(CHAIRMAN, "SMTP 451: 4.3.0 try again later", 451)
    failed = mail.Sent(mail.message_id(outgoing.message.stable_id, SETTINGS.mail.sender), failures=(later,))
    with projected:
        assert record_mail(projected, (report_id, CHAIRMAN), failed, None, SEND_AT) == 0
    row = projected.mails.get(report_id, CHAIRMAN)
    assert (row.status, row.attempts, row.next_attempt_at) == ("retrying", 1, SEND_AT + timedelta(seconds=30))
    retry_at = SEND_AT + timedelta(seconds=30)
    with projected:
        assert claim_mails(projected, retry_at) == [(report_id, CHAIRMAN)]
        again = chairman_message(projected, SETTINGS, report_id, CHAIRMAN)
        assert again.message.stable_id == outgoing.message.stable_id  # the same Message-ID on the retry
        assert (
            record_mail(projected, (report_id, CHAIRMAN), mail.Sent(failed.message_id, (CHAIRMAN,)), None, retry_at)
            == 1
        )
        assert claim_mails(projected, retry_at + timedelta(days=1)) == [(report_id, DEPUTY)]  # its claim lapsed
    assert (row.status, row.attempts, row.sent_at) == ("sent", 2, retry_at)


def test_a_permanent_refusal_is_not_retried(projected) -> None:
    with projected:
        report_id = make_scheduled(projected, SETTINGS, _daily(), MADE_AT)
        claim_mails(projected, SEND_AT)
        no_mailbox = mail.Failure(DEPUTY, "SMTP 550: 5.1.1 no such mailbox", 550, permanent=True)
        refused = mail.Sent("<x@bachquang.gov.vn>", failures=(no_mailbox,))
        record_mail(projected, (report_id, DEPUTY), refused, None, SEND_AT)
    assert projected.mails.get(report_id, DEPUTY).status == "failed"


def test_the_narrative_is_a_signed_version_beside_an_unchanged_snapshot_and_goes_into_the_mail(projected) -> None:
    with projected:
        report_id = make_scheduled(projected, SETTINGS, _daily(), MADE_AT)
    files_before = {f.format: f.sha256 for f in projected.snapshots.files_of(report_id)}
    texts = ("Hai đoàn đến trụ sở, đã tiếp và giải thích.", "Đề nghị Công an phường tăng cường lực lượng.")
    with projected:
        first = write_narrative(projected, report_id, frozenset({WARD}), texts, by="u-clerk", now=MADE_AT)
    assert (first.version, first.written_by, len(first.sha256)) == (1, "u-clerk", 64)
    with projected:
        same = write_narrative(projected, report_id, frozenset({WARD}), texts, by="u-leader", now=SEND_AT)
        assert same.version == 1  # the same text again is not a new version
        second = write_narrative(
            projected,
            report_id,
            frozenset({WARD}),
            (texts[0], "Đề nghị UBND phường họp giao ban."),
            by="u-leader",
            now=SEND_AT,
        )
    assert second.version == 2
    assert second.sha256 != first.sha256
    assert {f.format: f.sha256 for f in projected.snapshots.files_of(report_id)} == files_before
    with projected:
        snapshot = projected.snapshots.get(report_id)
        paper = report_paper(projected, snapshot, projected.snapshots.files_of(report_id))
        outgoing = chairman_message(projected, SETTINGS, report_id, CHAIRMAN)
    assert paper.narrative_version == 2
    assert paper.sha256 == hashlib.sha256(paper.content).hexdigest() == second.paper_sha256
    printed = " ".join(_pdf_text(paper.content).split())
    assert "Đề nghị UBND phường họp giao ban." in printed
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân phường" in printed
    assert outgoing.narrative_version == 2
    assert "Đề nghị UBND phường họp giao ban." in outgoing.message.text
    assert "Tiếp 2 lượt, 13 người; 2 đoàn đông người" in outgoing.message.text
    assert outgoing.message.subject.startswith("Báo cáo ngày 19/01/2026")


def test_a_narrative_on_another_units_report_or_on_a_form_is_refused(projected) -> None:
    with projected:
        report_id = make_scheduled(projected, SETTINGS, _daily(), MADE_AT)
        texts = ("Tình hình.", "Đề xuất.")
        assert write_narrative(projected, report_id, frozenset({"tran-phu"}), texts, by="u", now=MADE_AT) is None
        assert write_narrative(projected, "no-such-report", frozenset({WARD}), texts, by="u", now=MADE_AT) is None
        request = ReportRequest("01/TCD", Period(CONGRESS_DAY, CONGRESS_DAY), frozenset({WARD}), "u", WARD)
        form = make_report(projected, SETTINGS, request, MADE_AT)
        with pytest.raises(NarrativeError) as refused:
            write_narrative(projected, form["id"], frozenset({WARD}), texts, by="u", now=MADE_AT)
    assert refused.value.field == "report_id"
    assert projected.store.narratives == {}


def test_the_plan_report_counts_the_period_and_prints_a_paper(projected) -> None:
    q1 = CutOffRule().window("quarter", 2026, 1)  # 15/12/2025–14/03/2026
    raised = datetime(2026, 1, 19, 2, tzinfo=UTC)
    with projected:
        projections.record_alert(projected, AlertSeen("al-1", WARD, "crowd", "open", raised, None, raised))
        before = datetime(2025, 12, 1, 2, tzinfo=UTC)  # raised before the period: not counted
        projections.record_alert(projected, AlertSeen("al-0", WARD, "over_level", "open", before, None, before))
        request = ReportRequest("plan", q1, frozenset({WARD}), "u-clerk", WARD)
        document = make_report(projected, SETTINGS, request, datetime(2026, 4, 1, 3, tzinfo=UTC))
    figures = document["figures"]
    receptions = figures["receptions"]
    assert (receptions["visits"], receptions["persons"], receptions["groups"], receptions["petitions"]) == (8, 35, 4, 6)
    # complaint: a, b, c, e, k3, k5, k7; recommendation: c (its first visit), k4; denunciation: d; feedback: k6
    assert figures["cases_by_kind"] == {
        "complaint": 7,
        "denunciation": 1,
        "recommendation": 2,
        "feedback": 1,
        "mixed": 0,
        "total": 11,
    }
    assert figures["alerts_by_kind"]["crowd"] == 1
    assert figures["alerts_by_kind"]["total"] == 1
    # the shipped calendar: 12–30/01 (19 days), 14–22/02 (9), 01–14/03 (14)
    assert figures["special_days"] == 42
    pdf = next(f for f in projected.snapshots.files_of(document["id"]) if f.format == "pdf")
    printed = " ".join(_pdf_text(pdf.content).split())
    assert "Kết quả thực hiện Kế hoạch tiếp công dân từ ngày 15/12/2025 đến ngày 14/03/2026" in printed
    assert "Số ngày cao điểm (kỳ đặc biệt) 42" in printed
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed
    csv_text = next(f for f in projected.snapshots.files_of(document["id"]) if f.format == "csv").content.decode(
        "utf-8-sig"
    )
    assert "UBND phường Bách Quang,8,35,4,6,7,1,2,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,42" in csv_text
