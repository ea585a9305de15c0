"""The next published agenda of each of the user's networks."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, or_, select

from .. import access
from ..auth.readers import Person, ReaderNetwork
from ..extensions import db, plain_rows
from ..meetings.queries import Agenda, agenda_of, with_agenda
from ..models import Meeting, MeetingStatus, Network
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
    """Which published agenda to show (the page's state says whether a copy is current)."""

    id: int


@dataclass(frozen=True)
class NetworkAgenda:
    network: Network | ReaderNetwork
    published: PublishedMeeting | None
    next_planned: PlannedMeeting | None


def next_agendas(user: Person) -> list[NetworkAgenda]:
    """Per network, the earliest published agenda whose meeting has not ended yet (by id: the
    agenda itself is loaded by `published_agendas` when the page is rendered), or else the
    next planned meeting. One statement for the meetings whatever the data."""
    network_ids = access.member_network_ids(user)
    if not network_ids:
        return []
    now = utcnow()
    networks = _networks(user, network_ids)
    values = {"since": now - LONGEST_MEETING, "user_id": user.id}
    coming = plain_rows(_coming(everyone=user.is_admin), values).all()
    chosen: dict[int, PublishedMeeting] = {}
    planned: dict[int, PlannedMeeting] = {}
    for meeting_id, network_id, status, starts_at, duration, theme in coming:
        if status == MeetingStatus.PLANNED:
            if starts_at > now:
                planned.setdefault(network_id, PlannedMeeting(meeting_id, starts_at, theme))
        elif network_id not in chosen and starts_at + timedelta(minutes=duration) > now:
            chosen[network_id] = PublishedMeeting(meeting_id)
    return [
        NetworkAgenda(
            network=network,
            published=chosen.get(network.id),
            next_planned=None if network.id in chosen else planned.get(network.id),
        )
        for network in networks
    ]


@cache
def _coming(*, everyone: bool) -> Select:
    """The published and planned meetings since a moment, of the networks the user reads (as
    access.member_network_ids: an administrator all). Built once, the user bound: every
    visit runs it."""
    statement = (
        select(
            Meeting.id,
            Meeting.network_id,
            Meeting.status,
            Meeting.starts_at,
            Meeting.duration_minutes,
            Meeting.theme,
        )
        .where(
            or_(
                Meeting.status == MeetingStatus.AGENDA_PUBLISHED,
                Meeting.status == MeetingStatus.PLANNED,
            ),
            Meeting.starts_at > bindparam("since"),
        )
        .order_by(Meeting.starts_at)
    )
    return (
        statement if everyone else statement.where(access.member_networks_bound(Meeting.network_id))
    )


def published_agendas(meeting_ids: list[int]) -> list[Agenda]:
    """The agendas of these meetings with everything they show, in two statements."""
    if not meeting_ids:
        return []
    meetings = db.session.scalars(
        select(Meeting).options(*with_agenda()).where(Meeting.id.in_(meeting_ids))
    )
    return [agenda_of(meeting) for meeting in meetings]


def _networks(user: Person, network_ids: set[int]) -> list[Network | ReaderNetwork]:
    """By name; a member's networks came with the user, an administrator's are all."""
    found: Iterable[Network | ReaderNetwork]
    if user.is_admin:
        found = db.session.scalars(select(Network).where(Network.id.in_(network_ids)))
    else:
        found = {membership.network for membership in user.memberships}
    return sorted(found, key=lambda network: network.name)
