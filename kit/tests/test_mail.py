"""`tiepdan.kit.mail` against a real SMTP server on 127.0.0.1 (aiosmtpd, `smtp_server`): what arrives, one copy
per address, a stable Message-ID, a long Vietnamese subject whole, failures answered as results, and STARTTLS and
TLS with a certificate checked against the configured CA (one the test makes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tiepdan.kit.mail import Attachment, MailSettings, Message, message_id, send
from tiepdan.kit.smtp_testing import Certificate, SmtpServer, make_certificate

SENDER = "tiepdan@bachquang.gov.vn"
CHAIRMAN = "chutich@bachquang.gov.vn"
DEPUTY = "phochutich@bachquang.gov.vn"
#: larger than one read of the server's: the lines of what is sent end as SMTP wants
PDF = b"%PDF-1.4 " + bytes(range(256)) * 256
MESSAGE = Message(
    stable_id="reports/r-1/chutich@bachquang.gov.vn",
    to=(CHAIRMAN,),
    subject="Báo cáo ngày 19/01/2026",
    text="Kính gửi: Chủ tịch UBND phường.\n",
    attachments=(Attachment("bao-cao.pdf", "application/pdf", PDF),),
    headers={"X-TiepDan-Report": "r-1"},
)


def test_a_message_arrives_with_its_stable_message_id_and_attachment(smtp_server: SmtpServer) -> None:
    settings = smtp_server.settings(sender=SENDER)
    sent = send(MESSAGE, settings)
    assert (sent.ok, sent.accepted, sent.error) == (True, (CHAIRMAN,), None)
    assert sent.message_id == message_id(MESSAGE.stable_id, SENDER)
    assert sent.message_id.endswith("@bachquang.gov.vn>")
    [(rcpt, received)] = smtp_server.mailbox.messages
    assert rcpt == [CHAIRMAN]
    assert received["Message-ID"] == sent.message_id
    assert received["From"].addresses[0].display_name == "Tiếp Dân"
    assert received["Subject"] == "Báo cáo ngày 19/01/2026"
    assert received["X-TiepDan-Report"] == "r-1"
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().rstrip() == "Kính gửi: Chủ tịch UBND phường."
    [attached] = list(received.iter_attachments())
    assert (attached.get_filename(), attached.get_content()) == ("bao-cao.pdf", PDF)
    assert send(MESSAGE, settings).message_id == sent.message_id  # a retry is the same message


def test_each_address_gets_its_own_copy_and_a_refusal_names_only_its_address(smtp_server: SmtpServer) -> None:
    mailbox = smtp_server.mailbox
    mailbox.refuse = {DEPUTY: "451 4.2.1 Hộp thư tạm thời bận"}
    to_three = Message("alerts/d-1", (CHAIRMAN, DEPUTY, "vanphong@bachquang.gov.vn"), "[Cảnh báo] Đoàn", "Nội dung\n")
    sent = send(to_three, smtp_server.settings())
    assert sent.accepted == (CHAIRMAN, "vanphong@bachquang.gov.vn")
    assert [(f.address, f.code, f.permanent) for f in sent.failures] == [(DEPUTY, 451, False)]
    assert (sent.ok, sent.permanent, sent.code) == (False, False, 451)
    assert sent.error == "SMTP 451: 4.2.1 Hộp thư tạm thời bận"
    assert [rcpt for rcpt, _ in mailbox.messages] == [[CHAIRMAN], ["vanphong@bachquang.gov.vn"]]
    assert [m["To"] for m in mailbox.received] == [CHAIRMAN, "vanphong@bachquang.gov.vn"]  # nobody sees the others
    assert {m["Message-ID"] for m in mailbox.received} == {sent.message_id}

    mailbox.refuse = {DEPUTY: "550 5.1.1 Không có hộp thư này"}
    again = send(Message("alerts/d-1", (DEPUTY,), "[Cảnh báo] Đoàn", "Nội dung\n"), smtp_server.settings())
    assert (again.ok, again.permanent, again.accepted, again.code) == (False, True, (), 550)


def test_temporary_and_permanent_refusals_and_no_server_are_results(smtp_server: SmtpServer) -> None:
    settings = smtp_server.settings(sender=SENDER)
    smtp_server.mailbox.data_answers = ["451 4.3.0 try again later"]
    later = send(MESSAGE, settings)
    assert (later.ok, later.permanent, later.error, later.accepted) == (
        False,
        False,
        "SMTP 451: 4.3.0 try again later",
        (),
    )
    smtp_server.mailbox.data_answers = ["554 5.7.1 rejected"]
    refused = send(MESSAGE, settings)
    assert (refused.ok, refused.permanent, refused.code) == (False, True, 554)
    smtp_server.stop()
    nowhere = send(MESSAGE, smtp_server.settings(timeout_s=2))
    assert (nowhere.ok, nowhere.permanent, nowhere.code) == (False, False, None)
    assert nowhere.error == "ConnectionRefusedError: không gửi được thư"
    assert smtp_server.mailbox.messages == []


#: Subjects Python's own folding breaks ("tình hìnhtiếp", "cưsố"): they arrive whole, every space kept.
LONG_SUBJECTS = (
    "Báo cáo ngày 19/01/2026 — tình hình tiếp công dân của Ủy ban nhân dân phường Bách Quang trong thời gian cao "
    "điểm Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    "[Khẩn cấp] Đoàn đông người (25 người) — Đất đai, Dự án khu dân cư số 3, Tổ dân phố 5, phường Bách Quang, đề "
    "nghị Công an phường hỗ trợ bảo đảm an ninh trật tự tại trụ sở tiếp công dân",
)


@pytest.mark.parametrize("subject", LONG_SUBJECTS)
def test_a_long_vietnamese_subject_arrives_with_its_spaces(smtp_server: SmtpServer, subject: str) -> None:
    sent = send(Message("alerts/d-2", (CHAIRMAN,), subject, "Nội dung\n"), smtp_server.settings())
    assert sent.ok
    [received] = smtp_server.mailbox.received
    assert received["Subject"] == subject


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIEPDAN_SMTP_HOST", "smtp.bachquang.gov.vn")
    monkeypatch.setenv("TIEPDAN_SMTP_TLS", "starttls")
    monkeypatch.setenv("TIEPDAN_SMTP_FROM_NAME", "Tiếp Dân — Cảnh báo")
    monkeypatch.setenv("TIEPDAN_SMTP_TIMEOUT_S", "7.5")
    monkeypatch.setenv("TIEPDAN_SMTP_CA_FILE", "/etc/tiepdan/smtp-ca.pem")
    settings = MailSettings.from_env()
    assert settings.ca_file == "/etc/tiepdan/smtp-ca.pem"
    assert (settings.host, settings.port, settings.tls, settings.configured) == (
        "smtp.bachquang.gov.vn",
        587,
        "starttls",
        True,
    )
    assert (settings.sender, settings.sender_name, settings.timeout_s) == (
        "tiepdan@localhost",
        "Tiếp Dân — Cảnh báo",
        7.5,
    )
    monkeypatch.setenv("TIEPDAN_SMTP_PORT", "2525")
    assert MailSettings.from_env().port == 2525
    monkeypatch.setenv("TIEPDAN_SMTP_TLS", "ssl")
    with pytest.raises(ValueError, match="TLS mode"):
        MailSettings.from_env()
    assert not MailSettings().configured


@pytest.fixture
def certificate(tmp_path: Path) -> Certificate:
    return make_certificate(tmp_path / "smtp")


@pytest.fixture(params=["starttls", "tls"])
def tls_server(request: pytest.FixtureRequest, certificate: Certificate) -> Iterator[SmtpServer]:
    """STARTTLS on the submission port, or TLS from the first byte (SMTPS), with the test's own CA."""
    server = SmtpServer(tls=request.param, certificate=certificate)
    server.start()
    yield server
    server.stop()


