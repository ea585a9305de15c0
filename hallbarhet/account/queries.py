"""What the tool holds about one person, as "Mina uppgifter" shows it and the download holds
it: the account, its memberships, the questions the person submitted, the Events the person
caused and the mail sent to the person. Nothing about anyone else but the names it takes to
read it."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from ..extensions import db
from ..models import Event, Issue, Meeting, Membership, OutboxMail, User

# The newest of each shown on /account; the download and the events' own pages have all.
EVENTS_SHOWN = 10
MAILS_SHOWN = 20
EVENTS_PER_PAGE = 50

SIGN_IN_METHODS = {
    "password": _l("Password"),
    "no_password": _l("Password, not chosen yet"),
    "directory": _l("The municipality's directory"),
}


@dataclass(frozen=True)
class Overview:
    person: User
    questions: list[Issue]
    events: list[Event]
    event_count: int
    mails: list[OutboxMail]
    mail_count: int


def person(user_id: int) -> User:
    """The account with its administration and its networks."""
    return db.session.scalars(
        select(User)
        .options(
            joinedload(User.administration),
            selectinload(User.memberships).joinedload(Membership.network),
        )
        .where(User.id == user_id)
    ).one()


def sign_in_method(user: User) -> str:
    """How the person signs in, as a code of SIGN_IN_METHODS. Where directory sign-in is
    the only way in (PASSWORD_SIGNIN false), a password the account may still have opens
    nothing."""
    if not current_app.config["PASSWORD_SIGNIN"]:
        return "directory"
    return "password" if user.password_hash else "no_password"


def overview(user: User) -> Overview:
    return Overview(
        person=person(user.id),
        questions=questions(user),
        events=events(user, limit=EVENTS_SHOWN),
        event_count=event_count(user),
        mails=mails(user, limit=MAILS_SHOWN),
        mail_count=mail_count(user),
    )


def questions(user: User, *, whole: bool = False) -> list[Issue]:
    """The questions the person submitted (drafts too), newest first; whole: with everything
    the download says of each."""
    options = [joinedload(Issue.network)]
    if whole:
        options += [
            joinedload(Issue.administration),
            joinedload(Issue.work_area),
            joinedload(Issue.desired_meeting).joinedload(Meeting.network),
            selectinload(Issue.affected),
        ]
    return list(
        db.session.scalars(
            select(Issue)
            .options(*options)
            .where(Issue.submitter_id == user.id)
            .order_by(Issue.created_at.desc(), Issue.id.desc())
        )
    )


def _events():
    return select(Event).options(
        joinedload(Event.actor),
        joinedload(Event.person),
        joinedload(Event.issue).load_only(Issue.reference, Issue.title),
        joinedload(Event.meeting).load_only(Meeting.starts_at).joinedload(Meeting.network),
        joinedload(Event.network),
        joinedload(Event.administration),
    )


def events(user: User, *, limit: int | None = None, offset: int = 0) -> list[Event]:
    """The Events the person caused, newest first."""
    query = (
        _events()
        .where(Event.actor_id == user.id)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def event_count(user: User) -> int:
    return db.session.execute(select(func.count()).where(Event.actor_id == user.id)).scalar_one()


def _to(user: User):
    # The outbox keeps the address as the mail was written to it; accounts are kept in
    # lower case (auth.signin.normalise_email).
    return func.lower(OutboxMail.recipient) == user.email.lower()


def mails(user: User, *, limit: int | None = None, whole: bool = False) -> list[OutboxMail]:
    """The mail sent (or waiting to be sent) to the person's address, newest first; whole:
    with the texts, for the download."""
    query = select(OutboxMail).where(_to(user))
    if not whole:
        query = query.options(
            load_only(
                OutboxMail.subject,
                OutboxMail.status,
                OutboxMail.created_at,
                OutboxMail.sent_at,
            )
        )
    query = query.order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def mail_count(user: User) -> int:
    return db.session.execute(
        select(func.count()).select_from(OutboxMail).where(_to(user))
    ).scalar_one()


def administrators() -> list[User]:
    """Whom to ask to correct or remove what the tool holds."""
    return list(
        db.session.scalars(
            select(User)
            .options(load_only(User.name, User.email))
            .where(User.is_admin, User.active)
            .order_by(User.name)
        )
    )


def subject_of(event: Event) -> str | None:
    """What an Event is about, in a few words: a question, a meeting, a person, an
    administration or a network."""
    if event.issue is not None:
        return event.issue.label
    if event.meeting is not None:
        return event.meeting.name
    if event.person is not None:
        return event.person.name
    if event.administration is not None:
        return event.administration.name
    if event.network is not None:
        return event.network.name
    return None
