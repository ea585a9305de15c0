"""The coordinator's one screen: the queue, the checklist on each card, the budgets. The
decisions made on it are in decisions.py."""

from functools import cache

from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, labels
from ..access import coordinator_required
from ..rendering import render
from . import decisions  # noqa: F401  (its routes are on this blueprint)
from .blueprint import bp
from .checklist import QUESTIONS
from .forms import REFER_SUGGESTIONS
from .queue_page import build_page, read_filters


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
        },
    }


@bp.get("/triage")
@coordinator_required
def index():
    network_ids = access.coordinated_network_ids(current_user)
    filters, wanted, valid = read_filters(network_ids, request.args)
    context = build_page(network_ids, filters, wanted, number=request.args.get("page", 1, type=int))
    # "Show more" asks for the next page's cards only, to go below those already shown.
    more = request.headers.get("HX-Target") == "queue-more"
    return render(
        "triage/index.html",
        "triage/_cards.html" if more else "triage/_queue.html",
        status=200 if valid else 422,
        appending=more,
        **context,
    )