def test_a_message_arrives_over_tls_checked_against_the_configured_ca(tls_server: SmtpServer) -> None:
    sent = send(MESSAGE, tls_server.settings(sender=SENDER))
    assert (sent.ok, sent.accepted) == (True, (CHAIRMAN,))
    [received] = tls_server.mailbox.received
    assert received["Message-ID"] == sent.message_id


def test_an_untrusted_certificate_is_a_clear_failure_that_may_pass_later(
    tls_server: SmtpServer, tmp_path: Path
) -> None:
    another_ca = make_certificate(tmp_path / "another").ca_file
    untrusted = send(MESSAGE, tls_server.settings(ca_file=another_ca, timeout_s=5))
    assert (untrusted.ok, untrusted.permanent, untrusted.accepted, untrusted.code) == (False, False, (), None)
    assert untrusted.error == (
        "TLS: chứng chỉ của máy chủ thư không được tin cậy (unable to get local issuer certificate), không gửi được thư"
    )
    # the system's CAs do not know the test's either
    assert not send(MESSAGE, tls_server.settings(ca_file="", timeout_s=5)).ok
    assert tls_server.mailbox.messages == []
    assert send(MESSAGE, tls_server.settings()).ok  # trusted again: the same message goes


def test_a_certificate_for_another_host_is_refused(tmp_path: Path) -> None:
    elsewhere = make_certificate(tmp_path / "elsewhere", names=("smtp.bachquang.gov.vn",))
    server = SmtpServer(tls="starttls", certificate=elsewhere)
    server.start()
    try:
        sent = send(MESSAGE, server.settings(timeout_s=5))
    finally:
        server.stop()
    assert (sent.ok, sent.permanent) == (False, False)
    assert sent.error is not None
    assert sent.error.startswith("TLS: chứng chỉ của máy chủ thư không được tin cậy (IP address mismatch")
    assert server.mailbox.messages == []


def test_starttls_is_not_given_up_when_the_server_offers_none(smtp_server: SmtpServer) -> None:
    sent = send(MESSAGE, smtp_server.settings(tls="starttls", timeout_s=5))
    assert (sent.ok, sent.permanent) == (False, False)
    assert sent.error == (
        "SMTPNotSupportedError: STARTTLS extension not supported by server. (máy chủ thư không hỗ trợ), "
        "không gửi được thư"
    )
    assert smtp_server.mailbox.messages == []


def test_a_server_requiring_starttls_takes_no_plain_message(certificate: Certificate) -> None:
    server = SmtpServer(tls="starttls", certificate=certificate)
    server.start()
    try:
        sent = send(MESSAGE, server.settings(tls="none", timeout_s=5))
    finally:
        server.stop()
    assert (sent.ok, sent.code) == (False, 530)
    assert server.mailbox.messages == []
