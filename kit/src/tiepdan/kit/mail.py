"""E-mail over SMTP: settings from the environment and `send(message)`, for every service that mails people.

Each message carries a Message-ID made from a stable id of what it is (a report and its recipient, an alert and
its receiver), so a message sent again after a failure the sender could not see is the same message to the
recipient's mail system and to anyone reading the headers.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate

TLS_MODES = ("none", "starttls", "tls")


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send; `host` empty means mail is not configured (nothing is sent)."""

    host: str = ""
    port: int = 25
    #: none: plain SMTP (a relay on the same host); starttls: upgrade on the submission port; tls: TLS from the start
    tls: str = "none"
    user: str = ""
    password: str = ""
    sender: str = "tiepdan@localhost"
    timeout_s: float = 20.0

    def __post_init__(self) -> None:
        if self.tls not in TLS_MODES:
            raise ValueError(f"mail TLS mode {self.tls!r}: expected one of {', '.join(TLS_MODES)}")

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_env(cls, prefix: str = "TIEPDAN_SMTP_") -> MailSettings:
        """`<prefix>HOST`, `PORT`, `TLS` (none|starttls|tls), `USER`, `PASSWORD`, `FROM`."""
        env = os.environ.get
        tls = env(f"{prefix}TLS", "none")
        default_port = {"none": "25", "starttls": "587", "tls": "465"}.get(tls, "25")
        try:
            port = int(env(f"{prefix}PORT", default_port))
        except ValueError as exc:
            raise ValueError(f"{prefix}PORT: {exc}") from exc
        return cls(
            host=env(f"{prefix}HOST", ""),
            port=port,
            tls=tls,
            user=env(f"{prefix}USER", ""),
            password=env(f"{prefix}PASSWORD", ""),
            sender=env(f"{prefix}FROM", "tiepdan@localhost"),
        )


@dataclass(frozen=True)
class Attachment:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Message:
    """One message to one or more addresses; `stable_id` names what it is, the same on every attempt."""

    stable_id: str
    to: Sequence[str]
    subject: str
    text: str
    attachments: Sequence[Attachment] = ()
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sent:
    ok: bool
    message_id: str
    error: str | None = None
    #: a 4xx answer or a lost connection may pass; a 5xx answer (an address refused) will not
    permanent: bool = False


def message_id(stable_id: str, sender: str) -> str:
    """`<digest@domain>` from the stable id and the sender's domain: the same id gives the same Message-ID."""
    domain = sender.rsplit("@", 1)[-1] or "localhost"
    return f"<{hashlib.sha256(stable_id.encode('utf-8')).hexdigest()[:32]}@{domain}>"


def compose(message: Message, settings: MailSettings) -> EmailMessage:
    mail = EmailMessage()
    mail["Message-ID"] = message_id(message.stable_id, settings.sender)
    mail["From"] = formataddr(("Tiếp Dân", settings.sender))
    mail["To"] = ", ".join(message.to)
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    for name, value in message.headers.items():
        mail[name] = value
    mail.set_content(message.text)
    for attachment in message.attachments:
        maintype, subtype = attachment.media_type.split(";")[0].split("/", 1)
        mail.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return mail


def _connect(settings: MailSettings) -> smtplib.SMTP:
    if settings.tls == "tls":
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout_s, context=ssl.create_default_context()
        )
    client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
    if settings.tls == "starttls":
        client.starttls(context=ssl.create_default_context())
    return client


def send(message: Message, settings: MailSettings) -> Sent:
    """Hand the message to the SMTP server; never raises for the server's or the network's failures."""
    mail = compose(message, settings)
    found_id = str(mail["Message-ID"])
    try:
        with _connect(settings) as client:
            if settings.user:
                client.login(settings.user, settings.password)
            refused = client.send_message(mail)
    except smtplib.SMTPResponseException as exc:
        return Sent(False, found_id, f"SMTP {exc.smtp_code}", permanent=500 <= exc.smtp_code < 600)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        return Sent(False, found_id, f"SMTP recipients refused {codes}", permanent=all(c >= 500 for c in codes))
    except (smtplib.SMTPException, OSError) as exc:
        return Sent(False, found_id, f"{type(exc).__name__}: không gửi được thư")
    if refused:
        return Sent(False, found_id, f"SMTP refused {sorted(refused)}", permanent=True)
    return Sent(True, found_id)
