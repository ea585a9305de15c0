"""The next published agenda of each of the user's networks."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from .. import access
from ..extensions import db
from ..meetings.queries import Agenda, agenda_of, with_agenda
from ..models import Meeting, MeetingStatus, Network, User
from ..models.base import utcnow

# A meeting that started this long ago has surely ended; later ones are checked by their end.
LONGEST_MEETING = timedelta(days=1)


@dataclass(frozen=True)
class PlannedMeeting:
    id: int
    starts_at: datetime
    theme: str


@dataclass(frozen=True)
class NetworkAgenda:
    network: Network
    agenda: Agenda | None
    next_planned: PlannedMeeting | None

    @property
    def meeting(self) -> Meeting | None:
        return self.agenda.meeting if self.agenda else None


def next_agendas(user: User) -> list[NetworkAgenda]:
    """Per network, the earliest published agenda whose meeting has not ended yet.

    A fixed number of statements whatever the number of networks, meetings and items."""
    network_ids = access.member_network_ids(user)
    if not network_ids:
        return []
    now = utcnow()
    networks = db.session.scalars(
        select(Network).where(Network.id.in_(network_ids)).order_by(Network.name)
    ).all()
    candidates = db.session.execute(
        select(Meeting.id, Meeting.network_id, Meeting.starts_at, Meeting.duration_minutes)
        .where(
            Meeting.network_id.in_(network_ids),
            Meeting.status == MeetingStatus.AGENDA_PUBLISHED,
            Meeting.starts_at > now - LONGEST_MEETING,
        )
        .order_by(Meeting.starts_at)
    ).all()
    chosen: dict[int, int] = {}
    for meeting_id, network_id, starts_at, duration in candidates:
        if network_id not in chosen and starts_at + timedelta(minutes=duration) > now:
            chosen[network_id] = meeting_id
    meetings = {}
    if chosen:
        meetings = {
            meeting.network_id: meeting
            for meeting in db.session.scalars(
                select(Meeting).options(*with_agenda()).where(Meeting.id.in_(chosen.values()))
            )
        }
    planned = _next_planned(network_ids - set(chosen), now)
    return [
        NetworkAgenda(
            network=network,
            agenda=agenda_of(meetings[network.id]) if network.id in meetings else None,
            next_planned=planned.get(network.id),
        )
        for network in networks
    ]


def _next_planned(network_ids: set[int], now: datetime) -> dict[int, PlannedMeeting]:
    if not network_ids:
        return {}
    rows = db.session.execute(
        select(Meeting.id, Meeting.network_id, Meeting.starts_at, Meeting.theme)
        .where(
            Meeting.network_id.in_(network_ids),
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at > now,
        )
        .order_by(Meeting.starts_at)
    ).all()
    planned: dict[int, PlannedMeeting] = {}
    for meeting_id, network_id, starts_at, theme in rows:
        planned.setdefault(network_id, PlannedMeeting(meeting_id, starts_at, theme))
    return planned
