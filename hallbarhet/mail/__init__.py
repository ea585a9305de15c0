"""Mail: rendered into the outbox in the caller's transaction, sent by the mail worker.

    queue(recipient_email, template, language, **context) -> OutboxMail
    queue_once(kind, key, recipient_email, template, language, **context) -> OutboxMail | None
    send_pending(limit=100) -> SendResult

Every mail the product sends is built here, one module by what it tells: notices.py
(decisions on a question), digest.py (the coordinators' daily digest), reminders.py
(deadlines, agendas due, the day before), announcements.py (an agenda published or
changed), minutes.py (published minutes), invitations.py and cancellations.py.

A decision and the mail that tells about it are committed together; a mail server that is
down, slow or hanging never loses or blocks the decision: no request talks to it. The mail
waits in the outbox until `flask --app hallbarhet mail-worker`, a process of its own beside
the web server, sends it (`send-mail` sends what waits once, e.g. by hand or from cron).
In development (debug mode, mail to .eml files) a request writes its files right after
its response, so that `make run` needs no worker.
"""

from functools import partial

import click
from flask import Flask, g
from flask.cli import with_appcontext

from ..extensions import db
from .digest import send_digests_command
from .outbox import queue, queue_once, render
from .reminders import send_reminders_command
from .sending import SendResult, backend_name, send_failed_again, send_pending
from .worker import mail_worker_command

__all__ = [
    "SendResult",
    "init_app",
    "queue",
    "queue_once",
    "render",
    "send_failed_again",
    "send_pending",
    "sends_after_request",
]


def init_app(app: Flask) -> None:
    app.cli.add_command(send_mail)
    app.cli.add_command(mail_worker_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(send_digests_command)

    @app.after_request
    def _send_after_response(response):
        # Development only: once the response has gone to the browser (call_on_close), in
        # the worker that served it. By then the request's app context is gone, so sending
        # gets its own (and with it its own database session).
        if g.pop("mail_queued", False) and sends_after_request(app):
            response.call_on_close(partial(_send_in_own_context, app))
        return response


def sends_after_request(app: Flask) -> bool:
    """Whether a request sends the mail it queued itself: never outside debug mode and tests
    (the mail worker does); by default only to .eml files in debug mode."""
    if not (app.debug or app.testing):
        return False
    setting = app.config["MAIL_SEND_AFTER_REQUEST"]
    if setting is None:
        return app.debug and backend_name(app) == "files"
    return bool(setting)


def _send_in_own_context(app: Flask) -> None:
    with app.app_context():
        try:
            send_pending()
        except Exception:
            # Only a database failure gets here (mail server failures are kept on the
            # rows); the mail is still in the outbox for the mail worker.
            app.logger.exception("Sending queued mail after a request failed")


@click.command("send-mail")
@click.option("--limit", default=500, show_default=True, help="At most this many mails.")
@click.option(
    "--retry-failed", is_flag=True, help="Put failed mail back in the outbox first, then send."
)
@with_appcontext
def send_mail(limit: int, retry_failed: bool) -> None:
    """Send the mail waiting in the outbox once (safe to run again: sent mail is not resent)."""
    if retry_failed:
        count = send_failed_again()
        db.session.commit()
        click.echo(f"Put {count} failed mail back in the outbox.")
    result = send_pending(limit)
    click.echo(
        f"Sent {result.sent}, left for a later attempt {result.deferred}, failed {result.failed}."
    )
