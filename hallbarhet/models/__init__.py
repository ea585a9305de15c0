"""The domain model, one module per aggregate."""

from .directory import DirectoryMapping, UnmappedClaimValue
from .events import Event
from .imports import StagedImport
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
from .statement import AccessibilityStatement, AssessmentMethod, Compliance

__all__ = [
    "AccessibilityStatement",
    "ActionItem",
    "ActionStatus",
    "AgendaItem",
    "Administration",
    "AskedFor",
    "Assessment",
    "AssessmentMethod",
    "Compliance",
    "Dimension",
    "DirectoryMapping",
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
    "StagedImport",
    "StandingItem",
    "Thesaurus",
    "ThesaurusEntry",
    "ThesaurusTopic",
    "UnmappedClaimValue",
    "User",
    "WorkArea",
]
