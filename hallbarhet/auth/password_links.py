"""Links that let a person choose a password: the first one (an administrator created the
account, or invited the person) and a new one (the person forgot it).

A link is signed with the secret key (itsdangerous), so it cannot be made or changed by
hand, and it is good for a limited time: a day for a first password, an hour for a
forgotten one. It is good once: it carries a fingerprint of the account's password and
session generation, and choosing a password changes both, so the same link opens nothing
afterwards, nor does an older one. A deactivated account's links open nothing."""

import enum
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..urls import external_url


class Purpose(enum.StrEnum):
    FIRST = "first"  # an account an administrator made, or a person invited
    RESET = "reset"  # a forgotten password


# How long a link is good for, in seconds.
MAX_AGE = {Purpose.FIRST: 24 * 3600, Purpose.RESET: 3600}


class LinkRefused(Exception):
    """The link opens nothing; `expired` tells an old link from a wrong or used one."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"password-{purpose}")


def _fingerprint(user: User) -> str:
    """Changes when the password is chosen (set_password changes the hash and ends the
    sessions): a link carries the one its account had when it was made."""
    state = f"{user.id}:{user.password_hash}:{user.session_generation or 0}"
    return hashlib.sha256(state.encode()).hexdigest()[:24]


def make_token(user: User, purpose: Purpose) -> str:
    return _serializer(purpose).dumps({"user": user.id, "state": _fingerprint(user)})


def link(user: User, purpose: Purpose) -> str:
    """The absolute link to the page where the person chooses a password (for mail and for
    the terminal), on the site's public address."""
    return external_url(
        "auth.choose_password", purpose=purpose.value, token=make_token(user, purpose)
    )


def user_for(token: str, purpose: Purpose) -> User:
    """The account a link is for; LinkRefused when it is wrong, used, old or the account is
    deactivated."""
    serializer = _serializer(purpose)
    try:
        payload = serializer.loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as expired:
        # Still say "used" rather than "expired" for a link that is both.
        try:
            payload = serializer.loads_unsafe(token)[1]
        except BadSignature:  # pragma: no cover - loads_unsafe does not verify
            raise LinkRefused() from expired
        user = _account(payload)
        if user is None or payload.get("state") != _fingerprint(user):
            raise LinkRefused() from expired
        raise LinkRefused(expired=True) from expired
    except BadSignature as bad:
        raise LinkRefused() from bad
    user = _account(payload)
    if user is None or not user.active or payload.get("state") != _fingerprint(user):
        raise LinkRefused()
    return user


def _account(payload: object) -> User | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        return None
    return db.session.scalar(select(User).where(User.id == payload["user"]))
