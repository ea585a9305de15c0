"""Mail waiting to be sent, and the reminders already sent."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import UTCDateTime, enum_column, utcnow


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    # The server refused the recipient or the message for good, or every attempt failed.
    FAILED = "failed"


class OutboxMail(Model):
    """One rendered mail, written in the same transaction as the change it tells about and
    sent after the commit (hallbarhet.mail), so that a mail server that is down neither
    loses nor blocks the change."""

    __table_args__ = (sa.Index("ix_outbox_mail_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    # Which template and language it was rendered from, to find mails of one kind.
    template: Mapped[str] = mapped_column(sa.String(64))
    language: Mapped[str] = mapped_column(sa.String(8))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    # Not before this time: set by the backoff after a failure, and moved ahead while a
    # sender holds the mail, so that two senders running at once do not both send it.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.template} {self.status}>"


class SentReminder(Model):
    """A reminder that has gone out, so that a command run again sends none twice.

    The key names what it was about and to whom, e.g. "deadline:meeting:12:user:7"."""

    __table_args__ = (sa.UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    key: Mapped[str] = mapped_column(sa.String(200))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
