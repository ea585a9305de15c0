"""Mail: rendered into the outbox in the caller's transaction, sent after the commit.

    queue(recipient_email, template, language, **context) -> OutboxMail
    queue_once(kind, key, recipient_email, template, language, **context) -> OutboxMail | None
    send_pending(limit=100) -> SendResult

A decision and the mail that tells about it are committed together; a mail server that is
down or slow never loses or blocks the decision: the mail waits in the outbox and
`flask --app hallbarhet send-mail` (cron) or the next request sends it.
"""

from functools import partial

import click
from flask import Flask, g
from flask.cli import with_appcontext

from .outbox import queue, queue_once, render
from .sending import SendResult, send_pending

__all__ = ["SendResult", "init_app", "queue", "queue_once", "render", "send_pending"]


def init_app(app: Flask) -> None:
    app.cli.add_command(send_mail)

    @app.after_request
    def _send_after_response(response):
        # Sent once the response has gone to the browser (call_on_close), not in the
        # request: the decision is already committed with its mail, so a slow or dead mail
        # server neither delays the page nor loses anything; what fails stays pending for
        # send-mail. By then the request's app context is gone, so sending gets its own
        # (and with it its own database session).
        if g.pop("mail_queued", False) and app.config["MAIL_SEND_AFTER_REQUEST"]:
            response.call_on_close(partial(_send_in_own_context, app))
        return response


def _send_in_own_context(app: Flask) -> None:
    with app.app_context():
        try:
            send_pending()
        except Exception:
            # Only a database failure gets here (mail server failures are kept on the
            # rows); the mail is still in the outbox for send-mail.
            app.logger.exception("Sending queued mail after a request failed")


@click.command("send-mail")
@click.option("--limit", default=500, show_default=True, help="At most this many mails.")
@with_appcontext
def send_mail(limit: int) -> None:
    """Send the mail waiting in the outbox (safe to run again: sent mail is not resent)."""
    result = send_pending(limit)
    click.echo(
        f"Sent {result.sent}, left for a later attempt {result.deferred}, failed {result.failed}."
    )
