"""How the invitation pages load what they show, in a fixed number of statements."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import joinedload

from ..access import is_coordinator
from ..extensions import db, plain_rows
from ..meetings.queries import with_agenda
from ..models import Administration, AgendaItem, Invitation, Meeting, Network, User
from ..models.invitations import link_is_valid, signed_ids
from ..models.meetings import meeting_end


def invitations_seen_by(user: User, meeting: Meeting) -> list[Invitation]:
    """The meeting's invitations the user sees (rules.sees_invitation, as one query)."""
    query = (
        select(Invitation)
        .join(Invitation.invited_by)
        .options(
            joinedload(Invitation.administration),
            joinedload(Invitation.agenda_item),
            joinedload(Invitation.invited_by).joinedload(User.administration),
        )
        .where(Invitation.meeting_id == meeting.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    if not is_coordinator(user, meeting.network_id):
        own = user.administration_id
        query = query.where(
            or_(
                Invitation.invited_by_id == user.id,
                Invitation.administration_id == own,
                User.administration_id == own,
            )
        )
    return list(db.session.scalars(query))


def active_administrations() -> list[Administration]:
    return list(
        db.session.scalars(
            select(Administration).where(Administration.active).order_by(Administration.name)
        )
    )


@dataclass(frozen=True)
class GuestLink:
    """What a kept guest page needs of the invitation a link names, to know whether the
    link still opens it and whether its copy is current (the rest is in the copy)."""

    id: int
    meeting_id: int
    agenda_item_id: int | None
    name: str
    language: str
    revoked_at: datetime | None
    starts_at: datetime
    duration_minutes: int
    network_slug: str
    inviter: tuple  # id, version, name and email: the page names whom to ask

    @property
    def ends_at(self) -> datetime:
        return meeting_end(self.starts_at, self.duration_minutes)

    def is_valid(self, now: datetime | None = None) -> bool:
        return link_is_valid(self.revoked_at, self.ends_at, now)


# Built once: every guest page asks it. One row of plain values, no objects to load.
_LINK = (
    select(
        Invitation.id,
        Invitation.meeting_id,
        Invitation.agenda_item_id,
        Invitation.name,
        Invitation.language,
        Invitation.revoked_at,
        Meeting.starts_at,
        Meeting.duration_minutes,
        Network.slug,
        User.id,
        User.version,
        User.name,
        User.email,
    )
    .join(Meeting, Meeting.id == Invitation.meeting_id)
    .join(Network, Network.id == Meeting.network_id)
    .join(User, User.id == Invitation.invited_by_id)
    .where(
        Invitation.id == bindparam("invitation_id"),
        Invitation.meeting_id == bindparam("meeting_id"),
    )
)


def guest_link(token: str) -> GuestLink | None:
    """The invitation a link names, as GuestLink; None for a link that is tampered with or
    names no invitation (of the meeting it was signed for)."""
    signed = signed_ids(token)
    if signed is None:
        return None
    invitation_id, meeting_id = signed
    row = plain_rows(_LINK, {"invitation_id": invitation_id, "meeting_id": meeting_id}).first()
    if row is None:
        return None
    (id_, meeting_id, item_id, name, language, revoked_at, starts_at, minutes, slug) = row[:9]
    return GuestLink(
        id=id_,
        meeting_id=meeting_id,
        agenda_item_id=item_id,
        name=name,
        language=language,
        revoked_at=revoked_at,
        starts_at=starts_at,
        duration_minutes=minutes,
        network_slug=slug,
        inviter=tuple(row[9:]),
    )


def guest_invitation(token: str) -> Invitation | None:
    """The invitation a link names, with its meeting and agenda loaded (one statement for
    the invitation, as for the meeting page); None for a link that is tampered with or
    names no invitation of the meeting it was signed for."""
    signed = signed_ids(token)
    if signed is None:
        return None
    invitation_id, meeting_id = signed
    return db.session.scalar(
        select(Invitation)
        .options(
            joinedload(Invitation.meeting).options(*with_agenda()),
            joinedload(Invitation.agenda_item).joinedload(AgendaItem.issue),
            joinedload(Invitation.invited_by).joinedload(User.administration),
        )
        .where(Invitation.id == invitation_id, Invitation.meeting_id == meeting_id)
    )
