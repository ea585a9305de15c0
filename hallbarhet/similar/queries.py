"""Similar questions for one viewer: candidates from the index, the ranking, what to show."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from .. import access
from ..extensions import db
from ..models import AgendaItem, Issue, IssueStatus, Meeting, User
from . import index, ranking

LIMIT = 5


@dataclass(frozen=True)
class Similar:
    """One similar question as the lists show it."""

    issue: Issue
    match: ranking.Match
    # Whether the viewer may open the question; otherwise only its reference, title,
    # administration and status are shown.
    may_open: bool

    @property
    def meeting(self) -> Meeting | None:
        item = self.issue.agenda_item
        return item.meeting if item is not None else None


def visible_to(user: User):
    """Questions a viewer is shown as similar: in the networks the user belongs to, never
    anyone else's draft. Withdrawn and merged ones are left out by the index itself."""
    network_ids = access.member_network_ids(user)
    if not network_ids:
        return Issue.submitter_id == user.id
    return Issue.network_id.in_(network_ids) & or_(
        Issue.status != IssueStatus.DRAFT, Issue.submitter_id == user.id
    )


def find_similar(
    user: User,
    title: str,
    description: str = "",
    *,
    work_area_id: int | None = None,
    goals=(),
    exclude_id: int | None = None,
    limit: int = LIMIT,
    weights: ranking.Weights = ranking.WEIGHTS,
) -> list[Similar]:
    """The questions most like the given wording, best first."""
    query = ranking.profile(title, description, work_area_id, goals)
    condition = visible_to(user)
    if exclude_id is not None:
        condition = condition & (Issue.id != exclude_id)
    ids = index.candidates(db.session, index.terms(query), condition)
    if not ids:
        return []
    rows = db.session.execute(
        select(Issue.id, Issue.title, Issue.description, Issue.work_area_id, Issue.goals).where(
            Issue.id.in_(ids)
        )
    ).all()
    matches = ranking.rank(
        query, ((row.id, index.issue_profile(row)) for row in rows), weights, limit
    )
    if not matches:
        return []
    issues = {
        issue.id: issue
        for issue in db.session.scalars(
            select(Issue)
            .options(
                joinedload(Issue.administration),
                joinedload(Issue.network),
                joinedload(Issue.agenda_item)
                .joinedload(AgendaItem.meeting)
                .joinedload(Meeting.network),
            )
            .where(Issue.id.in_([m.issue_id for m in matches]))
        )
    }
    return [
        Similar(issues[m.issue_id], m, access.can_view_issue(user, issues[m.issue_id]))
        for m in matches
    ]


def similar_to_issue(user: User, issue: Issue, limit: int = LIMIT) -> list[Similar]:
    return find_similar(
        user,
        issue.title,
        issue.description,
        work_area_id=issue.work_area_id,
        goals=issue.goals or (),
        exclude_id=issue.id,
        limit=limit,
    )


def similar_for_form(user: User, form, issue: Issue | None = None) -> list[Similar] | None:
    """For the question form as sent or loaded; None while it has no title yet."""
    title = (form.title.data or "").strip()
    if not title:
        return None
    work_area = getattr(form, "work_area", None)
    goals = getattr(form, "goals", None)
    return find_similar(
        user,
        title,
        form.description.data or "",
        work_area_id=work_area.data if work_area is not None else None,
        goals=goals.data if goals is not None and goals.data else (),
        exclude_id=issue.id if issue else None,
    )
