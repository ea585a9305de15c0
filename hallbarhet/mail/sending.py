"""Sending the outbox: over SMTP, or as .eml files in development.

Each run first claims the mails it will send (moves their next attempt ahead by a lease and
commits), so that two mail workers, or a worker and the cron command, never send one mail
twice: on PostgreSQL with SELECT ... FOR UPDATE SKIP LOCKED (a worker passes over the rows
another is claiming instead of waiting for them), elsewhere with one conditional UPDATE per
mail that only succeeds if nobody else claimed it first. A sender that dies mid-way leaves
its mails to be retried when the lease ends.

Nothing here runs inside a request outside development (hallbarhet.mail.sends_after_request):
the mail worker, a process of its own, calls send_pending."""

import os
import smtplib
import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import cast

from flask import Flask, current_app
from sqlalchemy import CursorResult, Executable, select, update

from ..extensions import db
from ..models import MailStatus, OutboxMail
from ..models.base import utcnow

LEASE = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
ERROR_MAX = 2000


@dataclass
class SendResult:
    sent: int = 0
    deferred: int = 0
    failed: int = 0


class Permanent(Exception):
    """The server refused this recipient or this message for good (SMTP 5xx)."""


class Temporary(Exception):
    """This mail failed now and may go through later (SMTP 4xx)."""


class Unreachable(Exception):
    """The server cannot be reached or dropped the connection: nothing more goes now."""


def send_pending(limit: int = 100, stop: Callable[[], bool] | None = None) -> SendResult:
    """Send the mails that are due, oldest first. A failing mail server never raises: the
    mail keeps its attempts, last error and a later next attempt, or is marked failed.
    `stop`: asked before each mail; once it says so, the mail being sent is finished and
    the rest of the claimed ones are handed back, due at once, for the next sender."""
    result = SendResult()
    transport = _transport()  # a wrong MAIL_BACKEND is said before any mail is claimed
    mails = _claim(limit)
    if not mails:
        return result
    sender = current_app.config["MAIL_SENDER"]
    remaining = list(mails)
    try:
        with transport:
            while remaining:
                if stop is not None and stop():
                    break
                mail = remaining[0]
                try:
                    transport.send(build_message(mail, sender))
                except (Permanent, ValueError, TypeError) as error:
                    # A message that cannot even be built will not build next time either.
                    _failed(mail, error)
                except Temporary as error:
                    _retry_later(mail, error)
                else:
                    mail.status = MailStatus.SENT
                    mail.sent_at = utcnow()
                    mail.last_error = ""
                _tally(result, mail)
                remaining.pop(0)
                db.session.commit()
    except Unreachable as error:
        for mail in remaining:
            _retry_later(mail, error)
            _tally(result, mail)
        remaining = []
        db.session.commit()
    if remaining:
        _release(remaining)
    return result


