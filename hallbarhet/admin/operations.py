"""What administrators change here."""

from flask import current_app
from flask_babel import gettext as _

from ..errors import NotAllowed
from ..extensions import db
from ..mail import send_failed_again
from ..models import User


def send_failed_mail_again(user: User) -> int:
    """Put every failed mail back in the outbox, due at once, for the mail worker to send
    (as `send-mail --retry-failed` does, but without waiting on the mail server here).
    Returns how many."""
    if not user.is_admin:
        raise NotAllowed(_("Only administrators may do this."))
    count = send_failed_again()
    db.session.commit()
    current_app.logger.info("%s put %s failed mail back in the outbox", user.email, count)
    return count
