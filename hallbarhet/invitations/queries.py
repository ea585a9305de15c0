"""How the invitation pages load what they show, in a fixed number of statements."""

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..access import is_coordinator
from ..extensions import db
from ..models import Administration, AgendaItem, Invitation, Issue, Meeting, User


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


def guest_invitation(token: str, *, agenda: bool = True) -> Invitation | None:
    """The invitation a link names, with its meeting and agenda loaded (or, agenda=False,
    only the invitation: what a kept guest page needs to know whether its copy is current);
    None for a link that is tampered with or names no invitation."""
    if not agenda:
        # One statement: the invitation, its meeting and network, and who invited.
        return Invitation.from_token(
            token,
            options=(
                joinedload(Invitation.meeting).joinedload(Meeting.network),
                joinedload(Invitation.invited_by),
            ),
        )
    invitation = Invitation.from_token(token)
    if invitation is None:
        return None
    return db.session.scalar(
        select(Invitation)
        .options(
            joinedload(Invitation.meeting).options(*_meeting_options()),
            joinedload(Invitation.agenda_item).joinedload(AgendaItem.issue),
            joinedload(Invitation.invited_by).joinedload(User.administration),
        )
        .where(Invitation.id == invitation.id)
        .execution_options(populate_existing=True)
    )


def _meeting_options() -> tuple:
    # The same as the meeting page's, from the invitation rather than from the meeting.
    return (
        joinedload(Meeting.network),
        selectinload(Meeting.items).joinedload(AgendaItem.issue).joinedload(Issue.administration),
        # A question others were joined to names them all (usually none: one cheap read).
        selectinload(Meeting.items)
        .joinedload(AgendaItem.issue)
        .selectinload(Issue.merged)
        .options(joinedload(Issue.administration), joinedload(Issue.submitter)),
    )
