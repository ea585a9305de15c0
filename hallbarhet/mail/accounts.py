"""The mails that bring a person a link to choose a password: the first one (an account an
administrator made, or an invitation to the tool) and a new one (a forgotten password)."""

from ..auth.password_links import MAX_AGE, Purpose, link
from ..models import OutboxMail, User
from .outbox import queue

TEMPLATES = {Purpose.FIRST: "password_first", Purpose.RESET: "password_reset"}


def mail_password_link(user: User, purpose: Purpose) -> OutboxMail:
    return queue(
        user.email,
        TEMPLATES[purpose],
        user.language,
        user=user,
        url=link(user, purpose),
        hours=MAX_AGE[purpose] // 3600,
    )
