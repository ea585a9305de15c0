"""Telling people by mail about decisions on questions.

    decision(issue, actor, *, meeting=None, message="") -> OutboxMail | None
    merged(into, merged, actor) -> list[OutboxMail]
    send_digests(now=None) -> int   (mail.digest, `flask --app hallbarhet send-digests`)

The submitter hears of every decision someone else made on the question: scheduled into a
meeting, returned with a message, parked, referred elsewhere, declined, taken off an agenda
back into the queue, merged with another question. Nobody is told of what they did
themselves. The mail is queued in the caller's transaction (hallbarhet.mail.queue): the
decision's commit sends it on its way and its rollback takes it back, and a mail server that
is down or refuses the address never undoes or blocks the decision. Coordinators get no mail
per new submission; `send-digests` sends them one digest a day instead.
"""

from flask import current_app, has_request_context

from ..extensions import db
from ..models import Issue, IssueStatus, Meeting, OutboxMail, User
from ..urls import external_url
from .outbox import queue

# The status a decision left the question in -> the mail that tells the submitter.
TEMPLATES = {
    IssueStatus.SCHEDULED: "decision_scheduled",
    IssueStatus.RETURNED: "decision_returned",
    IssueStatus.PARKED: "decision_parked",
    IssueStatus.REFERRED: "decision_referred",
    IssueStatus.DECLINED: "decision_declined",
    # Back in the queue: taken off an agenda (or out of the parked questions).
    IssueStatus.SUBMITTED: "decision_unscheduled",
}


def decision(
    issue: Issue, actor: User, *, meeting: Meeting | None = None, message: str = ""
) -> OutboxMail | None:
    """Queue the mail that tells the submitter about the decision just made on the question,
    which is already in its new status; call it before the decision's commit.

    meeting: the meeting it was scheduled into (found from its agenda item when not given),
    or the one it was taken off. message: what the coordinator wrote (the message of a
    return, the note of a parking, where it is referred, why it is declined). None when
    nobody is to be told: the submitter made the change, or the account is closed."""
    template = TEMPLATES.get(issue.status)
    if template is None:
        raise ValueError(f"no notice for a question that became {issue.status}")
    if not _can_link():
        return None
    # Reading what the mail shows must not write the decision early: a version conflict
    # belongs to the caller's commit, where it becomes the Conflict the coordinator sees.
    with db.session.no_autoflush:
        submitter = issue.submitter
        if not _tell(submitter, actor):
            return None
        item = issue.agenda_item if issue.status == IssueStatus.SCHEDULED else None
        if meeting is None and item is not None:
            meeting = item.meeting
        context = {
            "issue": issue,
            "recipient_name": submitter.name,
            "actor_name": actor.name,
            "message": (message or "").strip(),
            "meeting": meeting,
            "item": item,
            "url": external_url("issues.show", issue_id=issue.id),
            "meeting_url": (
                external_url("meetings.show", meeting_id=meeting.id) if meeting else None
            ),
            "edit_url": (
                external_url("issues.edit", issue_id=issue.id)
                if issue.status == IssueStatus.RETURNED
                else None
            ),
        }
        return queue(submitter.email, template, submitter.language, **context)


def merged(into: Issue, merged: Issue, actor: User) -> list[OutboxMail]:
    """Queue the mails that tell both submitters that `merged` was joined into `into`, so
    that the two questions share one agenda item; call it before the merge's commit. One
    mail to a person who submitted both; none to the coordinator who merged."""
    if not _can_link():
        return []
    queued = []
    with db.session.no_autoflush:
        item = into.agenda_item
        meeting = item.meeting if item is not None else None
        seen: set[int] = set()
        for own, other in ((merged, into), (into, merged)):
            submitter = own.submitter
            if submitter.id in seen or not _tell(submitter, actor):
                continue
            seen.add(submitter.id)
            queued.append(
                queue(
                    submitter.email,
                    "decision_merged",
                    submitter.language,
                    into=into,
                    merged=merged,
                    own=own,
                    other=other,
                    recipient_name=submitter.name,
                    actor_name=actor.name,
                    meeting=meeting,
                    url=external_url("issues.show", issue_id=own.id),
                    other_url=external_url("issues.show", issue_id=other.id),
                    meeting_url=(
                        external_url("meetings.show", meeting_id=meeting.id) if meeting else None
                    ),
                )
            )
    return queued


def _tell(submitter: User | None, actor: User) -> bool:
    return submitter is not None and submitter.active and submitter.id != actor.id


def _can_link() -> bool:
    """Mails carry absolute links. Decisions are made in requests, which know the site's
    address; a command that decides with no address configured (loading the demo data
    without HALLBARHET_BASE_URL) has nobody to tell and sends no notices."""
    config = current_app.config
    if has_request_context() or config.get("BASE_URL") or config.get("SERVER_NAME"):
        return True
    current_app.logger.info("No notice mailed: no request and no BASE_URL for the links")
    return False
