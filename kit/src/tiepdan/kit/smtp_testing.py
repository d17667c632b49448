"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, at a port the system picks): what it accepted, and the
answers it is told to give instead; plain, STARTTLS or TLS from the first byte, with a certificate made for the test
(`make_certificate`). The `smtp_server` fixture of `tiepdan.kit.testing` starts a plain one per test."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from ipaddress import ip_address
from pathlib import Path
from typing import Any

from .mail import MailSettings

HOST = "127.0.0.1"
ACCEPTED = "250 OK"


@dataclass
class Mailbox:
    """What the server accepted, each message with the addresses it was handed for; `refuse` answers an address's
    RCPT (address → "451 4.3.0 …"), `data_answers` the next DATA commands, one each, before they are accepted.

    `hold`: a message it picks (by its addresses and content) gets no answer to its DATA (`holding` is set) until
    `release()`, then is refused: the sender, killed meanwhile, never had it accepted."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    data_answers: list[str] = field(default_factory=list)
    hold: Callable[[list[str], EmailMessage], bool] | None = None
    holding: threading.Event = field(default_factory=threading.Event, repr=False)
    released: threading.Event = field(default_factory=threading.Event, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def release(self) -> None:
        self.hold = None
        self.released.set()

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook names)
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return ACCEPTED

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        if self.hold is not None and self.hold(list(envelope.rcpt_tos), message):
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.0 Máy chủ thư đã ngắt phiên"
        with self.lock:
            if self.data_answers:
                return self.data_answers.pop(0)
            self.messages.append((list(envelope.rcpt_tos), message))
        return ACCEPTED

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpt, message in self.messages if address in rcpt]

    @property
    def received(self) -> list[EmailMessage]:
        return [message for _, message in self.messages]


@dataclass(frozen=True)
class Certificate:
    """PEM files: a certificate authority (`ca_file`, what a client trusts) and a server certificate it signed."""

    ca_file: str
    cert_file: str
    key_file: str

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


def make_certificate(directory: Path, names: Sequence[str] = (HOST,)) -> Certificate:
    """A new certificate authority and a server certificate for `names` (host names or IP addresses), valid a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Tiep Dan test CA {now.timestamp()}")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    alt_names: list[x509.GeneralName] = []
    for name in names:
        try:
            alt_names.append(x509.IPAddress(ip_address(name)))
        except ValueError:
            alt_names.append(x509.DNSName(name))
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    files = Certificate(str(directory / "ca.pem"), str(directory / "server.pem"), str(directory / "server.key"))
    Path(files.ca_file).write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    Path(files.cert_file).write_bytes(server.public_bytes(serialization.Encoding.PEM))
    Path(files.key_file).write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return files


class SmtpServer:
    """Started on a free port, which it keeps when stopped and started again (a server going down and back).

    `tls`: "none" (plain), "starttls" (offered, and required before MAIL) or "tls" (from the first byte), with
    `certificate`."""

    def __init__(self, tls: str = "none", certificate: Certificate | None = None) -> None:
        if tls != "none" and certificate is None:
            raise ValueError(f"an SMTP server with TLS {tls!r} needs a certificate")
        self.mailbox = Mailbox()
        self.port = 0
        self.tls = tls
        self.certificate = certificate
        self._controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        class OnItsPort(Controller):
            """aiosmtpd connects to its own port once listening: to the one the system gave, not to port 0."""

            def _trigger_server(self) -> None:
                assert isinstance(self.server, asyncio.Server)
                self.port = self.server.sockets[0].getsockname()[1]
                super()._trigger_server()

        tls: dict[str, Any] = {}
        if self.certificate is not None and self.tls == "starttls":
            tls = {"tls_context": self.certificate.server_context(), "require_starttls": True}
        elif self.certificate is not None and self.tls == "tls":
            tls = {"ssl_context": self.certificate.server_context()}
        self._controller = OnItsPort(self.mailbox, hostname=HOST, port=self.port, **tls)
        self._controller.start()
        self.port = int(self._controller.port)

    def stop(self) -> None:
        self.mailbox.release()  # a held conversation would keep the server's loop from stopping
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self, **changes: Any) -> MailSettings:
        """Mail settings that send to this server (its TLS mode, trusting its certificate authority), with `changes`."""
        ca_file = self.certificate.ca_file if self.certificate is not None else ""
        return replace(MailSettings(host=HOST, port=self.port, tls=self.tls, ca_file=ca_file), **changes)
