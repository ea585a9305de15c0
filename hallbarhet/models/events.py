"""Append-only history of every change: to a question, a meeting, and what administrators
change (a network, an administration, a person's account)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from .base import UTCDateTime, utcnow
from .issues import Issue
from .meetings import Meeting
from .organisation import Administration, Network, User


class Event(Model):
    __table_args__ = (
        # A question's history, newest first (the cards read only its latest events).
        sa.Index("ix_event_issue_history", "issue_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    issue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issue.id"))
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    # What an administrative change is about (the admin history lists these): a network (and
    # its work areas or standing items), an administration, a person's account.
    network_id: Mapped[int | None] = mapped_column(sa.ForeignKey("network.id"), index=True)
    administration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administration.id"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"), index=True)
    # What happened, as a code the templates translate: "status", "assessed", "edited", ...
    action: Mapped[str] = mapped_column(sa.String(32))
    from_value: Mapped[str | None] = mapped_column(sa.String(200))
    to_value: Mapped[str | None] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(sa.Text, default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    network: Mapped[Network | None] = relationship()
    administration: Mapped[Administration | None] = relationship()
    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    issue: Mapped[Issue | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()


def record(
    action: str,
    actor: User | None,
    *,
    issue=None,
    meeting=None,
    network: Network | None = None,
    administration: Administration | None = None,
    person: User | None = None,
    from_value=None,
    to_value=None,
    message: str = "",
) -> Event:
    """Add an Event to the session; the caller's transaction commits it with the change."""
    event = Event(
        action=action,
        actor=actor,
        issue=issue,
        meeting=meeting,
        network=network,
        administration=administration,
        person=person,
        from_value=None if from_value is None else str(from_value),
        to_value=None if to_value is None else str(to_value),
        message=message,
    )
    db.session.add(event)
    return event
