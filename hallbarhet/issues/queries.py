"""What the representative's pages load: the own questions, one question, the form's choices."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..extensions import db
from ..meetings import queries as meeting_queries
from ..models import (
    Administration,
    AgendaItem,
    Assessment,
    Event,
    Issue,
    IssueStatus,
    Meeting,
    MeetingStatus,
    Network,
    User,
    WorkArea,
)
from ..paging import Page, page_of

# Questions on one page of "Our questions": ten years of an administration's are thousands.
PAGE_SIZE = 50


def own_issues(
    user: User,
    *,
    status: IssueStatus | None = None,
    network_id: int | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> Page[Issue]:
    """A page of the own administration's questions in the user's networks, newest first."""
    statement = (
        _own(user, network_id)
        .options(
            joinedload(Issue.network),
            joinedload(Issue.desired_meeting).joinedload(Meeting.network),
            joinedload(Issue.agenda_item)
            .joinedload(AgendaItem.meeting)
            .joinedload(Meeting.network),
        )
        .order_by(Issue.created_at.desc(), Issue.id.desc())
    )
    if status is not None:
        statement = statement.where(Issue.status == status)
    return page_of(statement, page, size)


def status_counts(user: User, *, network_id: int | None = None) -> list[tuple[IssueStatus, int]]:
    """How many of the own questions are in each status, in life-cycle order."""
    own = _own(user, network_id).subquery()
    rows: dict[IssueStatus, int] = dict(
        db.session.execute(select(own.c.status, func.count()).group_by(own.c.status)).all()
    )
    return [(status, rows[status]) for status in IssueStatus if rows.get(status)]


def _own(user: User, network_id: int | None):
    network_ids = user.network_ids()
    if network_id is not None:
        network_ids &= {network_id}
    return select(Issue).where(
        Issue.administration_id == user.administration_id,
        Issue.network_id.in_(network_ids),
    )


def member_networks(user: User) -> list[Network]:
    return _networks(user.network_ids())


def load_issue(issue_id: int) -> Issue:
    """One question with everything its page shows (404 when there is none)."""
    return db.first_or_404(
        select(Issue)
        .options(
            joinedload(Issue.network),
            joinedload(Issue.administration),
            joinedload(Issue.submitter),
            joinedload(Issue.work_area),
            joinedload(Issue.desired_meeting).joinedload(Meeting.network),
            joinedload(Issue.assessment).joinedload(Assessment.assessed_by),
            joinedload(Issue.agenda_item)
            .joinedload(AgendaItem.meeting)
            .joinedload(Meeting.network),
            selectinload(Issue.affected),
        )
        .where(Issue.id == issue_id)
    )


def published_item(issue: Issue) -> AgendaItem | None:
    """The question's agenda item once the meeting's minutes are published (its outcome is
    then the network's word on it); None before."""
    item = issue.agenda_item
    if item is None or item.meeting.status != MeetingStatus.MINUTES_PUBLISHED:
        return None
    return item


def item_start(item: AgendaItem | None) -> datetime | None:
    """When the question's item starts: the meeting's start and the items before it, as the
    agenda counts them."""
    if item is None:
        return None
    row = meeting_queries.agenda_of(item.meeting).row_of(item.id)
    return row.starts_at if row is not None else None


def history(issue_id: int) -> list[Event]:
    """Everything that happened to the question, oldest first."""
    return list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.actor))
            .where(Event.issue_id == issue_id)
            .order_by(Event.created_at, Event.id)
        )
    )


@dataclass
class FormChoices:
    """What the question form offers, and which network each work area and meeting is in."""

    networks: list[Network]
    work_areas: list[WorkArea]
    meetings: list[Meeting]
    administrations: list[Administration]
    area_networks: dict[int, int] = field(default_factory=dict)
    meeting_networks: dict[int, int] = field(default_factory=dict)


def form_choices(user: User, issue: Issue | None = None) -> FormChoices:
    """For a new question: every network the user represents; for an edit: the question's own.

    An edit keeps what the question already has even when it is no longer offered
    (a meeting that has passed, an administration that was deactivated, a work area that
    was retired)."""
    network_ids = {issue.network_id} if issue else access.representing_network_ids(user)
    networks = _networks(network_ids)
    offered: ColumnElement[bool] = WorkArea.retired_at.is_(None)
    if issue and issue.work_area_id is not None:
        offered = offered | (WorkArea.id == issue.work_area_id)
    areas = list(
        db.session.scalars(
            select(WorkArea)
            .join(WorkArea.network)
            .where(WorkArea.network_id.in_(network_ids), offered)
            .order_by(Network.slug, WorkArea.position, WorkArea.name)
        )
    )
    meetings = coming_meetings(network_ids)
    if issue and issue.desired_meeting and issue.desired_meeting not in meetings:
        meetings.insert(0, issue.desired_meeting)
    kept = [a.id for a in issue.affected] if issue else []
    administrations = list(
        db.session.scalars(
            select(Administration)
            .where(Administration.active.is_(True) | Administration.id.in_(kept))
            .order_by(Administration.name)
        )
    )
    return FormChoices(
        networks=networks,
        work_areas=areas,
        meetings=meetings,
        administrations=administrations,
        area_networks={a.id: a.network_id for a in areas},
        meeting_networks={m.id: m.network_id for m in meetings},
    )


def _networks(network_ids: set[int]) -> list[Network]:
    if not network_ids:
        return []
    return list(
        db.session.scalars(
            select(Network).where(Network.id.in_(network_ids)).order_by(Network.slug)
        )
    )


def coming_meetings(network_ids: set[int]) -> list[Meeting]:
    """The coming meetings grouped by network, as the question form lists them."""
    meetings = meeting_queries.coming_meetings(network_ids)
    return sorted(meetings, key=lambda meeting: meeting.network.slug)
