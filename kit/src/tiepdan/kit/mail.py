"""E-mail over SMTP for every service that mails people: one set of settings (`TIEPDAN_SMTP_*`) and `send`.

`send` writes one copy of a message to each of its addresses, on one connection, so nobody sees the others'
addresses, and says which addresses the server accepted: a retry writes only to the others. A refusal with a 5xx
answer is permanent for its address; a 4xx answer, a lost connection or a refused login may pass.

Every copy carries a Message-ID made from a stable id of what the message is (a report and its recipient, an alert's
delivery), so a message sent again after a failure the sender could not see is the same message to the recipient's
mail system and to anyone reading the headers.
"""

from __future__ import annotations

import email.policy
import hashlib
import os
import smtplib
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

TLS_MODES = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
ENV_PREFIX = "TIEPDAN_SMTP_"

#: Bodies and attachments are encoded to 7-bit at the usual line width (no server needs 8BITMIME).
COMPOSING = email.policy.default.clone(cte_type="7bit")
#: What goes on the wire: CRLF line ends, and headers unfolded, as Python's folding of a long non-ASCII subject
#: drops the spaces between its encoded words ("cư số" arrives as "cưsố"). A subject of a few hundred characters
#: stays under the 998-character limit.
UNFOLDED = COMPOSING.clone(max_line_length=998, linesep="\r\n")
#: Characters of a server's answer kept in an error.
ERROR_LIMIT = 500


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send; `host` empty means mail is not configured (nothing is sent)."""

    host: str = ""
    port: int = 25
    #: none: plain SMTP (a relay on the same host); starttls: upgrade on the submission port, refused if the server
    #: offers none; tls: TLS from the first byte (SMTPS)
    tls: str = "none"
    user: str = ""
    password: str = field(default="", repr=False)
    sender: str = "tiepdan@localhost"
    sender_name: str = "Tiếp Dân"
    #: for each step of the conversation (connecting, each command)
    timeout_s: float = 20.0
    #: PEM file of the certificates to trust instead of the system's (a mail server with the province's own CA);
    #: the server's certificate is always checked, its host name included
    ca_file: str = ""

    def __post_init__(self) -> None:
        if self.tls not in TLS_MODES:
            raise ValueError(f"mail TLS mode {self.tls!r}: expected one of {', '.join(TLS_MODES)}")

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_env(cls) -> MailSettings:
        """`TIEPDAN_SMTP_HOST`, `PORT`, `TLS` (none|starttls|tls), `USER`, `PASSWORD`, `FROM`, `FROM_NAME`,
        `TIMEOUT_S`, `CA_FILE`."""
        env = os.environ.get
        defaults = cls()
        tls = env(f"{ENV_PREFIX}TLS", defaults.tls)
        try:
            port = int(env(f"{ENV_PREFIX}PORT", "") or DEFAULT_PORTS.get(tls, defaults.port))
            timeout_s = float(env(f"{ENV_PREFIX}TIMEOUT_S", "") or defaults.timeout_s)
        except ValueError as exc:
            raise ValueError(f"{ENV_PREFIX}PORT / {ENV_PREFIX}TIMEOUT_S: {exc}") from exc
        return cls(
            host=env(f"{ENV_PREFIX}HOST", ""),
            port=port,
            tls=tls,
            user=env(f"{ENV_PREFIX}USER", ""),
            password=env(f"{ENV_PREFIX}PASSWORD", ""),
            sender=env(f"{ENV_PREFIX}FROM", "") or defaults.sender,
            sender_name=env(f"{ENV_PREFIX}FROM_NAME", "") or defaults.sender_name,
            timeout_s=timeout_s,
            ca_file=env(f"{ENV_PREFIX}CA_FILE", ""),
        )


@dataclass(frozen=True)
class Attachment:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Message:
    """One message to one or more addresses, each sent its own copy; `stable_id` names what the message is, the
    same on every attempt."""

    stable_id: str
    to: Sequence[str]
    subject: str
    text: str
    attachments: Sequence[Attachment] = ()
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """Why one address was not written to."""

    address: str
    error: str
    #: the server's answer; None when there was none (no connection, a timeout)
    code: int | None = None
    #: a 5xx answer to this address's message will not change; anything else may pass on a later attempt
    permanent: bool = False


@dataclass(frozen=True)
class Sent:
    """What one call of `send` did: the addresses the server accepted, and the others' failures."""

    message_id: str
    accepted: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def permanent(self) -> bool:
        """Nothing left to try: every address not accepted was refused for good."""
        return bool(self.failures) and all(f.permanent for f in self.failures)

    @property
    def error(self) -> str | None:
        return "; ".join(dict.fromkeys(f.error for f in self.failures)) or None

    @property
    def code(self) -> int | None:
        """The server's answer to the first address not accepted."""
        return next((f.code for f in self.failures if f.code is not None), None)


