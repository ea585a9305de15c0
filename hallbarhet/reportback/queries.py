"""What concerns an administration since its last report back, in a fixed number of
statements whatever the history: the reports' latest times per network, the latest report,
the items with their meetings and questions, and their action items."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import BindParameter, Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from .. import access
from ..extensions import db
from ..models import (
    ActionItem,
    ActionStatus,
    Administration,
    AgendaItem,
    Issue,
    Meeting,
    MeetingStatus,
    Network,
    ReportBack,
    User,
)
from ..models.issues import issue_affected


def can_view(user: User, administration: Administration) -> bool:
    """Its own people (representatives and participants), coordinators, administrators."""
    if user.is_admin or access.coordinated_network_ids(user):
        return True
    return user.administration_id == administration.id and bool(user.memberships)


def can_report(user: User, administration: Administration) -> bool:
    return user.administration_id == administration.id and bool(
        access.representing_network_ids(user)
    )


@dataclass
class Entry:
    """One agenda item that concerns the administration, and why."""

    item: AgendaItem
    own: bool
    affected: bool
    responsible: bool

    @property
    def actions(self) -> list[ActionItem]:
        return self.item.action_items


@dataclass
class MeetingGroup:
    meeting: Meeting
    entries: list[Entry] = field(default_factory=list)


@dataclass
class NetworkGroup:
    network: Network
    since: datetime | None
    meetings: list[MeetingGroup] = field(default_factory=list)


@dataclass
class Report:
    administration: Administration
    last: ReportBack | None
    networks: list[NetworkGroup]
    still_open: list[ActionItem]  # the first of them by due date, or all (report_of)
    still_open_total: int

    @property
    def empty(self) -> bool:
        return not any(group.meetings for group in self.networks)


def report_of(
    user: User, administration: Administration, *, open_shown: int | None = None
) -> Report:
    """The report; with open_shown, only that many of the action items still open from
    earlier meetings (those due first), with how many there are: after years they are many,
    and the page need not list them all to say so."""
    networks = list(
        db.session.scalars(
            select(Network)
            .where(Network.id.in_(access.member_network_ids(user)))
            .order_by(Network.slug)
        )
    )
    network_ids = [network.id for network in networks]
    since = since_of(administration.id, network_ids)
    last = db.session.scalar(
        select(ReportBack)
        .options(joinedload(ReportBack.reported_by))
        .where(ReportBack.administration_id == administration.id)
        .order_by(ReportBack.reported_at.desc(), ReportBack.id.desc())
        .limit(1)
    )
    groups = {network.id: NetworkGroup(network, since.get(network.id)) for network in networks}
    by_meeting: dict[int, MeetingGroup] = {}
    for item, affected in _items(administration.id, since, network_ids):
        meeting = item.meeting
        group = by_meeting.get(meeting.id)
        if group is None:
            group = by_meeting[meeting.id] = MeetingGroup(meeting)
            groups[meeting.network_id].meetings.append(group)
        issue = item.issue
        own = issue is not None and issue.administration_id == administration.id
        responsible = any(
            action.responsible_administration_id == administration.id
            for action in item.action_items
        )
        group.entries.append(
            Entry(item=item, own=own, affected=bool(affected), responsible=responsible)
        )
    where = still_open_conditions(administration.id, network_ids, shown=set(by_meeting))
    still_open = _open_actions(where, open_shown)
    total = len(still_open)
    if open_shown is not None and total == open_shown:
        total = db.session.scalar(from_open(select(func.count(ActionItem.id)), where)) or 0
    return Report(administration, last, [groups[n] for n in network_ids], still_open, total)


def since_of(administration_id: int, network_ids: list[int]) -> dict[int, datetime | None]:
    """Per network, when the administration last reported on it; a report on every
    network (network None) counts for each."""
    rows = db.session.execute(
        select(ReportBack.network_id, func.max(ReportBack.reported_at))
        .where(ReportBack.administration_id == administration_id)
        .group_by(ReportBack.network_id)
    ).all()
    latest = dict(rows)
    every = latest.get(None)
    result = {}
    for network_id in network_ids:
        times = [t for t in (latest.get(network_id), every) if t is not None]
        result[network_id] = max(times) if times else None
    return result


def _affected(administration_id: int):
    return exists().where(
        issue_affected.c.issue_id == AgendaItem.issue_id,
        issue_affected.c.administration_id == administration_id,
    )


def _concerns(administration_id: int):
    """An item concerns the administration when it is the administration's question, a
    question that named it as affected, or has an action item it is responsible for."""
    affected = _affected(administration_id)
    responsible = exists().where(
        ActionItem.agenda_item_id == AgendaItem.id,
        ActionItem.responsible_administration_id == administration_id,
    )
    return or_(Issue.administration_id == administration_id, affected, responsible)


def item_conditions(administration_id: int, since: dict) -> list:
    """Which agenda items the report shows (joined to their meetings and, outer, their
    questions): of minutes published since the network's last report, concerning the
    administration."""
    periods = [
        and_(Meeting.network_id == network_id, Meeting.minutes_published_at > moment)
        if moment is not None
        else Meeting.network_id == network_id
        for network_id, moment in since.items()
    ]
    return [
        Meeting.status == MeetingStatus.MINUTES_PUBLISHED,
        or_(*periods) if periods else false(),
        _concerns(administration_id),
    ]


def _items(administration_id: int, since: dict, network_ids: list[int]) -> list:
    """(item, whether its question names the administration as affected), in order."""
    if not network_ids:
        return []
    query = (
        select(AgendaItem, _affected(administration_id).label("affected"))
        .join(AgendaItem.meeting)
        .outerjoin(AgendaItem.issue)
        .options(
            contains_eager(AgendaItem.meeting).joinedload(Meeting.network),
            contains_eager(AgendaItem.issue).joinedload(Issue.administration),
            selectinload(AgendaItem.action_items).joinedload(ActionItem.responsible_administration),
        )
        .where(*item_conditions(administration_id, since))
        .order_by(Meeting.network_id, Meeting.starts_at, Meeting.id, AgendaItem.position)
    )
    return list(db.session.execute(query).unique())


def still_open_conditions(
    administration_id: int, network_ids: list[int] | BindParameter, shown: Collection[int] | Select
) -> list:
    """The administration's action items still open, from any published minutes of its
    networks but those of the meetings the report shows (their ids, or a statement that
    selects them); the ids may be bound later (reportback.state)."""
    if not isinstance(network_ids, BindParameter) and not network_ids:
        return [false()]
    return [
        ActionItem.responsible_administration_id == administration_id,
        ActionItem.status == ActionStatus.OPEN,
        Meeting.status == MeetingStatus.MINUTES_PUBLISHED,
        Meeting.network_id.in_(network_ids),
        *([AgendaItem.meeting_id.not_in(shown)] if isinstance(shown, Select) or shown else []),
    ]


def from_open(statement, where: list):
    return statement.join(ActionItem.agenda_item).join(AgendaItem.meeting).where(*where)


def _open_actions(where: list, limit: int | None) -> list[ActionItem]:
    """The action items `where` says, those due first first (`limit` of them, or all)."""
    query = (
        from_open(select(ActionItem), where)
        .options(
            contains_eager(ActionItem.agenda_item)
            .contains_eager(AgendaItem.meeting)
            .joinedload(Meeting.network),
            contains_eager(ActionItem.agenda_item).joinedload(AgendaItem.issue),
            joinedload(ActionItem.responsible_administration),
        )
        .order_by(ActionItem.due_date, ActionItem.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def administration_or_none(administration_id: int) -> Administration | None:
    return db.session.get(Administration, administration_id)
