"""The administrators' work on people: the list, inviting a person, editing an account
(its memberships through admin.memberships), deactivating and reactivating it, and mailing
a password link.

Every change records an Event about the person in the change's transaction (before →
after where it is a change); a refused change raises a domain error and leaves the session
clean. Nobody is ever deleted: an account that goes is deactivated."""

import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from .. import labels
from ..auth.password_links import Purpose
from ..auth.signin import normalise_email
from ..errors import Conflict, InvalidField, NotAllowed
from ..extensions import db
from ..mail.accounts import mail_password_link
from ..models import Administration, Event, Membership, Network, Role, User
from ..models.base import commit_or_conflict, refuses_cleanly
from ..models.events import record
from ..paging import Page, page_of
from .memberships import by_network, check_roles, set_memberships

PAGE_SIZE = 50
NAME_MAX = 200
EMAIL_MAX = 254
SEARCH_MAX = 200
LANGUAGES = labels.LANGUAGE
# What an Event's from and to values hold (models.events.Event).
VALUE_MAX = 200
HISTORY_ROWS = 100


def password_signin() -> bool:
    """Whether people sign in with a password here (config PASSWORD_SIGNIN); without it,
    the municipality's directory is the only way in and no password link is sent."""
    return bool(current_app.config["PASSWORD_SIGNIN"])


def plausible_email(email: str) -> bool:
    """An address a mail can go to: something before one @, a dotted domain after it, no
    spaces. (The mail server is the judge of the rest.)"""
    local, at, domain = email.rpartition("@")
    return (
        bool(at and local and domain)
        and len(email) <= EMAIL_MAX
        and "@" not in local
        and not any(c.isspace() for c in email)
        and "." in domain
        and not domain.startswith(".")
        and not domain.endswith(".")
        and ".." not in domain
    )


def clean_name(name: str) -> str:
    """A person's or an administration's name as it is kept: composed letters (a name
    pasted from a Mac's file may bring å as a and a ring), single spaces."""
    return " ".join(unicodedata.normalize("NFC", name or "").split())


# The list


@dataclass(frozen=True)
class PeopleFilter:
    text: str = ""
    administration_id: int | None = None
    without_administration: bool = False
    network_id: int | None = None
    role: Role | None = None
    # True: active accounts only, False: deactivated ones only, None: both.
    active: bool | None = True
    admin: bool | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_people(wanted: PeopleFilter, number: int = 1, size: int = PAGE_SIZE) -> Page[User]:
    """One page of the people who match, by name; the page number kept within the pages."""
    query = select(User)
    if wanted.text:
        pattern = "%" + _escape_like(wanted.text[:SEARCH_MAX]) + "%"
        query = query.where(
            or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
    if wanted.without_administration:
        query = query.where(User.administration_id.is_(None))
    elif wanted.administration_id is not None:
        query = query.where(User.administration_id == wanted.administration_id)
    if wanted.network_id is not None or wanted.role is not None:
        membership = select(Membership.id).where(Membership.user_id == User.id)
        if wanted.network_id is not None:
            membership = membership.where(Membership.network_id == wanted.network_id)
        if wanted.role is not None:
            membership = membership.where(Membership.role == wanted.role)
        query = query.where(exists(membership))
    if wanted.active is not None:
        query = query.where(User.active.is_(wanted.active))
    if wanted.admin is not None:
        query = query.where(User.is_admin.is_(wanted.admin))
    query = query.options(
        joinedload(User.administration),
        selectinload(User.memberships).joinedload(Membership.network),
    ).order_by(User.name, User.id)
    return page_of(query, number, size)


def networks() -> list[Network]:
    return list(db.session.scalars(select(Network).order_by(Network.slug)))


def administrations(including: int | None = None) -> list[Administration]:
    """The active administrations by name, and the one given even when it is not active
    (a person's own, so that saving the form does not move them)."""
    condition: ColumnElement[bool] = Administration.active.is_(True)
    if including is not None:
        condition = condition | (Administration.id == including)
    return list(
        db.session.scalars(select(Administration).where(condition).order_by(Administration.name))
    )


def all_administrations() -> list[Administration]:
    return list(db.session.scalars(select(Administration).order_by(Administration.name)))


def load_person(user_id: int) -> User | None:
    return db.session.scalar(
        select(User)
        .options(
            joinedload(User.administration),
            selectinload(User.memberships).joinedload(Membership.network),
        )
        .where(User.id == user_id)
    )


def history(user: User) -> list[Event]:
    """What was done to the account, newest first."""
    return list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.actor), joinedload(Event.person), joinedload(Event.network))
            .where(Event.person_id == user.id)
            .order_by(Event.created_at.desc(), Event.id.desc())
            .limit(HISTORY_ROWS)
        )
    )


