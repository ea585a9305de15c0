"""The domain model, one module per aggregate."""

from .events import Event
from .issues import AskedFor, Assessment, Issue, IssueKind, IssueStatus, ReferenceCounter
from .meetings import AgendaItem, ItemKind, Meeting, MeetingForm, MeetingStatus
from .organisation import Administration, Dimension, Membership, Network, Role, User, WorkArea

__all__ = [
    "AgendaItem",
    "Administration",
    "AskedFor",
    "Assessment",
    "Dimension",
    "Event",
    "Issue",
    "IssueKind",
    "IssueStatus",
    "ItemKind",
    "Meeting",
    "MeetingForm",
    "MeetingStatus",
    "Membership",
    "Network",
    "ReferenceCounter",
    "Role",
    "User",
    "WorkArea",
]
