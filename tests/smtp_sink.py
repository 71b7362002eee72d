"""A real SMTP server in-process (aiosmtpd) for the newsletter tests.

It records what it accepts; addresses can be set to fail permanently (550),
for a number of tries (451) or at the end of the message's data (554), and ``on_message`` runs as each message arrives
(the exactly-once test kills the sender from there). aiosmtpd is a development
dependency (requirements/dev.in).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: SMTPSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        address = address.lower()
        if address in self.sink.reject:
            return "550 5.1.1 " + self.sink.reject[address]
        left = self.sink.defer.get(address, 0)
        if left:
            self.sink.defer[address] = left - 1
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        refused = [a for a in envelope.rcpt_tos if a in self.sink.refuse_data]
        if refused:
            return "554 5.7.1 " + self.sink.refuse_data[refused[0]]
        if self.sink.keep:
            with self.sink.lock:
                self.sink.messages.append((list(envelope.rcpt_tos), envelope.content))
        with self.sink.lock:
            self.sink.count += 1
            count = self.sink.count
        if self.sink.on_message:
            self.sink.on_message(count)
        return "250 Message accepted"


class SMTPSink:
    """``with SMTPSink() as sink:`` then send to 127.0.0.1:sink.port."""

    def __init__(self, *, keep: bool = True, on_message: Callable[[int], None] | None = None):
        self.port = free_port()
        self.keep = keep
        self.on_message = on_message
        self.messages: list[tuple[list[str], bytes]] = []
        self.count = 0
        self.reject: dict[str, str] = {}
        self.defer: dict[str, int] = {}
        self.refuse_data: dict[str, str] = {}  # recipient -> why the message is refused (554)
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPSink:
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def parsed(self):
        """The accepted messages as ``email.message.EmailMessage`` objects."""
        with self.lock:
            return [message_from_bytes(content, policy=policy.default)
                    for _, content in self.messages]

    def recipients(self) -> list[str]:
        with self.lock:
            return [address for rcpts, _ in self.messages for address in rcpts]
