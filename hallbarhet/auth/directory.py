"""The sign-in seam for a municipality's directory: whatever protocol signs a person in
(OpenID Connect in auth/oidc.py; SAML through a proxy such as SATOSA, which speaks OIDC to
us, or a SAML module of its own) ends in a DirectoryIdentity, and sign_in_from_directory
turns it into the account that is signed in. Nothing else of the directory's answer is
kept: not a personal identity number, not any claim the tool does not need."""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..errors import DomainError
from ..extensions import db
from ..models import User
from ..models.base import refuses_cleanly
from ..models.events import record
from .directory_mapping import place
from .signin import normalise_email

# The columns' lengths (models.organisation.User).
NAME_MAX = 200
EMAIL_MAX = 254
IDENTITY_MAX = 255


@dataclass(frozen=True)
class DirectoryIdentity:
    """Who the directory says signed in: its issuer and its stable id for the person, the
    work e-mail (None when the directory does not vouch for one) and name, and the claim
    values (groups, a department) that the mapping (/admin/directory) reads."""

    issuer: str
    subject: str
    email: str | None
    name: str
    values: tuple[str, ...] = field(default=())


class DirectoryRefused(DomainError):
    """The identity signs no one in; nothing has changed."""

    status_code = 403

    def __init__(self, message: str, status_code: int = 403):
        super().__init__(message)
        self.status_code = status_code


@refuses_cleanly
def sign_in_from_directory(identity: DirectoryIdentity, language: str = "sv") -> User:
    """The account of the identity, committed: found by the directory's id for the person,
    or else by the e-mail address (the account is then linked to the directory), or else
    created with the name and the e-mail address alone. Its administration and networks
    follow the mapping when a row matches (directory_mapping.place). DirectoryRefused for
    a deactivated account, an identity without a usable e-mail address, or an address
    whose account is already linked to another person of the directory."""
    _check(identity)
    user = db.session.scalar(
        select(User).where(
            User.directory_issuer == identity.issuer,
            User.directory_subject == identity.subject,
        )
    )
    email = normalise_email(identity.email) if identity.email else None
    if user is None and email:
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is not None and user.directory_subject is not None:
            # The address was someone else's in the directory (a name reused after a person
            # left): the new person does not take over the old account.
            raise DirectoryRefused(
                _(
                    "An account with your e-mail address belongs to someone else in the "
                    "municipality's directory. Ask an administrator to sort it out."
                )
            )
    if user is not None and not user.active:
        raise DirectoryRefused(
            _("Your account is deactivated. Ask an administrator if you should have access.")
        )
    if user is None:
        if not email:
            raise DirectoryRefused(_no_email_message(), status_code=400)
        user = _create(identity, email, language)
    elif user.directory_subject is None:
        user.directory_issuer, user.directory_subject = identity.issuer, identity.subject
        record("directory_linked", None, person=user)
    else:
        _keep_current(user, identity, email)
    place(user, identity.values)
    db.session.commit()
    return user


def _check(identity: DirectoryIdentity) -> None:
    if not identity.issuer or not identity.subject:
        raise DirectoryRefused(_no_email_message(), status_code=400)
    if len(identity.issuer) > IDENTITY_MAX or len(identity.subject) > IDENTITY_MAX:
        raise DirectoryRefused(_no_email_message(), status_code=400)
    if identity.email and len(normalise_email(identity.email)) > EMAIL_MAX:
        raise DirectoryRefused(_no_email_message(), status_code=400)


def _no_email_message() -> str:
    return _(
        "The municipality's directory did not send what an account needs (a verified work "
        "e-mail address). Tell IT: the directory must release the e-mail claim to this service."
    )


def _name(identity: DirectoryIdentity, email: str) -> str:
    return (identity.name.strip() or email.split("@", 1)[0])[:NAME_MAX]


def _create(identity: DirectoryIdentity, email: str, language: str) -> User:
    user = User(
        name=_name(identity, email),
        email=email,
        language=language,
        directory_issuer=identity.issuer,
        directory_subject=identity.subject,
    )
    db.session.add(user)
    record("directory_account_created", None, person=user)
    return user


def _keep_current(user: User, identity: DirectoryIdentity, email: str | None) -> None:
    """The directory is where a name or an address changes: the account follows it."""
    name = _name(identity, email or user.email)
    if identity.name.strip() and name != user.name:
        record("directory_renamed", None, person=user, from_value=user.name, to_value=name)
        user.name = name
    if email and email != user.email:
        taken = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
        if taken is None:
            record("directory_email", None, person=user, from_value=user.email, to_value=email)
            user.email = email
        else:
            current_app.logger.warning(
                "directory sign-in: account %s keeps its address; the directory's is another's",
                user.id,
            )
