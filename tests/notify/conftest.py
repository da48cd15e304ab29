"""A real SMTP server for the notify tests: aiosmtpd on 127.0.0.1 at a free port. Django's SMTP
backend talks to it, and the tests read what it received, parsed as a mail client would."""

import asyncio
import email
import threading
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.processes import HOST, free_port  # noqa: F401  (HOST: the tests import it here)


class Inbox:
    """aiosmtpd handler keeping every accepted message; `refuse` answers the next n with 451.
    With `hold_first`, the first message waits (`holding` is set) until `release` is set, and
    is then accepted, whether or not its sender is still there."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse = 0
        self.lock = threading.Lock()
        self.hold_first = False
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first and not self.holding.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 Try again later"
            parsed = email.message_from_bytes(envelope.content, policy=policy.default)
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


@pytest.fixture
def smtp_server():
    """A running SMTP server and its Inbox; `.port` is where it listens."""
    inbox = Inbox()
    controller = Controller(inbox, hostname=HOST, port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Django's SMTP backend pointed at the local server; the server's Inbox."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": HOST, "port": smtp_server.port, "timeout": 10},
        }
    }
    settings.SITE_URL = "https://palg.example.org"
    settings.DEFAULT_FROM_EMAIL = "palg <palg@palg.example.org>"
    return smtp_server


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
