"""The next published agenda of each of the user's networks."""

from collections.abc import Iterable
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
class PublishedMeeting:
    """Which published agenda to show: the version says whether a rendered copy is current."""

    id: int
    version: int


@dataclass(frozen=True)
class NetworkAgenda:
    network: Network
    published: PublishedMeeting | None
    next_planned: PlannedMeeting | None


def next_agendas(user: User) -> list[NetworkAgenda]:
    """Per network, the earliest published agenda whose meeting has not ended yet (by id and
    version: the agenda itself is loaded by `published_agendas` when it is not at hand), or
    else the next planned meeting. A fixed number of statements whatever the data."""
    network_ids = access.member_network_ids(user)
    if not network_ids:
        return []
    now = utcnow()
    networks = _networks(user, network_ids)
    candidates = db.session.execute(
        select(
            Meeting.id,
            Meeting.version,
            Meeting.network_id,
            Meeting.starts_at,
            Meeting.duration_minutes,
        )
        .where(
            Meeting.network_id.in_(network_ids),
            Meeting.status == MeetingStatus.AGENDA_PUBLISHED,
            Meeting.starts_at > now - LONGEST_MEETING,
        )
        .order_by(Meeting.starts_at)
    ).all()
    chosen: dict[int, PublishedMeeting] = {}
    for meeting_id, version, network_id, starts_at, duration in candidates:
        if network_id not in chosen and starts_at + timedelta(minutes=duration) > now:
            chosen[network_id] = PublishedMeeting(meeting_id, version)
    planned = _next_planned(network_ids - set(chosen), now)
    return [
        NetworkAgenda(
            network=network,
            published=chosen.get(network.id),
            next_planned=planned.get(network.id),
        )
        for network in networks
    ]


def published_agendas(meeting_ids: list[int]) -> list[Agenda]:
    """The agendas of these meetings with everything they show, in two statements."""
    if not meeting_ids:
        return []
    meetings = db.session.scalars(
        select(Meeting).options(*with_agenda()).where(Meeting.id.in_(meeting_ids))
    )
    return [agenda_of(meeting) for meeting in meetings]


def _networks(user: User, network_ids: set[int]) -> list[Network]:
    """By name; a member's networks came with the user, an administrator's are all."""
    found: Iterable[Network]
    if user.is_admin:
        found = db.session.scalars(select(Network).where(Network.id.in_(network_ids)))
    else:
        found = {membership.network for membership in user.memberships}
    return sorted(found, key=lambda network: network.name)


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
