"""E-mail deliveries through the kit's SMTP mechanism (`tiepdan.kit.mail`): one copy per address on one
connection, the addresses the server accepted reported so a retry writes only to the others.

Each copy's Message-ID is made from the delivery id, the same on every attempt: a copy sent again after a worker
died between the server's acceptance of it and the database's record is recognisable as the same message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tiepdan.alerts.config import MailTextSettings
from tiepdan.alerts.domain.mail import MailText
from tiepdan.kit import mail


class EmailSender:
    def __init__(self, smtp: mail.MailSettings, texts: MailTextSettings | None = None) -> None:
        self.smtp = smtp
        self.texts = texts or MailTextSettings()

    def send(
        self,
        delivery_id: str,
        recipients: Sequence[str],
        text: MailText,
        on_accepted: Callable[[str], None] | None = None,
    ) -> mail.Sent:
        message = mail.Message(
            stable_id=delivery_id,
            to=tuple(recipients),
            subject=text.subject,
            text=text.body,
            headers={"X-TiepDan-Delivery": delivery_id, "Auto-Submitted": "auto-generated"},
        )
        return mail.send(message, self.smtp, on_accepted)
