"""The sign-in seam. Passwords are the built-in way; a municipality's own directory
(OIDC or SAML against Entra ID or ADFS) replaces `authenticate` and nothing else."""

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import User

# Compared against when the account does not exist, so that a wrong address
# takes as long as a wrong password and tells an attacker nothing.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user
