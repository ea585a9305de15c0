"""A meeting as its readers' pages are kept: the meeting and the state of what they show,
read in one statement (page_cache).

Every row a meeting's page, its print views and its calendar file show has a version that
moves on each change (SQLAlchemy's version counter) or a count that moves when rows come
and go: the meeting and its network, its agenda items, their questions and the questions
joined to them, its action items and the network's open ones (the follow-up on a coming
meeting's page), the minutes' revisions of the meeting and of the network, the
administrations and the people named. Their sums and counts
are the state: any change anywhere among them gives another state, so nothing is answered
from an older copy. The moment of the reading is part of it only as the day, and as
whether the meeting has begun and its deadline has passed, which the pages show.

The same statement reads what a kept page needs of the meeting itself (MeetingReading), so
that a page served from its copy loads no meeting: the meeting with its agenda is loaded
only when a copy is rendered."""

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from sqlalchemy import BigInteger, bindparam, func, join, literal, select, union
from sqlalchemy.orm import aliased

from ..dates import is_passed, local_today
from ..extensions import plain_rows
from ..models import (
    ActionItem,
    ActionStatus,
    Administration,
    AgendaItem,
    Issue,
    Meeting,
    MeetingStatus,
    MinutesRevision,
    Network,
    User,
)
from ..models.meetings import meeting_name
from ..page_cache import ReaderState
from .lifecycle import PUBLISHED, UPCOMING
from .planning.rules import submission_deadline

# A count and a sum of versions packed into one value, so that each is one subquery: the
# versions summed stay far below 2**32 (a version moves by one a change).
PACKED = 2**32


def packed_count(model):
    """The model's rows counted and their versions summed, packed into one value."""
    packed = literal(PACKED, BigInteger)  # a bigint on PostgreSQL too, whose count is one
    return func.count(model.id) * packed + func.coalesce(func.sum(model.version), 0)


def _sum_count(model, *where, source=None):
    count = packed_count(model)
    return select(count).select_from(source if source is not None else model).where(*where)


@cache
def _statement(count: int, follow_up: bool):
    """The one statement, built once per number of meetings asked for: a row per meeting,
    with its network; every value below is of the row's meeting or network (correlated
    subqueries)."""
    meeting_id = Meeting.id
    # The network's other meetings: an alias, so that it is not taken for the row's meeting.
    other = aliased(Meeting)
    # Nested deeper than one level, a subquery names the row's meeting explicitly.
    items = select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id).correlate(Meeting)
    issues = (
        select(AgendaItem.issue_id)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.issue_id.is_not(None))
        .correlate(Meeting)
    )
    counted = [
        _sum_count(AgendaItem, AgendaItem.meeting_id == meeting_id),
        # The questions on the agenda, and those joined into them: apart, each on its own
        # index (PostgreSQL reads the whole table for an OR of the two).
        _sum_count(Issue, Issue.id.in_(issues)),
        _sum_count(Issue, Issue.merged_into_id.in_(issues)),
        _sum_count(ActionItem, ActionItem.agenda_item_id.in_(items)),
        _sum_count(Administration),
        # The people named: the questions' submitters, who published the minutes.
        _sum_count(
            User,
            User.id.in_(
                union(
                    select(Issue.submitter_id).where(Issue.id.in_(issues)),
                    select(Issue.submitter_id).where(Issue.merged_into_id.in_(issues)),
                    select(MinutesRevision.published_by_id)
                    .where(MinutesRevision.meeting_id == meeting_id)
                    .correlate(Meeting),
                )
            ),
        ),
        select(func.count(MinutesRevision.id)).where(MinutesRevision.meeting_id == meeting_id),
    ]
    if follow_up:
        # The follow-up of the network's open action items: their versions, and minutes
        # published or corrected anywhere in the network (it lists those of published
        # minutes only). The costliest part, so left out where nothing shows it.
        counted += [
            # From the open items (an index), as the follow-up reads them.
            _sum_count(
                ActionItem,
                ActionItem.status == ActionStatus.OPEN,
                other.network_id == Meeting.network_id,
                source=join(
                    ActionItem, AgendaItem, ActionItem.agenda_item_id == AgendaItem.id
                ).join(other, AgendaItem.meeting_id == other.id),
            ),
            select(func.count(MinutesRevision.id))
            .join(other, MinutesRevision.meeting_id == other.id)
            .where(other.network_id == Meeting.network_id),
        ]
    latest = [
        select(func.max(AgendaItem.updated_at)).where(AgendaItem.meeting_id == meeting_id),
        select(func.max(Issue.updated_at)).where(Issue.id.in_(issues)),
        select(func.max(MinutesRevision.published_at)).where(
            MinutesRevision.meeting_id == meeting_id
        ),
    ]
    # One scalar subquery per value: a single round trip, each on its own index.
    values = [part.scalar_subquery() for part in counted]
    meeting = (
        Meeting.id,
        Meeting.network_id,
        Meeting.status,
        Meeting.starts_at,
        Meeting.theme,
        Meeting.version,
        Meeting.updated_at,
        Network.slug,
        Network.submission_lead_days,
        Network.version,
    )
    statement = (
        select(*meeting, *values, *(part.scalar_subquery() for part in latest))
        .join_from(Meeting, Network, Meeting.network_id == Network.id)
        # A parameter of its own per meeting: an expanding IN is rendered anew on each
        # execution.
        .where(Meeting.id.in_([bindparam(f"meeting_{number}") for number in range(count)]))
    )
    return statement, len(meeting), len(latest)


