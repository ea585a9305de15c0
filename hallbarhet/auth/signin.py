"""The sign-in seam. Passwords are the built-in way; a municipality's own directory
(OIDC or SAML against Entra ID or ADFS) replaces `authenticate` and nothing else."""

import unicodedata
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import User


@cache
def _dummy_hash() -> str:
    """Compared against when the account does not exist, so that a wrong address takes as
    long as a wrong password and tells an attacker nothing. Made at the first such sign-in,
    not at import: a hash costs a tenth of a second that every process start would pay."""
    return generate_password_hash("not-a-real-password")


# More than the 254 characters of the longest address the sign-in form takes: what comes
# after them cannot be part of an address that signs in, and is not read character by
# character (a megabyte of it would cost a worker a tenth of a second).
TYPED_MAX = 320
# Control characters (Cc: NUL, DEL, tab, ...) and invisible ones (Cf: zero-width space,
# byte-order mark, soft hyphen, ...): never part of an e-mail address.
_INVISIBLE = ("Cc", "Cf")


def has_invisible_characters(text: str) -> bool:
    """Control or invisible characters anywhere but in surrounding spaces, tabs and line
    breaks (which a pasted address may bring)."""
    return any(unicodedata.category(c) in _INVISIBLE for c in text.strip(" \t\r\n"))


def normalise_email(email: str) -> str:
    """The address an account is stored and looked up by, and the one the sign-in limit
    counts, so that no way of writing an account's address is another account to the limit:
    without control and invisible characters, in NFKC (a full-width letter is the letter),
    without surrounding space, in lower case (as the database's lower() that the lookup
    compares with, not casefold, which would turn ß into ss)."""
    text = "".join(c for c in email if unicodedata.category(c) not in _INVISIBLE)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    return text.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user
