"""How the meeting pages load a meeting and lay out its agenda."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload, undefer

from .. import access
from ..auth.readers import Person
from ..extensions import db
from ..models import AgendaItem, Issue, Meeting, Network, User
from ..models.base import utcnow
from .budget import Budget, MeetingEnd, budget_of_items, expected_end, start_times
from .lifecycle import UPCOMING
from .reader_state import MeetingReading, meeting_reading


def with_agenda() -> tuple:
    """Loader options for a meeting and all its agenda shows: a fixed number of statements."""
    return (
        joinedload(Meeting.network),
        selectinload(Meeting.items).joinedload(AgendaItem.issue).joinedload(Issue.administration),
        # A question others were joined to names them all (usually none: one cheap read).
        selectinload(Meeting.items)
        .joinedload(AgendaItem.issue)
        .selectinload(Issue.merged)
        .options(joinedload(Issue.administration), joinedload(Issue.submitter)),
    )


def coming_meetings(network_ids: set[int], *, limit: int | None = None) -> list[Meeting]:
    """The networks' meetings still to come (planned or with a published agenda), soonest
    first, with the minutes their items take for the time budgets."""
    if not network_ids:
        return []
    values = {"network_ids": sorted(network_ids), "now": utcnow(), "limit": limit}
    return list(db.session.scalars(_coming(limited=limit is not None), values))


@cache
def _coming(*, limited: bool) -> Select:
    """Built once (the cards, the triage page and the start page run it on every request),
    the networks, the moment and the limit bound."""
    statement = (
        select(Meeting)
        .options(joinedload(Meeting.network), undefer(Meeting.allotted_total))
        .where(
            Meeting.network_id.in_(bindparam("network_ids", expanding=True)),
            Meeting.status.in_(UPCOMING),
            Meeting.starts_at > bindparam("now"),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return statement.limit(bindparam("limit")) if limited else statement


def meeting_or_404(meeting_id: int, *, agenda: bool = True) -> Meeting:
    """The meeting with its agenda loaded, or (agenda=False) with its network only: what a
    kept page needs to know whether its copy is current (meetings/reader_state.py)."""
    options = with_agenda() if agenda else (joinedload(Meeting.network),)
    return db.first_or_404(select(Meeting).options(*options).where(Meeting.id == meeting_id))


def visible_meeting_or_404(user: User, meeting_id: int, *, agenda: bool = True) -> Meeting:
    """A meeting of one of the user's networks; others are not even said to exist."""
    meeting = meeting_or_404(meeting_id, agenda=agenda)
    if meeting.network_id not in access.member_network_ids(user):
        abort(404)
    return meeting


def visible_reading_or_404(user: Person, meeting_id: int) -> MeetingReading:
    """What a kept page knows of a meeting of one of the user's networks, in one statement
    (reader_state); others are not even said to exist."""
    found = meeting_reading(meeting_id)
    if found is None or found.network_id not in access.member_network_ids(user):
        abort(404)
    return found


def with_its_agenda(meeting: Meeting) -> Meeting:
    """The same meeting, its agenda now loaded too (when a kept copy is not current)."""
    return meeting_or_404(meeting.id)


def network_or_404(slug: str) -> Network:
    """A network with its standing-item template."""
    return db.first_or_404(
        select(Network).options(selectinload(Network.standing_items)).where(Network.slug == slug)
    )


def member_network_or_404(user: User, slug: str) -> Network:
    """One of the user's networks by its slug; others are not even said to exist. A member's
    networks came with the user (auth.sessions.load_user); an administrator's are all."""
    if not user.is_admin:
        for membership in user.memberships:
            if membership.network.slug == slug:
                return membership.network
        abort(404)
    return db.first_or_404(select(Network).where(Network.slug == slug))


def shows_agenda(user: Person, meeting: Meeting | MeetingReading) -> bool:
    """Coordinators work on the agenda before it is out; everyone else waits for publishing."""
    return meeting.is_published or access.is_coordinator(user, meeting.network_id)


def can_edit(user: User, meeting: Meeting) -> bool:
    return meeting.status in UPCOMING and access.is_coordinator(user, meeting.network_id)


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    starts_at: datetime
    first: bool
    last: bool


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    rows: list[AgendaRow]
    budget: Budget

    @property
    def planned_end(self) -> datetime:
        """When the meeting would end if every item took its allotted time."""
        return self.meeting.starts_at + timedelta(minutes=self.budget.allotted)

    @property
    def end(self) -> MeetingEnd:
        """The end shown on the meeting's page, on /agenda and in print."""
        return expected_end(
            self.meeting.starts_at, self.meeting.duration_minutes, self.budget.allotted
        )

    @property
    def fill_class(self) -> str:
        return f"w-{self.budget.percent // 5 * 5}"

    def row_of(self, item_id: int) -> AgendaRow | None:
        return next((row for row in self.rows if row.item.id == item_id), None)

    def neighbour_of(self, item_id: int) -> int | None:
        """The item that takes this one's place when it goes: the next, else the one before."""
        ids = [row.item.id for row in self.rows]
        if item_id not in ids:
            return None
        index = ids.index(item_id)
        others = ids[index + 1 : index + 2] or ids[max(index - 1, 0) : index]
        return others[0] if others else None


def agenda_of(meeting: Meeting) -> Agenda:
    items = list(meeting.items)
    times = start_times(meeting.starts_at, [item.allotted_minutes for item in items])
    last = len(items) - 1
    rows = [
        AgendaRow(item=item, starts_at=time, first=index == 0, last=index == last)
        for index, (item, time) in enumerate(zip(items, times, strict=True))
    ]
    return Agenda(meeting=meeting, rows=rows, budget=budget_of_items(meeting, items))
