"""Meetings of a network and the items on their agendas."""

import enum
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..extensions import Model
from .base import LOCAL_TZ, UTCDateTime, enum_column, utcnow
from .issues import Issue
from .organisation import Administration, Network, User


class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    AGENDA_PUBLISHED = "agenda_published"
    HELD = "held"
    MINUTES_PUBLISHED = "minutes_published"
    CANCELLED = "cancelled"


M = MeetingStatus

# Still to come: its plan and agenda may change, questions are scheduled to it, people are
# invited and reminded, and it may be cancelled.
UPCOMING = (M.PLANNED, M.AGENDA_PUBLISHED)
# Statuses that only a meeting that has begun reaches.
BEGUN = (M.HELD, M.MINUTES_PUBLISHED)
# Its agenda is out: everyone of the network sees it, and calendars carry it.
PUBLISHED = (M.AGENDA_PUBLISHED, M.HELD, M.MINUTES_PUBLISHED)
# Its minutes are still to be published (once it has begun, they are still to write).
UNMINUTED = (M.PLANNED, M.AGENDA_PUBLISHED, M.HELD)


class MeetingForm(enum.StrEnum):
    PHYSICAL = "physical"
    DIGITAL = "digital"
    HYBRID = "hybrid"


class ItemKind(enum.StrEnum):
    DIALOGUE = "dialogue"
    CONSULTATION = "consultation"
    ANCHORING = "anchoring"
    INFORMATION = "information"
    SHORT_INFORMATION = "short_information"
    EXCHANGE = "exchange"
    COMPETENCE = "competence"
    STANDING = "standing"


class ItemOutcome(enum.StrEnum):
    """What the network did with a question, written with the minutes."""

    DISCUSSED = "discussed"
    NEEDS_FOLLOW_UP = "needs_follow_up"
    SENT_FOR_DECISION = "sent_for_decision"
    CONCLUDED = "concluded"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


def meeting_end(starts_at: datetime, duration_minutes: int) -> datetime:
    """When a meeting that starts then and lasts so long ends."""
    return starts_at + timedelta(minutes=duration_minutes)


def meeting_name(network_slug: str, starts_at: datetime) -> str:
    """Meetings are named by network and local date: "NEH 2026-12-03"."""
    return f"{network_slug.upper()} {starts_at.astimezone(LOCAL_TZ):%Y-%m-%d}"


class Meeting(Model):
    __table_args__ = (sa.Index("ix_meeting_network_starts", "network_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("network.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=120)
    form: Mapped[MeetingForm] = mapped_column(
        enum_column(MeetingForm), default=MeetingForm.PHYSICAL
    )
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    theme: Mapped[str] = mapped_column(sa.String(200), default="")
    theme_description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus), default=MeetingStatus.PLANNED
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A cancelled meeting is kept (it was announced, it is an official record), with why.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # When a change after publishing was last announced to the participants: items changed
    # since then are the ones a new announcement would tell about.
    changed_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column()

    network: Mapped[Network] = relationship()
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    if TYPE_CHECKING:
        # The minutes its items take, mapped below AgendaItem at the end of the module.
        allotted_total: Mapped[int]

    @property
    def name(self) -> str:
        return meeting_name(self.network.slug, self.starts_at)

    @property
    def ends_at(self) -> datetime:
        return meeting_end(self.starts_at, self.duration_minutes)

    @property
    def submission_deadline(self) -> datetime:
        return self.starts_at - timedelta(days=self.network.submission_lead_days)

    @property
    def agenda_due(self) -> datetime:
        return self.starts_at - timedelta(days=self.network.agenda_lead_days)

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED

    @property
    def is_upcoming(self) -> bool:
        """Its status is still to come: planned, or its agenda published."""
        return self.status in UPCOMING

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.starts_at:%Y-%m-%d}>"


class AgendaItem(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind))
    allotted_minutes: Mapped[int] = mapped_column(default=10)
    presenter: Mapped[str] = mapped_column(sa.String(200), default="")
    issue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issue.id"), unique=True)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Still a VARCHAR(32) in the database: the enum is stored by its value.
    outcome: Mapped[ItemOutcome | None] = mapped_column(enum_column(ItemOutcome))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column()

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    issue: Mapped[Issue | None] = relationship(back_populates="agenda_item")
    action_items: Mapped[list["ActionItem"]] = relationship(
        back_populates="agenda_item", order_by="ActionItem.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def changed_since_publishing(self) -> bool:
        published = self.meeting.published_at
        return published is not None and self.updated_at > published


class ActionItem(Model):
    """An action item (åtgärd) agreed under an agenda item, followed up until done.

    Responsible is an administration, a person named in text (not necessarily someone with
    an account), or both."""

    __table_args__ = (
        sa.Index("ix_action_item_responsible_status", "responsible_administration_id", "status"),
        # The follow-up starts from the open items (minutes/queries, meetings/reader_state).
        sa.Index("ix_action_item_status_agenda_item", "status", "agenda_item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(sa.Text)
    responsible_administration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administration.id")
    )
    responsible_name: Mapped[str] = mapped_column(sa.String(200), default="")
    due_date: Mapped[date] = mapped_column()
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column()

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="action_items")
    responsible_administration: Mapped[Administration | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class MinutesRevision(Model):
    """One published state of a meeting's minutes, frozen as it was published: revision 1
    when the minutes are first published, n+1 for each correction after that. A revision is
    never changed, so that every earlier one stays readable (an official record).

    content: {"items": [{"item_id", "title", "kind", "reference", "administration",
    "presenter", "notes", "outcome", "actions": [{"what", "administration", "person",
    "due_date"}]}]}, in agenda order (minutes.revisions.freeze)."""

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "number", name="uq_minutes_revision_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"))
    number: Mapped[int] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    # Why the correction was made, as the coordinator wrote it (optional).
    reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    content: Mapped[dict] = mapped_column(sa.JSON)

    meeting: Mapped[Meeting] = relationship()
    published_by: Mapped[User | None] = relationship()


class StandingItem(Model):
    """One item of a network's agenda template, put on every meeting it plans.

    In position order: the last one stays last as questions are scheduled (the "next
    meeting" item). A network without rows gets the three defaults of
    meetings.operations.standing_items()."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("network.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    minutes: Mapped[int] = mapped_column(default=5)
    version: Mapped[int] = mapped_column()

    network: Mapped[Network] = relationship(back_populates="standing_items")

    __mapper_args__ = {"version_id_col": version}


# The minutes a meeting's items take, summed by the database: lists of meetings show the
# time budget without loading every item (loaded only where asked for).
Meeting.allotted_total = column_property(
    sa.select(sa.func.coalesce(sa.func.sum(AgendaItem.allotted_minutes), 0))
    .where(AgendaItem.meeting_id == Meeting.id)
    .correlate_except(AgendaItem)
    .scalar_subquery(),
    deferred=True,
)
