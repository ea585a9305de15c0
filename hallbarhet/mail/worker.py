"""The mail worker: a process of its own that sends what the outbox holds.

    flask --app hallbarhet mail-worker            # runs until SIGTERM (systemd: deploy/)
    flask --app hallbarhet mail-worker --once     # sends what is due now, then exits (cron)

Requests only write mail to the outbox, in the change's transaction; this process sends it,
so a mail server that is slow, down or hanging holds up no page. It looks every
MAIL_WORKER_INTERVAL seconds (at once again while a batch comes back full). SIGTERM or
SIGINT lets the mail being sent finish, hands the rest of its claim back and exits. Several
workers may run at once: each mail is claimed by one (hallbarhet.mail.sending)."""

import logging
import signal
import threading
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from .sending import SendResult, send_pending


class MailWorker:
    def __init__(self, interval: float, limit: int, logger: logging.Logger):
        self.interval = interval
        self.limit = limit
        self.logger = logger
        self._stopping = threading.Event()

    def stop(self, *_signal) -> None:
        """Finish the mail being sent and return (also a signal handler)."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def run(self, once: bool = False) -> SendResult:
        """Send until stopped (or, with `once`, until nothing is due); the totals."""
        total = SendResult()
        self.logger.info(
            "Mail worker started (every %ss, at most %s mails a batch)", self.interval, self.limit
        )
        while not self.stopping:
            batch = self._batch()
            if batch is not None:
                total.sent += batch.sent
                total.deferred += batch.deferred
                total.failed += batch.failed
            full = batch is not None and batch.sent + batch.deferred + batch.failed >= self.limit
            if full:
                continue  # more is waiting: no sleep
            if once:
                break
            self._stopping.wait(self.interval)
        self.logger.info(
            "Mail worker stopped: sent %s, left for a later attempt %s, failed %s",
            total.sent,
            total.deferred,
            total.failed,
        )
        return total

    def _batch(self) -> SendResult | None:
        try:
            result = send_pending(self.limit, stop=lambda: self.stopping)
        except Exception:
            # The database, most likely (mail server failures are kept on the rows): the
            # mail stays in the outbox, and the next round starts with a fresh session.
            self.logger.exception("Sending mail failed; trying again in %ss", self.interval)
            db.session.remove()
            return None
        if result.sent or result.deferred or result.failed:
            self.logger.info(
                "Mail sent %s, left for a later attempt %s, failed %s",
                result.sent,
                result.deferred,
                result.failed,
            )
        return result


@contextmanager
def _stopped_by_signals(worker: MailWorker):
    previous = {sig: signal.signal(sig, worker.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command("mail-worker")
@click.option("--once", is_flag=True, help="Send what is due now, then exit (for cron).")
@click.option("--interval", type=float, default=None, help="Seconds between looks at the outbox.")
@click.option("--limit", default=100, show_default=True, help="At most this many mails a batch.")
@with_appcontext
def mail_worker_command(once: bool, interval: float | None, limit: int) -> None:
    """Send the outbox's mail, in a process of its own, until SIGTERM."""
    logger = current_app.logger
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    seconds = float(current_app.config["MAIL_WORKER_INTERVAL"] if interval is None else interval)
    if seconds <= 0 or limit <= 0:
        raise click.BadParameter("--interval and --limit must be more than 0.")
    worker = MailWorker(seconds, limit, logger)
    with _stopped_by_signals(worker):
        worker.run(once=once)
