"""The minutes mails: the published minutes to the network's members, each in the own
language, and to each submitter whose question moved, its outcome and new status."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import AgendaItem, Issue, Meeting, Membership, User
from ..urls import external_url
from .outbox import queue


def mail_minutes(meeting: Meeting, minutes) -> None:
    """Queue the published minutes to every active member of the network."""
    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == meeting.network_id, User.active.is_(True))
        .order_by(User.id)
    ).all()
    url = external_url("meetings.show", meeting_id=meeting.id)
    print_url = external_url("minutes.print_view", meeting_id=meeting.id)
    for member in members:
        queue(
            member.email,
            "minutes_published",
            member.language,
            recipient_name=member.name,
            meeting=meeting,
            minutes=minutes,
            url=url,
            print_url=print_url,
        )


def mail_moved_questions(meeting: Meeting, moved: list[tuple[AgendaItem, Issue]], minutes) -> None:
    """Queue to each submitter whose question the minutes moved (each item with its
    question) on its outcome and new status, with the action items under it."""
    submitter_ids = {issue.submitter_id for _item, issue in moved}
    if not submitter_ids:
        return
    submitters = {
        user.id: user
        for user in db.session.scalars(
            select(User).options(joinedload(User.administration)).where(User.id.in_(submitter_ids))
        )
    }
    for item, issue in moved:
        submitter = submitters.get(issue.submitter_id)
        if submitter is None or not submitter.active:
            continue
        queue(
            submitter.email,
            "minutes_question_moved",
            submitter.language,
            recipient_name=submitter.name,
            meeting=meeting,
            item=item,
            issue=issue,
            actions=minutes.actions_of(item),
            url=external_url("issues.show", issue_id=issue.id),
        )