# Headers are not folded at 78 characters: Python 3.11's folding of encoded words can drop
# the space between two of them (CPython gh-144156), which turns "för hållbara" into
# "förhållbara" in a long Swedish subject. 998 is the line limit of RFC 5322.
HEADERS = policy.default.clone(max_line_length=998)


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """The mail as multipart/alternative: plain text first, HTML as the richer part."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage(policy=HEADERS)
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = mail.recipient
    message["Date"] = format_datetime(mail.created_at)
    # The same id on every attempt, so a receiver can drop a copy sent twice.
    message["Message-ID"] = f"<outbox.{mail.id}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"
    # RFC 3834: no out-of-office replies to the service's own mail.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    # After the parts: setting the content moves Content-* headers into the first part.
    message["Content-Language"] = mail.language
    return message


def _claim(limit: int) -> list[OutboxMail]:
    now = utcnow()
    due = (
        select(OutboxMail.id)
        .where(OutboxMail.status == MailStatus.PENDING, OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(limit)
    )
    lease = {"next_attempt_at": now + LEASE, "attempts": OutboxMail.attempts + 1}
    if db.engine.dialect.name == "postgresql":
        # The rows stay locked until the commit below; another worker's claim skips them,
        # and once committed they are no longer due.
        claimed = list(db.session.scalars(due.with_for_update(skip_locked=True)))
        if claimed:
            db.session.execute(
                update(OutboxMail)
                .where(OutboxMail.id.in_(claimed))
                .values(**lease)
                .execution_options(synchronize_session=False)
            )
    else:
        claimed = []
        for mail_id in db.session.scalars(due).all():
            changed = _rows_changed(
                update(OutboxMail)
                .where(
                    OutboxMail.id == mail_id,
                    OutboxMail.status == MailStatus.PENDING,
                    OutboxMail.next_attempt_at <= now,
                )
                .values(**lease)
                .execution_options(synchronize_session=False)
            )
            if changed == 1:
                claimed.append(mail_id)
    db.session.commit()
    if not claimed:
        return []
    return list(
        db.session.scalars(
            select(OutboxMail).where(OutboxMail.id.in_(claimed)).order_by(OutboxMail.id)
        )
    )


def _release(mails: list[OutboxMail]) -> None:
    """Claimed but not tried (the sender is stopping): due again now, the attempt undone."""
    now = utcnow()
    for mail in mails:
        mail.next_attempt_at = now
        mail.attempts = max(mail.attempts - 1, 0)
    db.session.commit()


def _retry_later(mail: OutboxMail, error: Exception) -> None:
    """Wait twice as long after each failure, at most LONGEST_WAIT; give up on a mail
    written more than MAIL_RETRY_DAYS ago (a server that is only away for a long weekend
    loses nothing)."""
    now = utcnow()
    if now - mail.created_at >= timedelta(days=float(current_app.config["MAIL_RETRY_DAYS"])):
        _failed(mail, error)
        return
    # The exponent is capped too: after a week of attempts 2 ** attempts is astronomical.
    wait = min(FIRST_RETRY * 2 ** min(max(mail.attempts - 1, 0), 20), LONGEST_WAIT)
    mail.next_attempt_at = now + wait
    mail.last_error = _describe(error)


def send_failed_again() -> int:
    """Failed mail back in the outbox, due at once (after the mail server or an address
    was fixed); attempts and last error are kept. Returns how many; the caller commits."""
    return _rows_changed(
        update(OutboxMail)
        .where(OutboxMail.status == MailStatus.FAILED)
        .values(status=MailStatus.PENDING, next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _rows_changed(statement: Executable) -> int:
    """How many rows an UPDATE changed. Session.execute is typed to return a Result;
    for an UPDATE it is a CursorResult, which has the count."""
    return cast(CursorResult, db.session.execute(statement)).rowcount


def _tally(result: SendResult, mail: OutboxMail) -> None:
    if mail.status == MailStatus.SENT:
        result.sent += 1
    elif mail.status == MailStatus.FAILED:
        result.failed += 1
    else:
        result.deferred += 1


def _failed(mail: OutboxMail, error: Exception) -> None:
    mail.status = MailStatus.FAILED
    mail.last_error = _describe(error)


def _describe(error: Exception) -> str:
    cause = error.__cause__ or error
    return f"{type(cause).__name__}: {cause}"[:ERROR_MAX]


def backend_name(app: Flask) -> str:
    """MAIL_BACKEND, or by default "files" in debug mode and tests and "smtp" otherwise."""
    return app.config["MAIL_BACKEND"] or ("files" if app.debug or app.testing else "smtp")


def _transport():
    config = current_app.config
    backend = backend_name(current_app)
    if backend == "files":
        directory = config["MAIL_OUTBOX_DIR"] or os.path.join(current_app.instance_path, "outbox")
        return FileTransport(directory)
    if backend == "smtp":
        return SmtpTransport(config)
    raise RuntimeError(f"MAIL_BACKEND must be 'smtp' or 'files', not {backend!r}")


class FileTransport:
    """Development: each mail as an .eml file that any mail program opens."""

    def __init__(self, directory: str):
        self.directory = directory

    def __enter__(self):
        try:
            os.makedirs(self.directory, exist_ok=True)
        except OSError as error:
            raise Unreachable(str(error)) from error
        return self

    def __exit__(self, *exc) -> None:
        return None

    def send(self, message: EmailMessage) -> None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = os.path.join(self.directory, f"{stamp}-{uuid.uuid4().hex[:12]}.eml")
        # Written under another name and renamed, so that a reader never sees half a mail.
        partial = path + ".part"
        try:
            with open(partial, "wb") as file:
                file.write(message.as_bytes())
            os.replace(partial, path)
        except OSError as error:
            raise Unreachable(str(error)) from error


class SmtpTransport:
    """One connection for the whole run, with STARTTLS or TLS and login as configured."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None  # connected by __enter__

    def __enter__(self):
        config = self.config
        try:
            if config["MAIL_USE_SSL"]:
                self.smtp = smtplib.SMTP_SSL(
                    config["MAIL_SERVER"],
                    int(config["MAIL_PORT"]),
                    timeout=config["MAIL_TIMEOUT"],
                    context=ssl.create_default_context(),
                )
            else:
                self.smtp = smtplib.SMTP(
                    config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]
                )
                if config["MAIL_USE_TLS"]:
                    self.smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                self.smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except OSError as error:  # SMTPException included
            self._close()
            raise Unreachable(str(error)) from error
        return self

    def __exit__(self, *exc) -> None:
        assert self.smtp is not None  # connected: __exit__ follows a successful __enter__
        try:
            self.smtp.quit()
        except OSError:  # SMTPException included: the server went away first
            self._close()

    def _close(self) -> None:
        if self.smtp is not None:
            self.smtp.close()

    def send(self, message: EmailMessage) -> None:
        assert self.smtp is not None  # connected: sending happens inside the with block
        try:
            self.smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            # One recipient per mail: its code says whether to try again.
            code = min(code for code, _ in error.recipients.values())
            raise (Permanent if code >= 500 else Temporary)(str(error)) from error
        except smtplib.SMTPDataError as error:
            raise (Permanent if error.smtp_code >= 500 else Temporary)(str(error)) from error
        except smtplib.SMTPNotSupportedError as error:
            # An address only SMTPUTF8 can carry, to a server without it.
            raise Permanent(str(error)) from error
        except smtplib.SMTPServerDisconnected as error:
            raise Unreachable(str(error)) from error
        except smtplib.SMTPException as error:
            # Every other refusal (the sender, a 4xx) may pass later. SMTPException is an
            # OSError, so it is caught before the connection errors below.
            raise Temporary(str(error)) from error
        except OSError as error:
            raise Unreachable(str(error)) from error
