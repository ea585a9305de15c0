"""The agenda mails: when it is published and when its changes after publishing are
announced (what changed: meetings.changes).

Every member of the network gets one, in the own language, with a link to the meeting page,
and so does every colleague invited to the meeting (and not revoked), in the language the
invitation was made in, with the invitation's own signed link."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..meetings.budget import budget_of_items, start_times
from ..meetings.changes import Changes
from ..models import AgendaItem, Invitation, Meeting, Membership, User
from ..urls import external_url
from .outbox import queue

PUBLISHED = "agenda_published"
CHANGED = "agenda_changed"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    link: str


@dataclass(frozen=True)
class AgendaLine:
    item: AgendaItem
    starts_at: datetime
    changed: bool = False


def recipients(meeting: Meeting) -> list[Recipient]:
    """Every active member of the meeting's network, then every invited colleague whose
    invitation stands; one mail per address (a member who is also invited gets the
    member's)."""
    link = external_url("meetings.show", meeting_id=meeting.id)
    members = db.session.execute(
        select(User.email, User.name, User.language)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == meeting.network_id, User.active.is_(True))
        .order_by(User.id)
    ).all()
    found: dict[str, Recipient] = {}
    for email, name, language in members:
        found.setdefault(email.lower(), Recipient(email, name, language, link))
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.meeting_id == meeting.id, Invitation.revoked_at.is_(None))
        .order_by(Invitation.id)
    )
    for invitation in invitations:
        if invitation.email.lower() not in found:
            guest_link = external_url("invitations.show", token=invitation.token())
            found[invitation.email.lower()] = Recipient(
                invitation.email, invitation.name, invitation.language, guest_link
            )
    return list(found.values())


def mail_agenda(meeting: Meeting, changes: Changes | None = None) -> int:
    """Queue the agenda to every recipient in the caller's transaction: as published, or,
    with changes, as changed. Returns how many mails were queued."""
    items = list(meeting.items)
    times = start_times(meeting.starts_at, [item.allotted_minutes for item in items])
    changed_ids = changes.changed_item_ids if changes else frozenset()
    lines = [
        AgendaLine(item, starts_at, item.id in changed_ids)
        for item, starts_at in zip(items, times, strict=True)
    ]
    budget = budget_of_items(meeting, items)
    template = CHANGED if changes else PUBLISHED
    people = recipients(meeting)
    for person in people:
        queue(
            person.email,
            template,
            person.language,
            meeting=meeting,
            lines=lines,
            budget=budget,
            changes=changes,
            recipient_name=person.name,
            link=person.link,
        )
    return len(people)
