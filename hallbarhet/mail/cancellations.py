"""The mail that tells a submitter that the meeting their question was on is cancelled, and
the question is back in the triage queue."""

from ..models import Issue, Meeting, OutboxMail
from .outbox import queue


def mail_cancellation(issue: Issue, meeting: Meeting, reason: str) -> OutboxMail:
    submitter = issue.submitter
    return queue(
        submitter.email,
        "meeting_cancelled",
        submitter.language,
        meeting=meeting,
        recipient_name=submitter.name,
        reason=reason,
        issue=issue,
    )
