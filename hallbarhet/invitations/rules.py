"""Who invites whom to what: the rules of invitations, as plain functions."""

from datetime import datetime

from ..access import coordinated_network_ids, is_coordinator, representing_network_ids
from ..auth.readers import Person
from ..meetings.lifecycle import UPCOMING
from ..models import AgendaItem, Invitation, ItemKind, Meeting, User
from ..models.base import utcnow


def may_invite(user: Person, network_id: int) -> bool:
    """The network's representatives (for their administration) and its coordinators."""
    return network_id in representing_network_ids(user) or network_id in coordinated_network_ids(
        user
    )


def takes_invitations(meeting: Meeting, now: datetime | None = None) -> bool:
    """A meeting takes new invitations until it starts, unless it is cancelled."""
    return meeting.status in UPCOMING and meeting.starts_at > (now or utcnow())


def sees_invitation(user: User, invitation: Invitation) -> bool:
    """Coordinators see every invitation of their network's meetings; a representative the
    own ones and those of the own administration (for it, or made by a colleague in it)."""
    if is_coordinator(user, invitation.meeting.network_id):
        return True
    if invitation.meeting.network_id not in representing_network_ids(user):
        return False
    own = user.administration_id
    return (
        invitation.invited_by_id == user.id
        or invitation.administration_id == own
        or invitation.invited_by.administration_id == own
    )


def invitable_items(user: User, meeting: Meeting) -> list[AgendaItem]:
    """The items a colleague may be invited for. Standing items are for the network
    itself. Before the agenda is out, a representative sees only the own
    administration's questions on it; a coordinator, who builds it, every item."""
    return [item for item in meeting.items if _invitable(user, meeting, item)]


def invitable_item(user: User, item: AgendaItem | None) -> AgendaItem | None:
    """The item itself when the user may invite a colleague for it now (the question's page
    offers it): a meeting that takes invitations, a network the user invites in, and an item
    invitable_items would list."""
    if item is None:
        return None
    meeting = item.meeting
    if not (may_invite(user, meeting.network_id) and takes_invitations(meeting)):
        return None
    return item if _invitable(user, meeting, item) else None


def _invitable(user: User, meeting: Meeting, item: AgendaItem) -> bool:
    if item.kind == ItemKind.STANDING:
        return False
    if meeting.is_published or is_coordinator(user, meeting.network_id):
        return True
    return item.issue is not None and item.issue.administration_id == user.administration_id
