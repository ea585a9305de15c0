"""The state of what a meeting's readers are shown, read in one statement (page_cache).

Every row a meeting's page, its print views and its calendar file show has a version that
moves on each change (SQLAlchemy's version counter) or a count that moves when rows come
and go: the meeting and its network, its agenda items, their questions and the questions
joined to them, its action items and the network's open ones (the follow-up on a coming
meeting's page), the minutes' revisions of the meeting and of the network, the
administrations and the people named. Their sums and counts
are the state: any change anywhere among them gives another state, so nothing is answered
from an older copy. The moment of the reading is part of it only as the day, and as
whether the meeting has begun and its deadline has passed, which the pages show."""

from functools import cache

from sqlalchemy import Integer, bindparam, func, or_, select

from ..dates import is_passed, local_today
from ..extensions import db
from ..models import (
    ActionItem,
    ActionStatus,
    Administration,
    AgendaItem,
    Issue,
    Meeting,
    MinutesRevision,
    Network,
    User,
)
from ..page_cache import ReaderState


def _sum_count(model, *where):
    return select(func.count(model.id), func.coalesce(func.sum(model.version), 0)).where(*where)


@cache
def _statement():
    """The state's one statement, built once: for the meeting and network bound."""
    meeting_id = bindparam("meeting_id", type_=Integer)
    network_id = bindparam("network_id", type_=Integer)
    items = select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)
    issues = select(AgendaItem.issue_id).where(
        AgendaItem.meeting_id == meeting_id, AgendaItem.issue_id.is_not(None)
    )
    network_items = (
        select(AgendaItem.id).join(AgendaItem.meeting).where(Meeting.network_id == network_id)
    )
    counted = [
        _sum_count(AgendaItem, AgendaItem.meeting_id == meeting_id),
        _sum_count(Issue, or_(Issue.id.in_(issues), Issue.merged_into_id.in_(issues))),
        _sum_count(ActionItem, ActionItem.agenda_item_id.in_(items)),
        _sum_count(
            ActionItem,
            ActionItem.agenda_item_id.in_(network_items),
            ActionItem.status != ActionStatus.DONE,
        ),
        _sum_count(Administration),
        # The people named: the questions' submitters, who published the minutes.
        _sum_count(
            User,
            or_(
                User.id.in_(
                    select(Issue.submitter_id).where(
                        or_(Issue.id.in_(issues), Issue.merged_into_id.in_(issues))
                    )
                ),
                User.id.in_(
                    select(MinutesRevision.published_by_id).where(
                        MinutesRevision.meeting_id == meeting_id
                    )
                ),
            ),
        ),
        select(func.count(MinutesRevision.id)).where(MinutesRevision.meeting_id == meeting_id),
        # Minutes published or corrected anywhere in the network: the follow-up lists the
        # open action items of published minutes only.
        select(func.count(MinutesRevision.id))
        .join(MinutesRevision.meeting)
        .where(Meeting.network_id == network_id),
        select(Network.version).where(Network.id == network_id),
    ]
    latest = [
        select(func.max(AgendaItem.updated_at)).where(AgendaItem.meeting_id == meeting_id),
        select(func.max(Issue.updated_at)).where(Issue.id.in_(issues)),
        select(func.max(MinutesRevision.published_at)).where(
            MinutesRevision.meeting_id == meeting_id
        ),
    ]
    # One scalar subquery per value: a single round trip, each on its own index.
    values = [
        part.with_only_columns(column).scalar_subquery()
        for part in counted
        for column in part.selected_columns
    ]
    return select(*values, *(part.scalar_subquery() for part in latest)), len(latest)


def meeting_state(meeting: Meeting) -> ReaderState:
    """What the meeting's readers' pages show now, as a string, and its latest change."""
    statement, latest = _statement()
    values = db.session.execute(
        statement, {"meeting_id": meeting.id, "network_id": meeting.network_id}
    ).one()
    counted, changes = values[:-latest], values[-latest:]
    moments = [moment for moment in (meeting.updated_at, *changes) if moment is not None]
    state = repr(
        (
            meeting.id,
            meeting.version,
            tuple(counted),
            local_today().isoformat(),
            is_passed(meeting.submission_deadline),
            is_passed(meeting.starts_at),
            meeting.is_upcoming,
        )
    )
    return ReaderState(state=state, last_modified=max(moments) if moments else None)
