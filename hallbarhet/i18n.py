"""The language of a request: the account's own, else the one chosen before signing in,
else Swedish. Times are shown in the configuration's BABEL_DEFAULT_TIMEZONE, which
Flask-Babel reads itself (and models.base.LOCAL_TZ is made from)."""

from flask import has_request_context, session

from .auth import readers


def select_locale() -> str:
    if not has_request_context():
        return "sv"
    person = readers.current()
    if person.is_authenticated and person.language:
        return person.language
    return session.get("lang", "sv")