def message_id(stable_id: str, sender: str) -> str:
    """`<digest@domain>` from the stable id and the sender's domain: the same id gives the same Message-ID."""
    domain = sender.rsplit("@", 1)[-1] or "localhost"
    return f"<{hashlib.sha256(stable_id.encode('utf-8')).hexdigest()[:32]}@{domain}>"


def compose(message: Message, address: str, settings: MailSettings) -> EmailMessage:
    """The copy of the message for one address (its only visible recipient)."""
    mail = EmailMessage(policy=COMPOSING)
    mail["Message-ID"] = message_id(message.stable_id, settings.sender)
    mail["From"] = Address(settings.sender_name, addr_spec=settings.sender)
    mail["To"] = address
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    for name, value in message.headers.items():
        mail[name] = value
    mail.set_content(message.text)
    for attachment in message.attachments:
        maintype, subtype = attachment.media_type.split(";")[0].split("/", 1)
        mail.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return mail


def send(message: Message, settings: MailSettings, on_accepted: Callable[[str], None] | None = None) -> Sent:
    """Write a copy to each address on one connection; never raises for the server's or the network's failures.

    An answer refusing one address's copy (to MAIL, RCPT or DATA) leaves the others to go on; a lost connection,
    a refused login or STARTTLS fails every address not yet written to, none of them for good. `on_accepted` is
    told each address the server accepted before the next is written (a sender recording it at once leaves only
    the address in flight in doubt if it dies); what it raises ends the sending."""
    found_id = message_id(message.stable_id, settings.sender)
    addresses = list(dict.fromkeys(message.to))
    accepted: list[str] = []
    failures: list[Failure] = []
    try:
        with _connect(settings) as client:
            for address in addresses:
                data = compose(message, address, settings).as_bytes(policy=UNFOLDED)
                try:
                    client.sendmail(settings.sender, [address], data)
                except smtplib.SMTPRecipientsRefused as exc:
                    code, reply = exc.recipients[address]
                    failures.append(Failure(address, _reply(code, reply), code, permanent=code >= 500))
                    continue
                except smtplib.SMTPResponseException as exc:
                    code = exc.smtp_code
                    failures.append(Failure(address, _reply(code, exc.smtp_error), code, permanent=code >= 500))
                    continue
                accepted.append(address)
                if on_accepted is not None:
                    on_accepted(address)
    except smtplib.SMTPResponseException as exc:
        failures += _unsent(addresses, accepted, failures, _reply(exc.smtp_code, exc.smtp_error), exc.smtp_code)
    except (smtplib.SMTPException, OSError) as exc:
        failures += _unsent(addresses, accepted, failures, _connection_error(exc), None)
    return Sent(found_id, tuple(accepted), tuple(failures))


def _connect(settings: MailSettings) -> smtplib.SMTP:
    """A connection ready to send: TLS as configured, logged in when a user is set."""
    context = ssl.create_default_context(cafile=settings.ca_file or None)
    client: smtplib.SMTP
    if settings.tls == "tls":
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout_s, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
    try:
        if settings.tls == "starttls":
            client.starttls(context=context)
        if settings.user:
            client.login(settings.user, settings.password)
    except BaseException:
        client.close()
        raise
    return client


def _connection_error(exc: BaseException) -> str:
    """What went wrong before or between the server's answers, said so an operator knows what to fix."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS: chứng chỉ của máy chủ thư không được tin cậy ({exc.verify_message}), không gửi được thư"
    if isinstance(exc, ssl.SSLError):
        return f"TLS: {exc.reason or exc}, không gửi được thư"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"SMTPNotSupportedError: {exc} (máy chủ thư không hỗ trợ), không gửi được thư"
    return f"{type(exc).__name__}: không gửi được thư"


def _unsent(
    addresses: list[str], accepted: list[str], failures: list[Failure], error: str, code: int | None
) -> list[Failure]:
    """The addresses the conversation ended before: none of them is refused for good."""
    done = set(accepted) | {f.address for f in failures}
    return [Failure(address, error, code) for address in addresses if address not in done]


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"SMTP {code}: {text}"[:ERROR_LIMIT]
