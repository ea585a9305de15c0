"""Reminders, sent by `flask --app hallbarhet send-reminders` from cron (daily is enough).

Who hears what, when (the rules below, plain functions of the data and the time):
- a network's representatives, from REMINDER_DEADLINE_DAYS days before a meeting's
  submission deadline until it passes: the questions for it are due;
- the network's coordinators, from the day a meeting's agenda is due (agenda_lead_days
  before it) while it is still unpublished and the meeting still to come;
- invited colleagues, the day before the meeting, with their link.

A cancelled meeting, or one that has started, reminds no one. Each reminder is sent once:
a SentReminder row with a unique (kind, key) is committed with its mail, so running the
command again, the same day or later, sends nothing twice. The keys name the date the
reminder is about, so a meeting moved to another day reminds again for the new date.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..dates import local_day
from ..extensions import db
from ..invitations.urls import invitation_url
from ..meetings.lifecycle import UPCOMING
from ..models import Invitation, Meeting, MeetingStatus, Membership, Network, Role, User
from ..models.base import utcnow
from ..urls import external_url, require_site_address
from .outbox import queue_once
from .sending import send_pending

DEADLINE = "deadline"
AGENDA_DUE = "agenda_due"
INVITED = "invited"


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str
    recipient: str
    language: str
    template: str
    context: dict = field(default_factory=dict, compare=False)


def deadline_reminder_due(meeting: Meeting, now: datetime, days: int) -> bool:
    """From `days` days before the submission deadline (by the local calendar) until it
    passes, for a meeting still to come."""
    deadline = meeting.submission_deadline
    return (
        meeting.status in UPCOMING
        and now < deadline
        and local_day(now) >= local_day(deadline) - timedelta(days=days)
    )


def agenda_reminder_due(meeting: Meeting, now: datetime) -> bool:
    """From the day the agenda is due, while it is unpublished and the meeting to come."""
    return (
        meeting.status == MeetingStatus.PLANNED
        and now < meeting.starts_at
        and local_day(now) >= local_day(meeting.agenda_due)
    )


def invited_reminder_due(invitation: Invitation, now: datetime) -> bool:
    """The day before the meeting (or on its day, before it starts, when the command did
    not run the day before). A colleague invited the day before or later has just had
    the invitation with the link, and is not reminded of it."""
    meeting = invitation.meeting
    day_before = local_day(meeting.starts_at) - timedelta(days=1)
    return (
        meeting.status in UPCOMING
        and invitation.revoked_at is None
        and now < meeting.starts_at
        and local_day(now) >= day_before
        and local_day(invitation.created_at) < day_before
    )


def reminders_due(
    meetings: list[Meeting],
    members: list[Membership],
    invitations: list[Invitation],
    now: datetime,
    deadline_days: int,
) -> list[Reminder]:
    """Every reminder the data calls for now, sent before or not (the outbox knows)."""
    by_network: dict[tuple[int, Role], list[User]] = {}
    for membership in members:
        user = membership.user
        if user.active and (membership.role != Role.REPRESENTATIVE or user.administration_id):
            by_network.setdefault((membership.network_id, membership.role), []).append(user)
    due = []
    for meeting in meetings:
        if deadline_reminder_due(meeting, now, deadline_days):
            deadline = meeting.submission_deadline
            for user in by_network.get((meeting.network_id, Role.REPRESENTATIVE), []):
                due.append(
                    Reminder(
                        DEADLINE,
                        f"meeting:{meeting.id}:{local_day(deadline)}:user:{user.id}",
                        user.email,
                        user.language,
                        "reminder_deadline",
                        {"meeting": meeting, "recipient_name": user.name, "deadline": deadline},
                    )
                )
        if agenda_reminder_due(meeting, now):
            due_on = meeting.agenda_due
            for user in by_network.get((meeting.network_id, Role.COORDINATOR), []):
                due.append(
                    Reminder(
                        AGENDA_DUE,
                        f"meeting:{meeting.id}:{local_day(due_on)}:user:{user.id}",
                        user.email,
                        user.language,
                        "reminder_agenda_due",
                        {"meeting": meeting, "recipient_name": user.name, "due": due_on},
                    )
                )
    for invitation in invitations:
        if invited_reminder_due(invitation, now):
            starts = local_day(invitation.meeting.starts_at)
            due.append(
                Reminder(
                    INVITED,
                    f"invitation:{invitation.id}:{starts}",
                    invitation.email,
                    invitation.language,
                    "reminder_invited",
                    {"invitation": invitation, "meeting": invitation.meeting},
                )
            )
    return due


def send_reminders(now: datetime | None = None) -> Counter:
    """Queue the reminders due now that were not sent before; counts per kind."""
    now = now or utcnow()
    days = int(current_app.config["REMINDER_DEADLINE_DAYS"])
    meetings = _meetings_soon(now, days)
    network_ids = {meeting.network_id for meeting in meetings}
    members = list(
        db.session.scalars(
            select(Membership)
            .options(joinedload(Membership.user))
            .where(
                Membership.network_id.in_(network_ids),
                Membership.role.in_((Role.REPRESENTATIVE, Role.COORDINATOR)),
            )
            .order_by(Membership.id)
        )
    )
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .options(joinedload(Invitation.invited_by))
            .where(
                Invitation.meeting_id.in_([meeting.id for meeting in meetings]),
                Invitation.revoked_at.is_(None),
            )
            .order_by(Invitation.id)
        )
    )
    sent: Counter = Counter()
    for reminder in reminders_due(meetings, members, invitations, now, days):
        if _send_once(reminder):
            sent[reminder.kind] += 1
    return sent


def _meetings_soon(now: datetime, days: int) -> list[Meeting]:
    """Meetings to come that a reminder may be due for: none starts further ahead than the
    longest lead time of any network, plus the days of warning."""
    leads = db.session.execute(
        select(func.max(Network.submission_lead_days), func.max(Network.agenda_lead_days))
    ).one()
    horizon = now + timedelta(days=max(lead or 0 for lead in leads) + days + 2)
    return list(
        db.session.scalars(
            select(Meeting)
            .options(joinedload(Meeting.network))
            .where(
                Meeting.status.in_(UPCOMING),
                Meeting.starts_at > now,
                Meeting.starts_at <= horizon,
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def _send_once(reminder: Reminder) -> bool:
    """Queue and commit one reminder; False when it went out before, also when another
    run of the command queued it a moment ago (the unique key stops it at commit)."""
    context = dict(reminder.context)
    meeting = context["meeting"]
    if reminder.kind == INVITED:
        context["url"] = invitation_url(context["invitation"])
    else:
        context["url"] = external_url("meetings.show", meeting_id=meeting.id)
    if reminder.kind == DEADLINE:
        context["new_question_url"] = external_url("issues.new")
    queued = queue_once(
        reminder.kind,
        reminder.key,
        reminder.recipient,
        reminder.template,
        reminder.language,
        **context,
    )
    if queued is None:
        return False
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Send the reminders due today (safe to run again: none is sent twice)."""
    require_site_address("the reminders")
    sent = send_reminders()
    result = send_pending()
    click.echo(
        f"Reminders: {sent[DEADLINE]} of submission deadlines, {sent[AGENDA_DUE]} of agendas "
        f"due, {sent[INVITED]} to invited colleagues. Mail sent {result.sent}, left for a "
        f"later attempt {result.deferred}, failed {result.failed}."
    )
