"""What the overview shows: a representative's to-do (todo.py), my questions, the triage
queue, the next meetings, the open action items the user answers for, minutes to write and
where to report back."""

from sqlalchemy import func, select, text
from sqlalchemy.orm import joinedload

from .. import access
from ..extensions import db
from ..issues.lifecycle import TRIAGE_STATUSES
from ..meetings.queries import coming_meetings
from ..minutes import queries as minutes
from ..models import AgendaItem, Issue, IssueStatus, Meeting, Network, User
from .todo import todo_for

CLOSED = (
    IssueStatus.CLOSED,
    IssueStatus.WITHDRAWN,
    IssueStatus.DECLINED,
    IssueStatus.REFERRED,
    IssueStatus.MERGED,
)
MEETINGS_SHOWN = 6


def overview(user: User) -> dict:
    actions, actions_total = minutes.actions_for(user)
    return {
        "my_issues": _my_issues(user),
        "queue_counts": _queue_counts(user),
        "meetings": _next_meetings(user),
        "actions": actions,
        "actions_total": actions_total,
        "awaiting_minutes": minutes.awaiting_minutes(user),
        "reports_back": _reports_back(user),
        "todo": todo_for(user),
    }


def _reports_back(user: User) -> list:
    """The administrations whose report back the user prepares or follows: the own one
    for a representative, every active one for coordinators and administrators."""
    if access.coordinated_network_ids(user):
        return minutes.administrations()
    if access.representing_network_ids(user):
        return [user.administration]
    return []


def _my_issues(user: User) -> list[Issue]:
    """The own administration's open questions in the user's networks."""
    network_ids = user.network_ids()
    if user.administration_id is None or not network_ids:
        return []
    return list(
        db.session.scalars(
            select(Issue)
            .options(
                joinedload(Issue.network),
                joinedload(Issue.agenda_item).joinedload(AgendaItem.meeting),
            )
            .where(
                Issue.administration_id == user.administration_id,
                Issue.network_id.in_(network_ids),
                Issue.status.not_in(CLOSED),
            )
            .order_by(Issue.updated_at.desc())
            .limit(10)
        ).unique()
    )


def _queue_counts(user: User) -> list[tuple]:
    """Questions waiting for triage, per coordinated network."""
    network_ids = access.coordinated_network_ids(user)
    if not network_ids:
        return []
    rows = db.session.execute(
        select(Network, func.count(Issue.id))
        .outerjoin(Issue, (Issue.network_id == Network.id) & Issue.status.in_(TRIAGE_STATUSES))
        .where(Network.id.in_(network_ids))
        .group_by(Network.id)
        .order_by(Network.slug)
    )
    return [(network, count) for network, count in rows]


def _next_meetings(user: User) -> list[Meeting]:
    return coming_meetings(access.member_network_ids(user), limit=MEETINGS_SHOWN)


def database_answers() -> bool:
    """Whether the database answers a trivial statement; the session is left clean."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means unhealthy
        db.session.rollback()
        return False
    return True