@dataclass(frozen=True)
class MeetingReading:
    """What a kept page knows of its meeting before any copy is rendered: enough to decide
    who may see it and what they see, to name it, and its state."""

    id: int
    network_id: int
    status: MeetingStatus
    name: str
    theme: str
    reading: ReaderState

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED


def meeting_reading(meeting_id: int, *, follow_up: bool = True) -> MeetingReading | None:
    """The meeting as its readers' pages are kept, or None when there is no such meeting
    (follow_up as for meeting_readings)."""
    return meeting_readings([meeting_id], follow_up=follow_up).get(meeting_id)


def meeting_readings(
    meeting_ids: Collection[int], *, follow_up: bool = True
) -> dict[int, MeetingReading]:
    """By id, each of these meetings as its readers' pages are kept, in one statement;
    follow_up=False for a page that does not show the network's open action items."""
    if not meeting_ids:
        return {}
    ids = sorted(set(meeting_ids))
    statement, columns, latest = _statement(len(ids), follow_up)
    values = {f"meeting_{number}": meeting_id for number, meeting_id in enumerate(ids)}
    rows = plain_rows(statement, values)
    return {reading.id: reading for reading in (_reading(row, columns, latest) for row in rows)}


def _reading(row, columns: int, latest: int) -> MeetingReading:
    meeting_id, network_id, status, starts_at, theme, version, updated_at = row[:7]
    slug, lead_days, network_version = row[7:columns]
    counted, changes = row[columns:-latest], row[-latest:]
    moments = [moment for moment in (updated_at, *changes) if moment is not None]
    state = repr(
        (
            meeting_id,
            version,
            network_version,
            tuple(counted),
            local_today().isoformat(),
            is_passed(submission_deadline(starts_at, lead_days)),
            is_passed(starts_at),
            status in UPCOMING,
        )
    )
    return MeetingReading(
        id=meeting_id,
        network_id=network_id,
        status=status,
        name=meeting_name(slug, starts_at),
        theme=theme,
        reading=ReaderState(state=state, last_modified=max(moments) if moments else None),
    )


def meeting_state(meeting: Meeting) -> ReaderState:
    """What the meeting's readers' pages show now, as a string, and its latest change."""
    found = meeting_reading(meeting.id)
    if found is None:  # pragma: no cover (the meeting was read in this transaction)
        raise LookupError(meeting.id)
    return found.reading