# Changes


@dataclass(frozen=True)
class PersonInput:
    name: str
    email: str
    administration_id: int | None
    language: str
    is_admin: bool
    # The person's role in each network they are a member of (by network id).
    roles: dict[int, Role]


def require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise NotAllowed(_("Only administrators may do this."))


def account_with_email(email: str) -> User | None:
    """The account signing in with the address (compared as sign-in compares it)."""
    return db.session.scalar(
        select(User).where(func.lower(User.email) == normalise_email(email)).limit(1)
    )


def _checked(data: PersonInput, user: User | None) -> tuple[str, Administration | None]:
    """The normalised address and the administration, or InvalidField beside the field."""
    email = normalise_email(data.email)
    if not plausible_email(email):
        raise InvalidField("email", _("Enter an e-mail address such as name@kommun.se."))
    other = account_with_email(email)
    if other is not None and (user is None or other.id != user.id):
        raise InvalidField(
            "email",
            _("%(email)s is already the address of %(name)s.", email=email, name=other.name),
        )
    administration = None
    if data.administration_id is not None:
        administration = db.session.get(Administration, data.administration_id)
        current = user.administration_id if user is not None else None
        if administration is None or (not administration.active and administration.id != current):
            raise InvalidField("administration", _("Choose one of the active administrations."))
    if data.language not in LANGUAGES:
        raise InvalidField("language", _("Choose Swedish or English."))
    check_roles(data.roles, administration)
    return email, administration


def _cut(value: str | None) -> str | None:
    return None if value is None else value[:VALUE_MAX]


def record_change(actor: User, user: User, field: str, before, after) -> None:
    """One Event per changed field of an account, as the history says it."""
    record(
        "account_changed",
        actor,
        person=user,
        message=field,
        from_value=_cut(before),
        to_value=_cut(after),
    )


def change_account(actor: User, user: User, **values) -> bool:
    """Set the account's fields (name, email, administration, language) that differ, each
    with its Event; the administration's Event names it as it is called now. Whether any
    differed."""
    changed = False
    for field, after in values.items():
        before = getattr(user, field)
        if before == after:
            continue
        changed = True
        if field == "administration":
            record_change(
                actor, user, field, before.name if before else None, after.name if after else None
            )
        else:
            record_change(actor, user, field, before, after)
        setattr(user, field, after)
    if changed and user.id is not None:
        user.bump_version()
    return changed


def mail_link(actor: User | None, user: User, purpose: Purpose) -> None:
    mail_password_link(user, purpose)
    record("password_link_mailed", actor, person=user, to_value=purpose.value)


@refuses_cleanly
def invite(actor: User, data: PersonInput) -> tuple[User, bool]:
    """A new account; with password sign-in, a link to choose the first password is mailed
    to it (through the outbox). Returns the account and whether the link was mailed."""
    require_admin(actor)
    email, administration = _checked(data, None)
    user = User(
        name=clean_name(data.name),
        email=email,
        administration=administration,
        language=data.language,
        is_admin=data.is_admin,
    )
    db.session.add(user)
    record("account_created", actor, person=user)
    if data.is_admin:
        record("admin_granted", actor, person=user)
    set_memberships(actor, user, by_network(data.roles))
    mailed = password_signin()
    if mailed:
        # The link carries the account's id and the state it has once committed.
        db.session.flush()
        mail_link(actor, user, Purpose.FIRST)
    db.session.commit()
    return user, mailed


