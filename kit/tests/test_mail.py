"""`tiepdan.kit.mail` against a real SMTP server on 127.0.0.1 (aiosmtpd): what arrives, a stable Message-ID,
login, and failures answered as results rather than raised."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tiepdan.kit.mail import Attachment, MailSettings, Message, message_id, send

#: this suite's port (the controller checks its own port, so it cannot take an ephemeral one)
PORT = 18927


class Box:
    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.answer = "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answer.startswith("250"):
            self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return self.answer


@pytest.fixture
def box() -> Iterator[Box]:
    found = Box()
    controller = Controller(found, hostname="127.0.0.1", port=PORT)
    controller.start()
    yield found
    controller.stop()


SETTINGS = MailSettings(host="127.0.0.1", port=PORT, sender="tiepdan@bachquang.gov.vn")
MESSAGE = Message(
    stable_id="reports/r-1/chutich@bachquang.gov.vn",
    to=("chutich@bachquang.gov.vn",),
    subject="Báo cáo ngày 19/01/2026",
    text="Kính gửi: Chủ tịch UBND phường.\n",
    attachments=(Attachment("bao-cao.pdf", "application/pdf", b"%PDF-1.4 test"),),
    headers={"X-TiepDan-Report": "r-1"},
)


def test_a_message_arrives_with_its_stable_message_id_and_attachment(box: Box) -> None:
    sent = send(MESSAGE, SETTINGS)
    assert sent.ok
    assert sent.message_id == message_id(MESSAGE.stable_id, SETTINGS.sender)
    assert sent.message_id.endswith("@bachquang.gov.vn>")
    [received] = box.received
    assert received["Message-ID"] == sent.message_id
    assert received["Subject"] == "Báo cáo ngày 19/01/2026"
    assert received["X-TiepDan-Report"] == "r-1"
    assert received.get_body(preferencelist=("plain",)).get_content().rstrip() == "Kính gửi: Chủ tịch UBND phường."
    [attached] = list(received.iter_attachments())
    assert (attached.get_filename(), attached.get_content()) == ("bao-cao.pdf", b"%PDF-1.4 test")
    assert send(MESSAGE, SETTINGS).message_id == sent.message_id  # a retry is the same message


def test_temporary_and_permanent_refusals_and_no_server_are_results(box: Box) -> None:
    box.answer = "451 4.3.0 try again later"
    later = send(MESSAGE, SETTINGS)
    assert (later.ok, later.permanent, later.error) == (False, False, "SMTP 451")
    box.answer = "554 5.7.1 rejected"
    refused = send(MESSAGE, SETTINGS)
    assert (refused.ok, refused.permanent) == (False, True)
    nowhere = send(MESSAGE, MailSettings(host="127.0.0.1", port=PORT + 1, timeout_s=2))
    assert not nowhere.ok
    assert not nowhere.permanent
    assert box.received == []


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIEPDAN_SMTP_HOST", "smtp.bachquang.gov.vn")
    monkeypatch.setenv("TIEPDAN_SMTP_TLS", "starttls")
    settings = MailSettings.from_env()
    assert (settings.host, settings.port, settings.tls, settings.configured) == (
        "smtp.bachquang.gov.vn",
        587,
        "starttls",
        True,
    )
    monkeypatch.setenv("TIEPDAN_SMTP_TLS", "ssl")
    with pytest.raises(ValueError, match="TLS mode"):
        MailSettings.from_env()
    assert not MailSettings().configured
