"""Questions (issues) brought to a network, and the coordinator's checklist assessment."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model, db
from .base import UTCDateTime, enum_column, utcnow
from .organisation import Administration, Network, User, WorkArea

if TYPE_CHECKING:
    from .meetings import AgendaItem, Meeting


class IssueStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCHEDULED = "scheduled"
    DISCUSSED = "discussed"
    CLOSED = "closed"
    RETURNED = "returned"
    PARKED = "parked"
    REFERRED = "referred"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    # Joined into another question on the same topic; that one carries the agenda item.
    MERGED = "merged"


class IssueKind(enum.StrEnum):
    DIALOGUE = "dialogue"
    CONSULTATION = "consultation"
    ANCHORING = "anchoring"
    INFORMATION = "information"
    EXCHANGE = "exchange"
    COMPETENCE = "competence"


class AskedFor(enum.StrEnum):
    INPUT = "input"
    DIALOGUE = "dialogue"
    ANCHORING = "anchoring"
    INFORMATION = "information"


issue_affected = sa.Table(
    "issue_affected",
    db.metadata,
    sa.Column("issue_id", sa.ForeignKey("issue.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("administration_id", sa.ForeignKey("administration.id"), primary_key=True),
)


class Issue(Model):
    __table_args__ = (
        sa.Index("ix_issue_network_status", "network_id", "status"),
        # Only the few questions joined into another: an index of every question's empty
        # value looks to SQLite's statistics (after ANALYZE) as if it narrowed nothing, and
        # the meeting pages' state then read every question.
        sa.Index(
            "ix_issue_merged_into_id",
            "merged_into_id",
            sqlite_where=sa.text("merged_into_id IS NOT NULL"),
            postgresql_where=sa.text("merged_into_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("network.id"))
    administration_id: Mapped[int] = mapped_column(sa.ForeignKey("administration.id"), index=True)
    submitter_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id"), index=True)
    # NEH-2026-014: given when the question is first submitted, never changed.
    reference: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    kind: Mapped[IssueKind] = mapped_column(enum_column(IssueKind))
    asked_for: Mapped[AskedFor] = mapped_column(enum_column(AskedFor))
    work_area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("work_area.id"))
    goals: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    desired_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"))
    latest_date: Mapped[date | None] = mapped_column()
    estimated_minutes: Mapped[int] = mapped_column(default=15)
    presenter: Mapped[str] = mapped_column(sa.String(200), default="")
    links: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[IssueStatus] = mapped_column(enum_column(IssueStatus), default=IssueStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column()
    # The question this one was joined into (status MERGED): two administrations raising
    # the same thing meet in one agenda item.
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("issue.id", name="fk_issue_merged_into")
    )

    network: Mapped[Network] = relationship()
    administration: Mapped[Administration] = relationship()
    submitter: Mapped[User] = relationship()
    work_area: Mapped[WorkArea | None] = relationship()
    affected: Mapped[list[Administration]] = relationship(
        secondary=issue_affected, order_by=Administration.name
    )
    desired_meeting: Mapped["Meeting | None"] = relationship()
    assessment: Mapped["Assessment | None"] = relationship(
        back_populates="issue", cascade="all, delete-orphan"
    )
    agenda_item: Mapped["AgendaItem | None"] = relationship(back_populates="issue")

    merged_into: Mapped["Issue | None"] = relationship(
        remote_side=[id], back_populates="merged", foreign_keys=[merged_into_id]
    )
    merged: Mapped[list["Issue"]] = relationship(
        back_populates="merged_into", foreign_keys=[merged_into_id], order_by="Issue.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        return f"{self.reference} {self.title}" if self.reference else self.title

    def __repr__(self) -> str:
        return f"<Issue {self.id} {self.status}>"


class Assessment(Model):
    """The coordinator's answers to the network's checklist for one question."""

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("issue.id", ondelete="CASCADE"), unique=True
    )
    affects_several: Mapped[bool | None] = mapped_column()
    info_for_all: Mapped[bool | None] = mapped_column()
    needs_dialogue: Mapped[bool | None] = mapped_column()
    short_info: Mapped[bool | None] = mapped_column()
    recommendation: Mapped[str] = mapped_column(sa.String(32), default="incomplete")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    assessed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    issue: Mapped[Issue] = relationship(back_populates="assessment")
    assessed_by: Mapped[User | None] = relationship()


class ReferenceCounter(Model):
    """The last reference number given per network and year."""

    network_id: Mapped[int] = mapped_column(sa.ForeignKey("network.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
