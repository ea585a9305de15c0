"""The language of a request: the account's own, else the one chosen before signing in,
else Swedish. Times are shown in the configuration's BABEL_DEFAULT_TIMEZONE, which
Flask-Babel reads itself (and models.base.LOCAL_TZ is made from)."""

from flask import has_request_context, session
from flask_login import current_user


def select_locale() -> str:
    if not has_request_context():
        return "sv"
    if current_user and current_user.is_authenticated and current_user.language:
        return current_user.language
    return session.get("lang", "sv")
