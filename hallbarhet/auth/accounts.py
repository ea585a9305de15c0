"""A person's own password: chosen from a link, changed when signed in, a link asked for
when forgotten. Each change is an Event about the account and ends its other sessions
(User.set_password)."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..errors import InvalidField
from ..extensions import db
from ..mail.accounts import mail_password_link
from ..models import User
from ..models.events import record
from .password_links import Purpose
from .signin import normalise_email


def choose_password(user: User, password: str, purpose: Purpose) -> None:
    """The password from a link (the link then opens nothing: password_links)."""
    user.set_password(password)
    action = "password_chosen" if purpose is Purpose.FIRST else "password_reset"
    record(action, user, person=user)
    db.session.commit()


def change_password(user: User, current: str, password: str) -> None:
    """InvalidField beside the current password when it is wrong; nothing changes then."""
    if not user.check_password(current):
        raise InvalidField("current", _("The current password is wrong."))
    user.set_password(password)
    record("password_changed", user, person=user)
    db.session.commit()


def send_reset_link(email: str) -> None:
    """Mail a link to an active account with this address; nothing for any other address,
    and the caller says the same either way. The mail goes through the outbox: no request
    waits on the mail server."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
    if user is None or not user.active:
        return
    mail_password_link(user, Purpose.RESET)
    record("password_link_sent", None, person=user)
    db.session.commit()
