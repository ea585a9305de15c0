"""How the minutes and the open action items are loaded: a fixed number of statements."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import contains_eager, defer, joinedload

from .. import access
from ..extensions import db
from ..meetings.lifecycle import UNMINUTED
from ..models import (
    ActionItem,
    ActionStatus,
    Administration,
    AgendaItem,
    Meeting,
    MeetingStatus,
    MinutesRevision,
    User,
)
from ..models.base import utcnow

DASHBOARD_ACTIONS = 20
AWAITING_SHOWN = 5


@dataclass
class Minutes:
    """A meeting's minutes: its items (as the meeting loaded them) and their action items."""

    meeting: Meeting
    actions: dict[int, list[ActionItem]] = field(default_factory=dict)
    # The published revisions, oldest first (without their frozen content).
    revisions: list[MinutesRevision] = field(default_factory=list)

    @property
    def items(self) -> list[AgendaItem]:
        return list(self.meeting.items)

    @property
    def published(self) -> bool:
        return self.meeting.status == MeetingStatus.MINUTES_PUBLISHED

    def actions_of(self, item: AgendaItem) -> list[ActionItem]:
        return self.actions.get(item.id, [])

    def corrected(self, item: AgendaItem) -> bool:
        """Notes changed after publishing (drafts keep the item's time, corrections not)."""
        published = self.meeting.minutes_published_at
        return published is not None and item.updated_at > published

    def added_after(self, action: ActionItem) -> bool:
        published = self.meeting.minutes_published_at
        return published is not None and action.created_at > published

    @property
    def latest(self) -> MinutesRevision | None:
        return self.revisions[-1] if self.revisions else None

    @property
    def correction(self) -> MinutesRevision | None:
        """The latest revision when it is a correction: "corrected <date> by <name>"."""
        latest = self.latest
        return latest if latest is not None and latest.number > 1 else None


def minutes_of(meeting: Meeting) -> Minutes:
    """The minutes of a meeting loaded with its agenda (meetings.queries.with_agenda)."""
    ids = [item.id for item in meeting.items]
    actions: dict[int, list[ActionItem]] = defaultdict(list)
    if ids:
        for action in db.session.scalars(
            select(ActionItem)
            .options(joinedload(ActionItem.responsible_administration))
            .where(ActionItem.agenda_item_id.in_(ids))
            .order_by(ActionItem.id)
        ):
            actions[action.agenda_item_id].append(action)
    revisions = []
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        revisions = list(
            db.session.scalars(
                select(MinutesRevision)
                .options(defer(MinutesRevision.content), joinedload(MinutesRevision.published_by))
                .where(MinutesRevision.meeting_id == meeting.id)
                .order_by(MinutesRevision.number)
            )
        )
    return Minutes(meeting=meeting, actions=dict(actions), revisions=revisions)


def _open_published():
    """Open action items from meetings whose minutes are out, with their item and meeting."""
    return (
        select(ActionItem)
        .join(ActionItem.agenda_item)
        .join(AgendaItem.meeting)
        .options(
            contains_eager(ActionItem.agenda_item)
            .contains_eager(AgendaItem.meeting)
            .joinedload(Meeting.network),
            contains_eager(ActionItem.agenda_item).joinedload(AgendaItem.issue),
            joinedload(ActionItem.responsible_administration),
        )
        .where(
            ActionItem.status == ActionStatus.OPEN,
            Meeting.status == MeetingStatus.MINUTES_PUBLISHED,
        )
    )


def open_action_items(network_id: int, before_meeting: Meeting | datetime) -> list[ActionItem]:
    """The network's open action items from meetings before this one, soonest due first:
    the follow-up on the next agenda."""
    before = before_meeting.starts_at if isinstance(before_meeting, Meeting) else before_meeting
    query = (
        _open_published()
        .where(Meeting.network_id == network_id, Meeting.starts_at < before)
        .order_by(ActionItem.due_date, ActionItem.id)
    )
    return list(db.session.scalars(query))


def _responsible_filter(user: User):
    """Action items the user answers for: every one in a network the user coordinates, and
    those of the own administration in networks the user represents it in."""
    coordinated = access.coordinated_network_ids(user)
    represented = access.representing_network_ids(user)
    conditions: list[ColumnElement[bool]] = []
    if coordinated:
        conditions.append(Meeting.network_id.in_(coordinated))
    if represented:
        conditions.append(
            and_(
                ActionItem.responsible_administration_id == user.administration_id,
                Meeting.network_id.in_(represented),
            )
        )
    return or_(*conditions) if conditions else None


def actions_for(user: User, limit: int = DASHBOARD_ACTIONS) -> tuple[list[ActionItem], int]:
    """The open action items on the user's overview (soonest due first) and how many in all."""
    condition = _responsible_filter(user)
    if condition is None:
        return [], 0
    query = _open_published().where(condition)
    rows = list(db.session.scalars(query.order_by(ActionItem.due_date, ActionItem.id).limit(limit)))
    total = db.session.scalar(
        select(func.count())
        .select_from(ActionItem)
        .join(ActionItem.agenda_item)
        .join(AgendaItem.meeting)
        .where(
            ActionItem.status == ActionStatus.OPEN,
            Meeting.status == MeetingStatus.MINUTES_PUBLISHED,
            condition,
        )
    )
    return rows, total or 0


def action_or_none(action_id: int) -> ActionItem | None:
    return db.session.scalar(
        select(ActionItem)
        .options(
            joinedload(ActionItem.agenda_item).joinedload(AgendaItem.meeting),
            joinedload(ActionItem.responsible_administration),
        )
        .where(ActionItem.id == action_id)
    )


def awaiting_minutes(user: User, limit: int = AWAITING_SHOWN) -> list[Meeting]:
    """Meetings of the user's networks that have begun and whose minutes are not out yet,
    latest first: the coordinator's minutes still to write."""
    network_ids = access.coordinated_network_ids(user)
    if not network_ids:
        return []
    query = (
        select(Meeting)
        .options(joinedload(Meeting.network))
        .where(
            Meeting.network_id.in_(network_ids),
            Meeting.status.in_(UNMINUTED),
            Meeting.starts_at <= utcnow(),
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def administrations() -> list[Administration]:
    """The administrations an action item can be given to."""
    return list(
        db.session.scalars(
            select(Administration)
            .where(Administration.active.is_(True))
            .order_by(Administration.name)
        )
    )


def minutes_state(meeting: Meeting) -> str:
    """Where a meeting's minutes stand: "published", "held" (being written), "writable"
    (begun, nothing written yet), "coming" or "cancelled"."""
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        return "published"
    if meeting.status == MeetingStatus.CANCELLED:
        return "cancelled"
    if meeting.status == MeetingStatus.HELD:
        return "held"
    return "writable" if meeting.starts_at <= utcnow() else "coming"
