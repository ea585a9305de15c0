"""Similar questions as pages and htmx fragments: for what is being typed on the question
form, and for one question (the triage card loads it when opened)."""

from flask import Blueprint, abort, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access
from ..extensions import db
from ..issues import lifecycle
from ..models import Issue, Network, WorkArea
from ..rendering import is_htmx, render
from . import text
from .queries import find_similar, similar_to_issue
from .thesaurus import store

bp = Blueprint("similar", __name__)

# The description adds words to the query; its first part says what it is about.
MAX_DESCRIPTION_CHARS = 2000
MIN_LETTERS = 3


@bp.get("/issues/similar")
@login_required
def search():
    """?title=…&description=…&network=…&work_area=…&goals=…&issue=… (all optional)."""
    title = request.args.get("title", "")
    description = request.args.get("description", "")[:MAX_DESCRIPTION_CHARS]
    notes = []
    if len(title) > text.MAX_QUERY_CHARS:
        notes.append(
            _(
                "Only the first %(num)s characters of the title were used.",
                num=text.MAX_QUERY_CHARS,
            )
        )
        title = title[: text.MAX_QUERY_CHARS]
    results = None
    if _letters(title) + _letters(description) < MIN_LETTERS:
        if title or description:
            notes.append(_("Type a few words of the title to see similar questions."))
    else:
        results = find_similar(
            current_user,
            title,
            description,
            work_area_id=_work_area_id(),
            goals=_goals(),
            network_id=_network_id(),
            exclude_id=_own_issue_id(),
        )
    return render(
        "similar/search.html",
        "similar/_list.html",
        similar_results=results,
        similar_notes=notes,
        title=title,
        thesaurus_networks=_coordinated_networks() if not is_htmx() else [],
    )


@bp.get("/issues/<int:issue_id>/similar")
@login_required
def for_issue(issue_id: int):
    # Only the question's own columns: the list needs its wording, the page its network.
    issue = db.get_or_404(Issue, issue_id)
    if not access.can_view_issue(current_user, issue):
        abort(404)
    return render(
        "similar/search.html",
        "similar/_list.html",
        similar_results=similar_to_issue(current_user, issue),
        similar_notes=[],
        issue=issue,
        title=issue.title,
        merge_from=issue if lifecycle.may_merge(current_user, issue) else None,
        # On a triage card the merge answers in place of the card.
        merge_target=f"#issue-{issue.id}" if is_htmx() else None,
    )


def _coordinated_networks() -> list[Network]:
    """The networks whose topics the viewer keeps, for the links under the results."""
    ids = access.coordinated_network_ids(current_user)
    if not ids:
        return []
    return list(
        db.session.scalars(select(Network).where(Network.id.in_(ids)).order_by(Network.slug))
    )


def _letters(value: str) -> int:
    return sum(char.isalnum() for char in value[: text.MAX_QUERY_CHARS])


def _int_arg(name: str) -> int | None:
    """A whole number from the query string, or None for anything else (ignored)."""
    value = request.args.get(name, "").strip()
    if not value.isdigit() or len(value) > 9:
        return None
    return int(value)


def _work_area_id() -> int | None:
    """The work area counts only when it exists, and is in the given network if one is."""
    area_id = _int_arg("work_area")
    if area_id is None:
        return None
    area = db.session.get(WorkArea, area_id)
    network_id = _int_arg("network")
    if area is None or (network_id is not None and area.network_id != network_id):
        return None
    return area.id


def _network_id() -> int | None:
    """The network the wording is written in, whose thesaurus gives its topics (when it has
    one; otherwise every network's)."""
    network_id = _int_arg("network")
    return network_id if network_id in store.current().versions else None


def _goals() -> list[int]:
    found = {int(v) for v in request.args.getlist("goals") if v.isdigit() and len(v) <= 2}
    return sorted(goal for goal in found if 1 <= goal <= 17)


def _own_issue_id() -> int | None:
    """The question being edited is left out of its own list (only one the user may see)."""
    issue_id = _int_arg("issue")
    if issue_id is None:
        return None
    issue = db.session.scalar(select(Issue).where(Issue.id == issue_id))
    if issue is None or not access.can_view_issue(current_user, issue):
        return None
    return issue.id
