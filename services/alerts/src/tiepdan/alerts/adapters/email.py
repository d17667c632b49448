"""E-mail delivery over SMTP (Python's smtplib): one message per address, on one connection per notice.

Each message's `Message-ID` is made from the delivery id, the same on every attempt: a notice sent again after
a worker died between the server's acceptance and the database's record of it is recognisable as the same
message (mail servers and clients drop a repeated Message-ID; a person sees the two are one).
"""

from __future__ import annotations

import email.policy
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from enum import StrEnum

from tiepdan.alerts.adapters.webhook import SendResult
from tiepdan.alerts.domain.mail import MailText


class TlsMode(StrEnum):
    #: Plain SMTP: only for a relay on the same host or network.
    NONE = "none"
    #: Plain connection upgraded by STARTTLS (port 587); refused if the server does not offer it.
    STARTTLS = "starttls"
    #: TLS from the first byte (SMTPS, port 465).
    TLS = "tls"


@dataclass(frozen=True)
class SmtpSettings:
    """`TIEPDAN_ALERTS_SMTP_*`; without a host, e-mail deliveries are logged `skipped` (as AMQP without a broker)."""

    host: str = ""
    port: int = 25
    tls: TlsMode = TlsMode.STARTTLS
    username: str = ""
    password: str = field(default="", repr=False)
    sender: str = "canhbao@tiepdan.local"
    sender_name: str = "Tiếp Dân — Cảnh báo"
    #: The console's address people open from the mail (its `/alerts` page).
    console_url: str = "http://localhost:8000"
    #: Unit code → its name in the mail (`TIEPDAN_ALERTS_UNIT_NAMES`, "code=Name;code=Name"); else the code.
    unit_names: Mapping[str, str] = field(default_factory=lambda: {"bach-quang": "UBND phường Bách Quang"})
    timezone: str = "Asia/Ho_Chi_Minh"
    timeout_s: float = 10.0

    @classmethod
    def from_env(cls) -> SmtpSettings:
        env = os.environ.get
        tls = env("TIEPDAN_ALERTS_SMTP_TLS", "starttls")
        try:
            mode = TlsMode(tls)
        except ValueError as exc:
            raise ValueError(f"TIEPDAN_ALERTS_SMTP_TLS must be none, starttls or tls, got {tls!r}") from exc
        port = env("TIEPDAN_ALERTS_SMTP_PORT") or {"none": "25", "starttls": "587", "tls": "465"}[mode]
        if not port.isdigit():
            raise ValueError(f"TIEPDAN_ALERTS_SMTP_PORT must be an integer, got {port!r}")
        defaults = cls()
        return cls(
            host=env("TIEPDAN_ALERTS_SMTP_HOST", ""),
            port=int(port),
            tls=mode,
            username=env("TIEPDAN_ALERTS_SMTP_USERNAME", ""),
            password=env("TIEPDAN_ALERTS_SMTP_PASSWORD", ""),
            sender=env("TIEPDAN_ALERTS_SMTP_FROM", defaults.sender),
            sender_name=env("TIEPDAN_ALERTS_SMTP_FROM_NAME", defaults.sender_name),
            console_url=env("TIEPDAN_ALERTS_CONSOLE_URL", defaults.console_url),
            unit_names=_unit_names(env("TIEPDAN_ALERTS_UNIT_NAMES", "")) or defaults.unit_names,
        )


#: Python's folding of a long non-ASCII subject drops the spaces between its encoded words ("cư số" arrives as
#: "cưsố"); one unfolded line keeps them (the subject is capped well under the 998-character limit).
UNFOLDED = email.policy.default.clone(max_line_length=998)


def _unit_names(raw: str) -> dict[str, str]:
    pairs = [item.partition("=") for item in raw.split(";") if item.strip()]
    return {code.strip(): name.strip() for code, _, name in pairs if code.strip() and name.strip()}


def message_id(delivery_id: str, sender: str) -> str:
    """The same on every attempt of one delivery."""
    domain = sender.rpartition("@")[2] or "tiepdan.local"
    return f"<{delivery_id}@{domain}>"


@dataclass(frozen=True)
class MailResult:
    """What one attempt did: `accepted` the addresses the server took, whatever happened to the others."""

    accepted: tuple[str, ...]
    result: SendResult


class EmailSender:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, delivery_id: str, recipients: Sequence[str], text: MailText, sent_at: datetime) -> MailResult:
        """One message per address (nobody sees the others' addresses), on one connection.

        An address the server refuses with 5xx is not retried (permanent once nothing else failed); a 4xx refusal,
        a lost connection or a refused login is tried again with back-off, for the addresses not yet accepted."""
        accepted: list[str] = []
        refusals: list[tuple[int, str]] = []
        try:
            with self._connect() as smtp:
                for address in recipients:
                    try:
                        smtp.send_message(self._message(delivery_id, address, text, sent_at))
                    except smtplib.SMTPRecipientsRefused as exc:
                        code, reply = next(iter(exc.recipients.values()))
                        refusals.append((code, _reply(code, reply)))
                        continue
                    accepted.append(address)
        except smtplib.SMTPDataError as exc:
            permanent = exc.smtp_code >= 500 and not refusals
            error = _reply(exc.smtp_code, exc.smtp_error)
            return MailResult(tuple(accepted), SendResult(False, exc.smtp_code, error, permanent=permanent))
        except smtplib.SMTPResponseException as exc:
            return MailResult(tuple(accepted), SendResult(False, exc.smtp_code, _reply(exc.smtp_code, exc.smtp_error)))
        except (OSError, smtplib.SMTPException) as exc:
            return MailResult(tuple(accepted), SendResult(False, None, f"{type(exc).__name__}: không gửi được thư"))
        if refusals:
            code, error = refusals[0]
            permanent = all(c >= 500 for c, _ in refusals)
            return MailResult(tuple(accepted), SendResult(False, code, "; ".join(e for _, e in refusals), permanent))
        return MailResult(tuple(accepted), SendResult(True, 250))

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.tls is TlsMode.TLS:
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_s, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_s)
        try:
            if s.tls is TlsMode.STARTTLS:
                smtp.starttls(context=context)
            if s.username:
                smtp.login(s.username, s.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _message(self, delivery_id: str, address: str, text: MailText, sent_at: datetime) -> EmailMessage:
        s = self.settings
        message = EmailMessage(policy=UNFOLDED)
        message["Subject"] = text.subject
        message["From"] = Address(s.sender_name, addr_spec=s.sender)
        message["To"] = address
        message["Date"] = format_datetime(sent_at)
        message["Message-ID"] = message_id(delivery_id, s.sender)
        message["X-TiepDan-Delivery"] = delivery_id
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(text.body)
        return message


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"SMTP {code}: {text}"[:500]
