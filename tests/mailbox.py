"""A real SMTP server for tests (aiosmtpd in a thread) and ways to read what arrived.

Use the fixture `smtp` (or `hanging_smtp`) by importing it into a test module:
`from tests.mailbox import smtp_server  # noqa: F401`.
"""

import socket
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from bench.servers import HangingMailServer as HangingServer
from hallbarhet.extensions import db
from hallbarhet.models import OutboxMail
from hallbarhet.models.base import utcnow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """An SMTP server's handler: keeps what arrived; refuses recipients by their name
    ("rejected..." for good, "busy..." for now)."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("rejected"):
            return "550 5.1.1 No such user here"
        if address.startswith("busy"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]

    def one_to(self, address: str) -> EmailMessage:
        (message,) = self.to(address)
        return message


@pytest.fixture(name="smtp")
def smtp_server(app):
    """A real SMTP server on a free local port, and the app configured to send through it."""
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    recorder.port = controller.port
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield recorder
    controller.stop()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def outbox() -> list[OutboxMail]:
    """The outbox as the database holds it now."""
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def make_due(*mails: OutboxMail) -> None:
    """As if the wait before the next attempt had passed."""
    ids = [mail.id for mail in mails]
    db.session.execute(
        update(OutboxMail).where(OutboxMail.id.in_(ids)).values(next_attempt_at=utcnow())
    )
    db.session.commit()


@pytest.fixture(name="hanging_smtp")
def hanging_smtp_server(app):
    """The app configured to send through a server that never answers (1 s timeout)."""
    server = HangingServer()
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=1
    )
    yield server
    server.close()
