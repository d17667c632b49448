"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, at a port the system picks): what it accepted, and the
answers it is told to give instead. The `smtp_server` fixture of `tiepdan.kit.testing` starts one per test."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field, replace
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from .mail import MailSettings

HOST = "127.0.0.1"
ACCEPTED = "250 OK"


@dataclass
class Mailbox:
    """What the server accepted, each message with the addresses it was handed for; `refuse` answers an address's
    RCPT (address → "451 4.3.0 …"), `data_answers` the next DATA commands, one each, before they are accepted."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    data_answers: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook names)
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return ACCEPTED

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            if self.data_answers:
                return self.data_answers.pop(0)
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append((list(envelope.rcpt_tos), message))
        return ACCEPTED

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpt, message in self.messages if address in rcpt]

    @property
    def received(self) -> list[EmailMessage]:
        return [message for _, message in self.messages]


class SmtpServer:
    """Started on a free port, which it keeps when stopped and started again (a server going down and back)."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = 0
        self._controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        class OnItsPort(Controller):
            """aiosmtpd connects to its own port once listening: to the one the system gave, not to port 0."""

            def _trigger_server(self) -> None:
                assert isinstance(self.server, asyncio.Server)
                self.port = self.server.sockets[0].getsockname()[1]
                super()._trigger_server()

        self._controller = OnItsPort(self.mailbox, hostname=HOST, port=self.port)
        self._controller.start()
        self.port = int(self._controller.port)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self, **changes: Any) -> MailSettings:
        """Mail settings that send to this server (plain SMTP), with `changes`."""
        return replace(MailSettings(host=HOST, port=self.port, tls="none"), **changes)
