"""The coordinator's one screen: the queue, the checklist on each card, decisions, budgets."""

import math
from functools import cache
from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from .. import access, labels
from ..access import coordinator_required
from ..errors import Conflict, Invalid, InvalidTransition
from ..extensions import db
from ..meetings.budget import budget_for
from ..meetings.queries import coming_meetings
from ..models import Issue, IssueStatus, ItemKind, Meeting
from ..models.base import keeping_loaded, utcnow
from ..web import is_htmx, render
from . import bp, operations, queries
from .cards import build_card
from .checklist import QUESTIONS
from .forms import (
    ANSWERS,
    DECISION_FORMS,
    REFER_SUGGESTIONS,
    AssessForm,
    FilterForm,
)
from .queries import QueueFilter

FILTER_KEYS = ("status", "network", "area", "administration", "q")


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
        },
    }


@bp.get("/triage")
@coordinator_required
def index():
    network_ids = access.coordinated_network_ids(current_user)
    filters, wanted, valid = _filters(network_ids, request.args)
    context = _page(network_ids, filters, wanted, number=request.args.get("page", 1, type=int))
    # "Show more" asks for the next page's cards only, to go below those already shown.
    more = request.headers.get("HX-Target") == "queue-more"
    return render(
        "triage/index.html",
        "triage/_cards.html" if more else "triage/_queue.html",
        status=200 if valid else 422,
        appending=more,
        **context,
    )


@bp.post("/triage/<int:issue_id>/assess")
@coordinator_required
def assess(issue_id: int):
    issue = _issue_or_404(issue_id)
    form = AssessForm()
    if not form.validate_on_submit():
        return _refused(issue, 422, _("Answer one of the checklist's questions with yes or no."))
    try:
        with keeping_loaded():
            operations.assess(current_user, issue, form.question.data, ANSWERS[form.answer.data])
    except (Conflict, InvalidTransition) as error:
        return _refused(issue, 409, error.message)
    if is_htmx():
        return _card_response(issue)
    return redirect(_back_url(f"issue-{issue_id}"))


@bp.post("/triage/<int:issue_id>/schedule")
@coordinator_required
def schedule(issue_id: int):
    return _decide(issue_id, "schedule")


@bp.post("/triage/<int:issue_id>/return")
@coordinator_required
def return_issue(issue_id: int):
    return _decide(issue_id, "return")


@bp.post("/triage/<int:issue_id>/park")
@coordinator_required
def park(issue_id: int):
    return _decide(issue_id, "park")


@bp.post("/triage/<int:issue_id>/refer")
@coordinator_required
def refer(issue_id: int):
    return _decide(issue_id, "refer")


@bp.post("/triage/<int:issue_id>/decline")
@coordinator_required
def decline(issue_id: int):
    return _decide(issue_id, "decline")


def _decide(issue_id: int, name: str):
    issue = _issue_or_404(issue_id)
    form = DECISION_FORMS[name]()
    if not form.validate_on_submit():
        # The version has no field of its own to show its error beside.
        message = form.version.errors[0] if form.version.errors else _("Check the marked field.")
        return _refused(issue, 422, message, failed=(name, form))
    try:
        confirmation = _carry_out(name, issue, form)
    except (Conflict, InvalidTransition) as error:
        return _refused(issue, 409, error.message)
    except Invalid as error:
        target = form.meeting if name == "schedule" else form.message
        target.errors = [*target.errors, error.message]
        return _refused(issue, 422, error.message, failed=(name, form))
    if is_htmx():
        network_ids = access.coordinated_network_ids(current_user)
        meetings = coming_meetings(network_ids)
        return render(
            "triage/_decided.html",
            issue_id=issue_id,
            confirmation=confirmation,
            **_oob_panels(network_ids, meetings),
        )
    flash(confirmation, "success")
    return redirect(_back_url())


def _carry_out(name: str, issue: Issue, form) -> str:
    """Call the one domain function for the decision; return the confirmation line."""
    user, version, reference = current_user, form.version.data, issue.reference
    if name == "schedule":
        meeting = db.session.get(Meeting, form.meeting.data)
        if meeting is None:
            raise Invalid(_("Choose a meeting from the list."))
        operations.schedule(
            user, issue, meeting, version, kind=ItemKind(form.kind.data), minutes=form.minutes.data
        )
        return _("%(ref)s scheduled into %(meeting)s", ref=reference, meeting=meeting.name)
    message = form.message.data or ""
    if name == "return":
        operations.return_issue(user, issue, version, message)
        return _("%(ref)s returned to the submitter", ref=reference)
    if name == "park":
        operations.park(user, issue, version, message)
        return _("%(ref)s parked", ref=reference)
    if name == "refer":
        operations.refer(user, issue, version, message)
        return _("%(ref)s referred: %(where)s", ref=reference, where=message.strip())
    operations.decline(user, issue, version, message)
    return _("%(ref)s declined", ref=reference)


def _issue_or_404(issue_id: int) -> Issue:
    """A question of a network the user coordinates; any other is not found (404)."""
    issue = queries.card_issue(access.coordinated_network_ids(current_user), issue_id)
    if issue is None:
        abort(404)
    return issue


