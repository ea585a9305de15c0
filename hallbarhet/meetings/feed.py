"""A network's calendar feed: every meeting it has had and will have, in two statements.

Ten years of meetings are a few hundred events with thousands of agenda lines, fetched by
every subscribed calendar every hour; a copy is kept per network, language and host, keyed
by what the meetings are now (their number, the sum of their versions and the latest
change), so that a change anywhere in a meeting or its agenda gives a new key at once."""

import hashlib
from dataclasses import dataclass

from flask_babel import get_locale
from sqlalchemy import func, select

from ..extensions import cache, db
from ..models import AgendaItem, Issue, Meeting, Network
from ..urls import external_url
from . import ics
from .lifecycle import PUBLISHED


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str


def network_feed(network: Network, host: str) -> Feed:
    count, versions, latest = db.session.execute(
        select(
            func.count(Meeting.id),
            func.coalesce(func.sum(Meeting.version), 0),
            func.max(Meeting.updated_at),
        ).where(Meeting.network_id == network.id)
    ).one()
    state = f"{network.id}:{network.name}:{count}:{versions}:{latest}:{get_locale()}:{host}"
    key = "feed:" + hashlib.sha256(state.encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        records = meetings_of(network)
        body = ics.network_calendar(network.name, records, urls=_urls(records), host=host)
        cache.set(key, body)
    return Feed(body=body, etag=key.removeprefix("feed:")[:32])


def meetings_of(network: Network) -> list[ics.CalendarMeeting]:
    """The network's meetings in time order, each with its agenda if it was published."""
    rows = db.session.execute(
        select(
            Meeting.id,
            Meeting.starts_at,
            Meeting.duration_minutes,
            Meeting.place,
            Meeting.theme,
            Meeting.theme_description,
            Meeting.status,
            Meeting.version,
            Meeting.updated_at,
            Meeting.cancel_reason,
        )
        .where(Meeting.network_id == network.id)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    items: dict[int, list[ics.CalendarItem]] = {}
    lines = db.session.execute(
        select(
            AgendaItem.meeting_id,
            AgendaItem.title,
            AgendaItem.allotted_minutes,
            AgendaItem.presenter,
            Issue.reference,
        )
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .outerjoin(Issue, Issue.id == AgendaItem.issue_id)
        .where(Meeting.network_id == network.id, Meeting.status.in_(PUBLISHED))
        .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
    ).all()
    for meeting_id, title, minutes, presenter, reference in lines:
        items.setdefault(meeting_id, []).append(
            ics.CalendarItem(title=title, minutes=minutes, presenter=presenter, reference=reference)
        )
    return [
        ics.CalendarMeeting(
            id=row.id,
            slug=network.slug,
            starts_at=row.starts_at,
            duration_minutes=row.duration_minutes,
            place=row.place,
            theme=row.theme,
            theme_description=row.theme_description,
            status=row.status,
            version=row.version,
            updated_at=row.updated_at,
            cancel_reason=row.cancel_reason,
            items=tuple(items.get(row.id, ())),
        )
        for row in rows
    ]


def _urls(meetings: list[ics.CalendarMeeting]) -> dict[int, str]:
    return {
        meeting.id: external_url("meetings.show", meeting_id=meeting.id) for meeting in meetings
    }
