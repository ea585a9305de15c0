"""Similar questions for one viewer: candidates from the index, the ranking, what to show."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import access
from ..extensions import db
from ..models import AgendaItem, Issue, Meeting, User
from . import index, ranking
from .thesaurus import store

LIMIT = 5


@dataclass(frozen=True)
class Similar:
    """One similar question as the lists show it."""

    issue: Issue
    match: ranking.Match

    @property
    def meeting(self) -> Meeting | None:
        item = self.issue.agenda_item
        return item.meeting if item is not None else None


def find_similar(
    user: User,
    title: str,
    description: str = "",
    *,
    work_area_id: int | None = None,
    goals=(),
    network_id: int | None = None,
    exclude_id: int | None = None,
    limit: int = LIMIT,
    weights: ranking.Weights = ranking.WEIGHTS,
) -> list[Similar]:
    """The questions most like the given wording, best first. The wording's topics are
    those of the thesaurus of the network it is written in (every network's when none is
    given); each candidate's, of its own network's."""
    thesauri = store.current()
    query = ranking.profile(title, description, work_area_id, goals, thesauri.of(network_id))
    # Only questions the viewer may open: a title, a status or a shared word of one they
    # may not read would tell what another administration is preparing.
    condition = access.viewable_issues(user)
    if exclude_id is not None:
        condition = condition & (Issue.id != exclude_id)
    rows = index.candidates(db.session, index.terms(query), condition)
    candidates = ((row.id, index.issue_profile(row, thesauri.of(row.network_id))) for row in rows)
    matches = ranking.rank(query, candidates, weights, limit)
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
    return [Similar(issues[m.issue_id], m) for m in matches]


def similar_to_issue(user: User, issue: Issue, limit: int = LIMIT) -> list[Similar]:
    return find_similar(
        user,
        issue.title,
        issue.description,
        work_area_id=issue.work_area_id,
        goals=issue.goals or (),
        network_id=issue.network_id,
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
    network = getattr(form, "network", None)
    network_id = network.data if network is not None else None
    if network_id is None and issue is not None:
        network_id = issue.network_id
    return find_similar(
        user,
        title,
        form.description.data or "",
        work_area_id=work_area.data if work_area is not None else None,
        goals=goals.data if goals is not None and goals.data else (),
        network_id=network_id if isinstance(network_id, int) else None,
        exclude_id=issue.id if issue else None,
    )