def stale(user: User) -> Conflict:
    return Conflict(
        _(
            "Someone else changed %(name)s's account while you had it open. Here is how it "
            "is now; make your change again if it still applies.",
            name=user.name,
        ),
        current=user,
    )


def _changed_first(user_id: int) -> Conflict:
    """A save that someone else's change beat, with the account read again as it is now
    (accounts are kept, so it is there)."""
    user = load_person(user_id)
    assert user is not None
    return stale(user)


def _check_version(user: User, version: int) -> None:
    if user.version != version:
        raise stale(user)


def _require_another_admin(user: User, field: str | None = None) -> None:
    """Someone must stay who can manage the accounts."""
    others = db.session.scalar(
        select(func.count(User.id)).where(
            User.is_admin.is_(True), User.active.is_(True), User.id != user.id
        )
    )
    if not others:
        message = _(
            "%(name)s is the last active administrator: make someone else administrator first.",
            name=user.name,
        )
        if field:
            raise InvalidField(field, message)
        raise Conflict(message)


@refuses_cleanly
def update_person(actor: User, user: User, data: PersonInput, version: int) -> bool:
    """The account as the form has it; whether anything changed (then nothing is
    recorded either). Conflict when the form was opened before someone else's change."""
    require_admin(actor)
    _check_version(user, version)
    email, administration = _checked(data, user)
    if user.is_admin and not data.is_admin:
        if user.id == actor.id:
            raise InvalidField(
                "is_admin",
                _("You cannot take away your own administrator rights: ask another administrator."),
            )
        _require_another_admin(user, "is_admin")
    changed = change_account(
        actor,
        user,
        name=clean_name(data.name),
        email=email,
        administration=administration,
        language=data.language,
    )
    if data.is_admin != user.is_admin:
        record("admin_granted" if data.is_admin else "admin_revoked", actor, person=user)
        user.is_admin = data.is_admin
        user.bump_version()
        changed = True
    changed = set_memberships(actor, user, by_network(data.roles)) or changed
    commit_or_conflict(lambda: _changed_first(user.id))
    return changed


@refuses_cleanly
def deactivate(actor: User, user: User, version: int) -> None:
    """The person can no longer sign in, and every session of theirs ends at once. Their
    memberships and everything they wrote stay."""
    require_admin(actor)
    if user.id == actor.id:
        raise NotAllowed(_("You cannot deactivate your own account: ask another administrator."))
    _check_version(user, version)
    if not user.active:
        raise Conflict(_("%(name)s's account is deactivated already.", name=user.name))
    if user.is_admin:
        _require_another_admin(user)
    user.deactivate()
    user.bump_version()
    record("account_deactivated", actor, person=user)
    commit_or_conflict(lambda: _changed_first(user.id))


@refuses_cleanly
def reactivate(actor: User, user: User, version: int) -> None:
    """The person can sign in again, with the memberships they had."""
    require_admin(actor)
    _check_version(user, version)
    if user.active:
        raise Conflict(_("%(name)s's account is active already.", name=user.name))
    user.active = True
    user.bump_version()
    record("account_reactivated", actor, person=user)
    commit_or_conflict(lambda: _changed_first(user.id))


def link_purpose(user: User) -> Purpose:
    """The first-password link for an account that has never had a password, the
    new-password one otherwise."""
    return Purpose.RESET if user.password_hash else Purpose.FIRST


@refuses_cleanly
def send_password_link(actor: User, user: User) -> Purpose:
    require_admin(actor)
    if not password_signin():
        raise Conflict(
            _("People sign in through the municipality's directory here, not with a password.")
        )
    if not user.active:
        raise Conflict(_("The account is deactivated: reactivate it first."))
    purpose = link_purpose(user)
    mail_link(actor, user, purpose)
    db.session.commit()
    return purpose
