"""Publishing the minutes: mailed to the network, and the questions moved on by outcome.

What each outcome does to the question (DESIGN's life cycle: scheduled → discussed →
closed, every step through issues.lifecycle.change_status with its Event):

- concluded: the network is done with it → discussed, then closed.
- sent for decision: the network's part is done, the decision is taken elsewhere (a
  committee, the management group) → discussed, then closed; the outcome says where it went.
- discussed: talked through, the network may come back to it → discussed.
- needs follow-up: stays discussed, and publishing asks for at least one open action item
  under it, so that the follow-up has someone responsible and a due date and comes back on
  the network's next agenda (open_action_items). It does not go back to the triage queue:
  a question has one place on one agenda (agenda_item.issue_id is unique), and its minutes,
  outcome and action items stay with that place.

A question that left the agenda's status in the meantime (withdrawn) is not moved. Each
submitter whose question moved gets one mail with the outcome and its new status; every
member of the network gets the minutes, each in the own language. What was published is
frozen as revision 1 of the minutes (minutes.revisions)."""

from flask_babel import gettext as _

from .. import access
from ..errors import Conflict, Invalid
from ..issues.lifecycle import change_status
from ..mail.minutes import mail_minutes, mail_moved_questions
from ..meetings.lifecycle import change_meeting_status, mark_held
from ..models import (
    ActionStatus,
    AgendaItem,
    IssueStatus,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    User,
)
from ..models.base import commit_or_conflict, refuses_cleanly, utcnow
from ..models.events import record
from .operations import require_writable
from .queries import minutes_of
from .revisions import add_revision

S = IssueStatus
O = ItemOutcome  # noqa: E741

# The statuses a scheduled question passes through, by outcome.
MOVES: dict[ItemOutcome, tuple[IssueStatus, ...]] = {
    O.CONCLUDED: (S.DISCUSSED, S.CLOSED),
    O.SENT_FOR_DECISION: (S.DISCUSSED, S.CLOSED),
    O.DISCUSSED: (S.DISCUSSED,),
    O.NEEDS_FOLLOW_UP: (S.DISCUSSED,),
}


def questions_to_move(meeting: Meeting) -> list[AgendaItem]:
    """The items whose question is still scheduled, in agenda order."""
    return [
        item
        for item in meeting.items
        if item.issue is not None and item.issue.status == IssueStatus.SCHEDULED
    ]


@refuses_cleanly
def publish_minutes(user: User, meeting: Meeting, version: int) -> None:
    """Publish once: the meeting becomes "minutes published", for good."""
    minutes = _check_publishable(user, meeting, version)
    questions = questions_to_move(meeting)
    mark_held(meeting, user)
    change_meeting_status(meeting, MeetingStatus.MINUTES_PUBLISHED, user)
    meeting.minutes_published_at = utcnow()
    add_revision(meeting, user, minutes, at=meeting.minutes_published_at)
    moved = []
    for item in questions:
        issue, outcome = item.issue, item.outcome
        # Each has its question (questions_to_move) and an outcome (refused above if not).
        assert issue is not None and outcome is not None
        # The question's history hears of the outcome now, not while it was a draft.
        record("outcome", user, issue=issue, to_value=outcome.value, message=meeting.name)
        for target in MOVES[outcome]:
            change_status(issue, target, user, meeting.name)
        moved.append((item, issue))
    mail_minutes(meeting, minutes)
    mail_moved_questions(meeting, moved, minutes)
    commit_or_conflict(lambda: _changed(meeting))


def _changed(meeting: Meeting) -> Conflict:
    return Conflict(
        _(
            "Someone else changed this meeting while you had it open. "
            "Here it is as it is now; publish again if it still applies."
        ),
        current=meeting,
    )


def _check_publishable(user: User, meeting: Meeting, version: int):
    """The minutes as they would be published, or the refusal: by whom, when, of which
    version, and what is missing (an outcome for every question, an open action item for
    one that needs follow-up)."""
    require_writable(user, meeting)
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        raise Conflict(_("The minutes are already published."), current=meeting)
    if meeting.version != version:
        raise _changed(meeting)
    questions = questions_to_move(meeting)
    undecided = [item.title for item in questions if item.outcome is None]
    if undecided:
        raise Invalid(
            _(
                "Give every question an outcome before publishing: %(titles)s.",
                titles="; ".join(undecided),
            )
        )
    minutes = minutes_of(meeting)
    unfollowed = [
        item.title
        for item in questions
        if item.outcome == ItemOutcome.NEEDS_FOLLOW_UP
        and not any(a.status == ActionStatus.OPEN for a in minutes.actions_of(item))
    ]
    if unfollowed:
        raise Invalid(
            _(
                "A question that needs follow-up needs an action item saying who follows "
                "it up and by when: %(titles)s.",
                titles="; ".join(unfollowed),
            )
        )
    return minutes


def empty_items(user: User, meeting: Meeting, version: int) -> list:
    """The items that publishing now would put out with neither notes nor an outcome, which
    the publisher is asked about first; refused as publish_minutes would refuse."""
    _check_publishable(user, meeting, version)
    return [
        item
        for item in meeting.items
        if not (item.notes or "").strip() and item.outcome is None and item.issue is None
    ]


def can_publish(user: User, meeting: Meeting) -> bool:
    return (
        access.is_coordinator(user, meeting.network_id)
        and meeting.status != MeetingStatus.MINUTES_PUBLISHED
        and meeting.status != MeetingStatus.CANCELLED
        and meeting.starts_at <= utcnow()
    )
