"""The coordinator's one screen: the queue, the checklist on each card, the budgets. The
decisions made on it are in decisions.py."""

from functools import cache

from flask import abort, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, labels
from ..access import coordinator_required
from ..meetings.queries import coming_meetings
from ..models.base import utcnow
from ..rendering import is_htmx, render
from . import (
    decisions,  # noqa: F401  (its routes are on this blueprint)
    queries,
)
from .blueprint import bp
from .cards import Card, Row, build_card, build_row
from .checklist import QUESTIONS
from .forms import REFER_SUGGESTIONS
from .queue_page import build_page, note_of, queue_params, read_filters, row_context


@bp.context_processor
def _checklist_words():
    return _words(str(get_locale()))


@cache
def _words(_locale: str) -> dict:
    """The card's fixed words, translated once per language: a page holds ten cards, and
    each checklist answer renders one again."""
    return {
        "questions": [(name, str(labels.CHECKLIST[name])) for name in QUESTIONS],
        "refer_suggestions": [str(place) for place in REFER_SUGGESTIONS],
        "kind_labels": {kind.value: str(text) for kind, text in labels.ITEM_KIND.items()},
        "words": {
            "administration": _("Administration"),
            "network": _("Network"),
            "kind": _("Kind"),
            "asked_for": _("Asked for"),
            "work_area": _("Work area"),
            "none_given": _("None given"),
            "affected": _("Affected administrations"),
            "goals": _("Global goals"),
            "estimated": _("Estimated time"),
            "desired": _("Desired meeting"),
            "latest": _("Latest date"),
            "submitted": _("Submitted"),
            "show_all": _("Show all of the description"),
            "checklist": _("Checklist"),
            "yes": _("Yes"),
            "no": _("No"),
            "not_answered": _("Not answered"),
            "recommendation": _("Recommendation:"),
            "decision": _("Decision"),
            "required": _("required"),
            "schedule": _("Schedule"),
            "other": _("Other decisions"),
            "return_button": _("Return to the submitter"),
            "park": _("Park"),
            "refer": _("Refer"),
            "decline": _("Decline"),
            "reason_for": _("For:"),
            "reason_against": _("Against:"),
            "checklist_state": _("Checklist:"),
            "suggested": _("Suggested:"),
            "open_card": _("Open"),
            "close_card": _("Close"),
        },
    }


@bp.get("/triage")
@coordinator_required
def index():
    network_ids = access.coordinated_network_ids(current_user)
    filters, wanted, valid = read_filters(network_ids, request.args)
    context = build_page(
        network_ids,
        filters,
        wanted,
        number=request.args.get("page", 1, type=int),
        open_id=request.args.get("open", type=int),
    )
    # "Show more" asks for the next page's cards only, to go below those already shown.
    more = request.headers.get("HX-Target") == "queue-more"
    return render(
        "triage/index.html",
        "triage/_cards.html" if more else "triage/_queue.html",
        status=200 if valid else 422,
        appending=more,
        **context,
    )


@bp.get("/triage/<int:issue_id>/card")
@coordinator_required
def card(issue_id: int):
    """One row of the queue opened to its whole card (htmx); without JavaScript the queue
    with that card open."""
    return _one(issue_id, opened=True)


@bp.get("/triage/<int:issue_id>/row")
@coordinator_required
def row(issue_id: int):
    """An opened card closed back to its row (htmx); without JavaScript the queue."""
    return _one(issue_id, opened=False)


def _one(issue_id: int, *, opened: bool):
    params = queue_params(request.args)
    if not is_htmx():
        values: dict = {**params, **({"open": issue_id} if opened else {})}  # as in _page_url
        return redirect(url_for("triage.index", **values, _anchor=f"issue-{issue_id}"))
    network_ids = access.coordinated_network_ids(current_user)
    issue = queries.card_issue(network_ids, issue_id)
    if issue is None:
        abort(404)
    meetings = coming_meetings(network_ids)
    one: Card | Row
    if opened:
        history, total = queries.histories([issue])[issue.id]
        one = build_card(
            issue, meetings, note_of(issue, history), utcnow(), history=history, history_total=total
        )
    else:
        one = build_row(issue, meetings, utcnow())
    return render(
        "triage/_card.html" if opened else "triage/_row.html",
        card=one,
        focus_heading=True,
        **row_context(network_ids, params),
    )
