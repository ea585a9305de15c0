"""Whose session a request carries: the signed-in user, loaded once per request, and where
a page that needs one sends the others."""

from flask import Flask
from flask_babel import lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from ..models import Membership, User
from .readers import session_is_current, session_key

# Built once: every signed-in request runs it. One statement, since every page shows the
# user's administration and asks for the networks. The session's generation must be the
# account's current one (User.end_sessions), and the account active.
_USER = (
    select(User)
    .options(
        joinedload(User.administration),
        joinedload(User.memberships).joinedload(Membership.network),
    )
    .where(*session_is_current())
)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see that page.")
    login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str):
    """The user of a session id from User.get_id; None (signed out) for an ended session,
    including one from before sessions carried a generation."""
    key = session_key(session_id)
    if key is None:
        return None
    values = {"user_id": key[0], "generation": key[1]}
    return db.session.scalars(_USER, values).unique().first()
