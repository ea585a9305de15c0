"""The domain model, one module per aggregate."""

from .events import Event
from .invitations import Invitation
from .issues import AskedFor, Assessment, Issue, IssueKind, IssueStatus, ReferenceCounter
from .mail import MailStatus, OutboxMail, SentReminder
from .meetings import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingForm,
    MeetingStatus,
    MinutesRevision,
    StandingItem,
)
from .organisation import Administration, Dimension, Membership, Network, Role, User, WorkArea
from .reports import ReportBack
from .signin import LoginFailure
from .similar import IssueTerm, Thesaurus, ThesaurusEntry, ThesaurusTopic

__all__ = [
    "ActionItem",
    "ActionStatus",
    "AgendaItem",
    "Administration",
    "AskedFor",
    "Assessment",
    "Dimension",
    "Event",
    "Invitation",
    "Issue",
    "IssueKind",
    "IssueStatus",
    "IssueTerm",
    "ItemKind",
    "ItemOutcome",
    "LoginFailure",
    "MailStatus",
    "Meeting",
    "MeetingForm",
    "MeetingStatus",
    "Membership",
    "MinutesRevision",
    "Network",
    "OutboxMail",
    "ReferenceCounter",
    "ReportBack",
    "Role",
    "SentReminder",
    "StandingItem",
    "Thesaurus",
    "ThesaurusEntry",
    "ThesaurusTopic",
    "User",
    "WorkArea",
]
