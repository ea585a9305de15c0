"""Revisions of published minutes: each publishing (the first, and every correction after it)
freezes a copy of the minutes as published, so that every earlier revision stays readable
exactly as it was. Corrections publish at once: a saved correction is the next revision."""

from datetime import datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import Meeting, MinutesRevision, User
from ..models.base import utcnow
from .queries import Minutes

REASON_MAX = 500


def freeze(minutes: Minutes) -> dict:
    """What the minutes say, as plain values: the revision's content."""
    return {
        "items": [
            {
                "item_id": item.id,
                "title": item.title,
                "kind": item.kind.value,
                "reference": item.issue.reference if item.issue else None,
                "administration": item.issue.administration.name if item.issue else None,
                "presenter": item.presenter or "",
                "notes": item.notes or "",
                "outcome": item.outcome.value if item.outcome else None,
                "actions": [
                    {
                        "what": action.what,
                        "administration": action.responsible_administration.name
                        if action.responsible_administration
                        else None,
                        "person": action.responsible_name or "",
                        "due_date": action.due_date.isoformat(),
                    }
                    for action in minutes.actions_of(item)
                ],
            }
            for item in minutes.items
        ]
    }


def add_revision(
    meeting: Meeting, user: User, minutes: Minutes, reason: str = "", at: datetime | None = None
) -> int:
    """The next revision of the meeting's minutes, frozen from `minutes` as they stand in
    the session (nothing is flushed before the caller's commit); returns its number. The
    meeting's version moves on with it, so that of two corrections at the same moment the
    second is refused as a change of the meeting instead of taking the same number."""
    at = at or utcnow()
    with db.session.no_autoflush:
        latest = db.session.scalar(
            select(func.max(MinutesRevision.number)).where(MinutesRevision.meeting_id == meeting.id)
        )
        content = freeze(minutes)
    number = (latest or 0) + 1
    db.session.add(
        MinutesRevision(
            meeting_id=meeting.id,
            number=number,
            published_at=at,
            published_by_id=user.id,
            reason=reason,
            content=content,
        )
    )
    meeting.updated_at = at
    return number


def revision_or_none(meeting: Meeting, number: int) -> MinutesRevision | None:
    return db.session.scalar(
        select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting.id, MinutesRevision.number == number
        )
    )


def latest_number(meeting: Meeting) -> int:
    """The number of the latest revision, 0 while the minutes are a draft."""
    return (
        db.session.scalar(
            select(func.max(MinutesRevision.number)).where(MinutesRevision.meeting_id == meeting.id)
        )
        or 0
    )
