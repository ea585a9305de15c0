"""The coordinators' daily digest of new questions, sent by `flask --app hallbarhet
send-digests` from cron (once a day, e.g. at 07:00).

Instead of one mail per new submission, each coordinator gets at most one digest per local
day (the local zone), covering every network they coordinate: the questions submitted to
them since that coordinator's previous digest, and how many wait in each queue.

"Since the previous digest": submitted (or resubmitted after a return) after the moment the
command queued the previous digest to that coordinator; the first digest covers the last 24
hours. A day with nothing new sends nothing and moves nothing, so the next digest covers
those days too. Each digest is recorded by a SentReminder ("digest", "user:<id>:<date>")
committed with its mail, so running the command twice a day sends once.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..issues.lifecycle import TRIAGE_STATUSES
from ..models import Issue, IssueStatus, Meeting, Membership, Network, Role, SentReminder, User
from ..models.base import LOCAL_TZ, utcnow
from ..urls import external_url, require_site_address
from .outbox import queue_once
from .sending import send_pending

DIGEST = "digest"
FIRST_DIGEST_COVERS = timedelta(hours=24)
# Questions that left the coordinator's hands again before the digest have nothing to say.
NOT_LISTED = (IssueStatus.DRAFT, IssueStatus.WITHDRAWN)


@dataclass
class Section:
    """One network in a digest: its new questions and how many wait in its queue."""

    network: Network
    issues: list[Issue] = field(default_factory=list)
    waiting: int = 0


def digest_key(user: User, now: datetime) -> str:
    return f"user:{user.id}:{now.astimezone(LOCAL_TZ).date().isoformat()}"


def send_digests(now: datetime | None = None) -> int:
    """Queue and commit today's digest to every coordinator with something new that has not
    had one today; returns how many were queued."""
    now = now or utcnow()
    sent = 0
    for user, networks in _coordinators().items():
        key = digest_key(user, now)
        if _digest_sent(key):
            continue
        sections = _sections(networks, _previous_digest(user) or now - FIRST_DIGEST_COVERS, now)
        if not any(section.issues for section in sections):
            continue
        if _queue(user, key, sections, now):
            sent += 1
    return sent


def _coordinators() -> dict[User, list[Network]]:
    """Active coordinators and the networks each coordinates, in a stable order."""
    memberships = db.session.scalars(
        select(Membership)
        .options(joinedload(Membership.user), joinedload(Membership.network))
        .join(User, Membership.user_id == User.id)
        .where(Membership.role == Role.COORDINATOR, User.active.is_(True))
        .order_by(Membership.user_id, Membership.network_id)
    )
    coordinators: dict[User, list[Network]] = {}
    for membership in memberships:
        coordinators.setdefault(membership.user, []).append(membership.network)
    return coordinators


def _digest_sent(key: str) -> bool:
    return (
        db.session.scalar(
            select(SentReminder.id).where(SentReminder.kind == DIGEST, SentReminder.key == key)
        )
        is not None
    )


def _previous_digest(user: User) -> datetime | None:
    # "user:7:%" matches user 7's days only: the colon ends the id.
    return db.session.scalar(
        select(func.max(SentReminder.sent_at)).where(
            SentReminder.kind == DIGEST, SentReminder.key.like(f"user:{user.id}:%")
        )
    )


def _sections(networks: list[Network], since: datetime, until: datetime) -> list[Section]:
    sections = {network.id: Section(network) for network in networks}
    new = db.session.scalars(
        select(Issue)
        .options(
            joinedload(Issue.administration),
            joinedload(Issue.work_area),
            joinedload(Issue.desired_meeting).joinedload(Meeting.network),
        )
        .where(
            Issue.network_id.in_(sections),
            Issue.submitted_at > since,
            Issue.submitted_at <= until,
            Issue.status.not_in(NOT_LISTED),
        )
        .order_by(Issue.submitted_at, Issue.id)
    )
    for issue in new:
        sections[issue.network_id].issues.append(issue)
    waiting = db.session.execute(
        select(Issue.network_id, func.count())
        .where(Issue.network_id.in_(sections), Issue.status.in_(TRIAGE_STATUSES))
        .group_by(Issue.network_id)
    )
    for network_id, count in waiting:
        sections[network_id].waiting = count
    return list(sections.values())


def _queue(user: User, key: str, sections: list[Section], now: datetime) -> bool:
    """Queue and commit one digest; False when another run queued it a moment ago."""
    lines = [
        (section, [(issue, _card_url(issue)) for issue in section.issues]) for section in sections
    ]
    queued = queue_once(
        DIGEST,
        key,
        user.email,
        "digest",
        user.language,
        recipient_name=user.name,
        sections=lines,
        new_count=sum(len(section.issues) for section in sections),
        waiting=sum(section.waiting for section in sections),
        networks=", ".join(section.network.slug.upper() for section in sections),
        day=now,
        triage_url=external_url("triage.index"),
    )
    if queued is None:
        return False
    # The next digest starts where this one ends, at `now`, not at the moment of the insert.
    for pending in db.session.new:
        if isinstance(pending, SentReminder) and pending.kind == DIGEST and pending.key == key:
            pending.sent_at = now
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _card_url(issue: Issue) -> str:
    """The question's card on the triage screen: the queue searched for its reference."""
    return external_url("triage.index", q=issue.reference) + f"#issue-{issue.id}"


@click.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Send each coordinator today's digest of the questions submitted to their networks.

    A digest lists what was submitted (or resubmitted) since the previous digest to that
    coordinator was queued, or in the last 24 hours for a first digest, and how many
    questions wait in the queue. One digest per coordinator per day, covering all their
    networks; nothing is sent when nothing is new. Safe to run again: none is sent twice."""
    require_site_address("the digests")
    sent = send_digests()
    result = send_pending()
    click.echo(
        f"Digests: {sent} to coordinators. Mail sent {result.sent}, left for a later attempt "
        f"{result.deferred}, failed {result.failed}."
    )