def _refused(issue: Issue, status: int, message: str, failed=None):
    """The card again, in its current state, with the message and the form that was refused."""
    db.session.rollback()
    network_ids = access.coordinated_network_ids(current_user)
    issue = _issue_or_404(issue.id)
    meetings = coming_meetings(network_ids)
    notes = queries.decision_notes([issue])
    card = build_card(
        issue, meetings, notes.get(issue.id), utcnow(), failed=failed, message=message
    )
    if is_htmx():
        # After a conflict the budgets and counts may have changed too.
        panels = _oob_panels(network_ids, meetings) if status == 409 else {}
        return render("triage/_card.html", status=status, card=card, back=_back_query(), **panels)
    filters, wanted, _valid = _filters(network_ids, MultiDict(_back_params()))
    context = _page(network_ids, filters, wanted, focus=card)
    return render(
        "triage/index.html", status=status, page_message=message, focus_id=issue.id, **context
    )


def _card_response(issue: Issue):
    """The card after an answer, from the objects the answer changed (kept after commit)."""
    meetings = coming_meetings({issue.network_id})
    notes = queries.decision_notes([issue])
    card = build_card(issue, meetings, notes.get(issue.id), utcnow())
    # An answer changes the checklist and the suggested item only; the page keeps the rest.
    return render("triage/_card.html", card=card, back=_back_query(), keep_unchanged=True)


def _filters(network_ids: set[int], args: MultiDict) -> tuple[FilterForm, QueueFilter, bool]:
    """The filter form and what it asks for; a value that does not fit is ignored and marked."""
    form = FilterForm(formdata=args)
    form.set_choices(**queries.filter_choices(network_ids))
    valid = form.validate()

    def chosen(field_):
        return int(field_.data) if field_.data and not field_.errors else None

    status = IssueStatus(form.status.data) if not form.status.errors else IssueStatus.SUBMITTED
    text = (form.q.data or "").strip() if not form.q.errors else ""
    wanted = QueueFilter(
        status=status,
        network_id=chosen(form.network),
        work_area_id=chosen(form.area),
        administration_id=chosen(form.administration),
        text=text,
    )
    return form, wanted, valid


def _page(
    network_ids: set[int], filters: FilterForm, wanted: QueueFilter, focus=None, number=1
) -> dict:
    now = utcnow()
    size = queries.queue_size(network_ids, wanted)
    pages = max(1, math.ceil(size / queries.PAGE_SIZE))
    number = min(max(number or 1, 1), pages)
    offset = (number - 1) * queries.PAGE_SIZE
    issues = queries.queue(network_ids, wanted, offset=offset, limit=queries.PAGE_SIZE)
    meetings = coming_meetings(network_ids)
    notes = queries.decision_notes(issues)
    cards = []
    for issue in issues:
        if focus is not None and focus.issue.id == issue.id:
            cards.append(focus)
        else:
            cards.append(build_card(issue, meetings, notes.get(issue.id), now))
    apart = focus if focus is not None and all(card is not focus for card in cards) else None
    return {
        "filters": filters,
        "wanted": wanted,
        "cards": cards,
        "apart": apart,
        "back": urlencode(_query_of(wanted)),
        "queue_size": size,
        "page": number,
        "first_shown": offset + 1,
        "last_shown": offset + len(issues),
        "previous_url": _page_url(wanted, number - 1) if number > 1 else None,
        "more_url": _page_url(wanted, number + 1) if number < pages else None,
        **_side_panels(network_ids, meetings),
    }


def _page_url(wanted: QueueFilter, number: int) -> str:
    return url_for("triage.index", **_query_of(wanted), **({"page": number} if number > 1 else {}))


def _oob_panels(network_ids: set[int], meetings: list[Meeting]) -> dict:
    """What a decision changes beside its card: the budgets, the counts, the queue's size."""
    _form, wanted, _valid = _filters(network_ids, MultiDict(_back_params()))
    return {
        "oob": True,
        "wanted": wanted,
        "queue_size": queries.queue_size(network_ids, wanted),
        **_side_panels(network_ids, meetings),
    }


def _side_panels(network_ids: set[int], meetings: list[Meeting]) -> dict:
    return {
        "budgets": [(meeting, budget_for(meeting)) for meeting in meetings],
        "counts": queries.queue_counts(network_ids),
        "now": utcnow(),
    }


def _query_of(wanted: QueueFilter) -> dict[str, str]:
    """The filter as query parameters, leaving out what is the default."""
    params = {
        "status": "" if wanted.status == IssueStatus.SUBMITTED else wanted.status.value,
        "network": wanted.network_id,
        "area": wanted.work_area_id,
        "administration": wanted.administration_id,
        "q": wanted.text,
    }
    return {key: str(value) for key, value in params.items() if value}


def _back_params() -> dict[str, str]:
    """The queue filter a decision form came from (its hidden "back" field)."""
    source = MultiDict(parse_qsl(request.form.get("back", "")))
    return {key: source.get(key, "")[:200] for key in FILTER_KEYS if source.get(key)}


def _back_query() -> str:
    return urlencode(_back_params())


def _back_url(anchor: str | None = None) -> str:
    return url_for("triage.index", **_back_params(), _anchor=anchor)
