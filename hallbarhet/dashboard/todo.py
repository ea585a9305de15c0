"""What needs a representative first: the to-do at the top of the overview.

In this order: questions the coordinators returned (with their message), drafts still to
submit, the report back that is due, and the coming meetings' items of the own
administration that no colleague is invited for yet. Each in one statement or a fixed few,
whatever the numbers."""

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import exists, func, select
from sqlalchemy.orm import contains_eager, joinedload

from .. import access
from ..extensions import db
from ..meetings.lifecycle import UPCOMING
from ..models import AgendaItem, Event, Invitation, Issue, IssueStatus, Meeting, User
from ..models.base import utcnow
from ..reportback import queries as reportback

# How many of each kind are listed; the count says how many there are in all.
SHOWN = 10

T = TypeVar("T")


@dataclass
class Returned:
    issue: Issue
    # The coordinator's status change that returned it, with its message.
    event: Event | None


@dataclass
class Shown(Generic[T]):
    """The first SHOWN of a kind, and how many there are in all."""

    rows: list[T] = field(default_factory=list)
    count: int = 0


def _shown(rows) -> Shown:
    """From rows of (object, the count of them all): the window count rides on each row, so
    that the list and its count are one statement."""
    pairs = list(rows)
    return Shown([row for row, _count in pairs], pairs[0][1] if pairs else 0)


@dataclass
class ToDo:
    returned: Shown[Returned] = field(default_factory=Shown)
    drafts: Shown[Issue] = field(default_factory=Shown)
    # The administration's report back, when something concerns it since the last report:
    # how many agenda items (action items still open from before do not make it due).
    report_back: int = 0
    invite_for: Shown[AgendaItem] = field(default_factory=Shown)

    @property
    def total(self) -> int:
        return (
            self.returned.count + self.drafts.count + bool(self.report_back) + self.invite_for.count
        )

    @property
    def empty(self) -> bool:
        return self.total == 0


def todo_for(user: User) -> ToDo | None:
    """The representative's to-do; None for someone who represents no administration."""
    network_ids = access.representing_network_ids(user)
    if not network_ids:
        return None
    return ToDo(
        returned=_returned(user, network_ids),
        drafts=_own(user, network_ids, IssueStatus.DRAFT),
        report_back=_report_back_due(user),
        invite_for=_invite_for(user, network_ids),
    )


def _own(user: User, network_ids: set[int], status: IssueStatus) -> Shown[Issue]:
    """The own administration's questions in a status, in the networks the user represents."""
    return _shown(
        db.session.execute(
            select(Issue, func.count().over())
            .options(joinedload(Issue.network))
            .where(
                Issue.administration_id == user.administration_id,
                Issue.network_id.in_(network_ids),
                Issue.status == status,
            )
            .order_by(Issue.updated_at.desc(), Issue.id.desc())
            .limit(SHOWN)
        )
    )


def _returned(user: User, network_ids: set[int]) -> Shown[Returned]:
    issues = _own(user, network_ids, IssueStatus.RETURNED)
    if not issues.rows:
        return Shown()
    events = db.session.scalars(
        select(Event)
        .options(joinedload(Event.actor))
        .where(
            Event.issue_id.in_([issue.id for issue in issues.rows]),
            Event.action == "status",
            Event.to_value == IssueStatus.RETURNED.value,
        )
        .order_by(Event.created_at, Event.id)
    )
    latest = {event.issue_id: event for event in events}
    return Shown([Returned(issue, latest.get(issue.id)) for issue in issues.rows], issues.count)


def _report_back_due(user: User) -> int:
    administration = user.administration
    if administration is None or not reportback.can_report(user, administration):
        return 0
    report = reportback.report_of(user, administration)
    return sum(len(group.entries) for network in report.networks for group in network.meetings)


def _invite_for(user: User, network_ids: set[int]) -> Shown[AgendaItem]:
    """The own administration's questions on coming meetings' agendas that have no
    invitation yet (a revoked one does not count): a colleague may be wanted for them."""
    invited = exists().where(
        Invitation.agenda_item_id == AgendaItem.id, Invitation.revoked_at.is_(None)
    )
    return _shown(
        db.session.execute(
            select(AgendaItem, func.count().over())
            .join(AgendaItem.meeting)
            .join(AgendaItem.issue)
            .options(
                contains_eager(AgendaItem.meeting).joinedload(Meeting.network),
                contains_eager(AgendaItem.issue),
            )
            .where(
                Issue.administration_id == user.administration_id,
                Meeting.network_id.in_(network_ids),
                Meeting.status.in_(UPCOMING),
                Meeting.starts_at > utcnow(),
                ~invited,
            )
            .order_by(Meeting.starts_at, AgendaItem.position)
            .limit(SHOWN)
        )
    )
