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
from ..models import Issue, IssueKind, IssueStatus, ItemKind, Meeting
from ..models.base import keeping_loaded, utcnow
from ..web import is_htmx, render
from . import bp, operations, queries
from .cards import best_meeting, build_card
from .checklist import QUESTIONS
from .forms import (
    ANSWERS,
    BULK_ACTIONS,
    BULK_MAX,
    DECISION_FORMS,
    REFER_SUGGESTIONS,
    SORTS,
    AssessForm,
    BulkForm,
    FilterForm,
)
from .queries import QueueFilter

FILTER_KEYS = ("status", "network", "area", "administration", "kind", "q", "sort")


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


@bp.post("/triage/<int:issue_id>/merge")
@coordinator_required
def merge(issue_id: int):
    return _decide(issue_id, "merge")


@bp.post("/triage/bulk")
@coordinator_required
def bulk():
    """Park or refer the questions ticked on the queue's cards, each a decision of its own."""
    form = BulkForm()
    network_ids = access.coordinated_network_ids(current_user)
    if not form.validate_on_submit():
        return _bulk_refused(
            network_ids, 422, _("Choose park or refer for the selected questions.")
        )
    wanted = _selected_versions(request.form.getlist("selected"))
    if wanted is None:
        return _bulk_refused(
            network_ids, 422, _("The selection is not readable. Reload the page and try again.")
        )
    if not wanted:
        return _bulk_refused(network_ids, 422, _("Select at least one question."))
    if len(wanted) > BULK_MAX:
        return _bulk_refused(
            network_ids, 422, _("Select at most %(max)s questions at a time.", max=BULK_MAX)
        )
    issues = queries.by_ids(network_ids, list(wanted))
    if len(issues) != len(wanted):
        return _bulk_refused(
            network_ids,
            404,
            _("Some of the selected questions are not in your queue. Nothing was changed."),
        )
    action = form.action.data
    if action == "refer" and not (form.message.data or "").strip():
        return _bulk_refused(network_ids, 422, _("Say where the questions are handled instead."))
    done, refused = operations.bulk(
        current_user,
        [(issue, wanted[issue.id]) for issue in issues],
        action,
        form.message.data or "",
    )
    references = ", ".join(issue.reference for issue in done)
    if done:
        flash(
            _("Parked: %(refs)s", refs=references)
            if action == "park"
            else _("Referred: %(refs)s", refs=references),
            "success",
        )
    for _issue, why in refused:
        flash(why, "error")
    return redirect(_back_url())


def _selected_versions(values: list[str]) -> dict[int, int] | None:
    """{question id: the version the coordinator saw} from "<id>:<version>" values."""
    wanted = {}
    for value in values[: BULK_MAX + 1]:
        id_, _sep, version = value.partition(":")
        if not (id_.isdigit() and version.isdigit()) or len(value) > 24:
            return None
        wanted[int(id_)] = int(version)
    if len(values) > BULK_MAX:
        wanted[-1] = 0  # more than allowed: counted, never looked up
    return wanted


def _bulk_refused(network_ids: set[int], status: int, message: str):
    """The queue again, as it was, with why nothing was done."""
    db.session.rollback()
    filters, wanted, _valid = _filters(network_ids, MultiDict(_back_params()))
    context = _page(network_ids, filters, wanted)
    return render("triage/index.html", status=status, page_message=message, **context)


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
        target = {"schedule": "meeting", "merge": "into"}.get(name, "message")
        target = form[target]
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
    if name == "merge":
        into = queries.card_issue(access.coordinated_network_ids(current_user), form.into.data)
        if into is None:
            raise Invalid(_("Choose a scheduled question from the list."))
        operations.merge(user, issue, into, version)
        return _("%(ref)s joined to %(into)s", ref=reference, into=into.reference)
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
    now = utcnow()
    history, total = queries.histories([issue])[issue.id]
    card = build_card(
        issue,
        meetings,
        _note(issue, history),
        now,
        failed=failed,
        message=message,
        history=history,
        history_total=total,
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
    history, total = queries.histories([issue])[issue.id]
    card = build_card(
        issue, meetings, _note(issue, history), utcnow(), history=history, history_total=total
    )
    # An answer changes the checklist, the suggested item and the history only; the page
    # keeps the rest.
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
    kind = IssueKind(form.kind.data) if form.kind.data and not form.kind.errors else None
    sort = form.sort.data if form.sort.data in SORTS and not form.sort.errors else "age"
    wanted = QueueFilter(
        status=status,
        network_id=chosen(form.network),
        work_area_id=chosen(form.area),
        administration_id=chosen(form.administration),
        kind=kind,
        text=text,
        sort=sort,
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
    meetings = coming_meetings(network_ids)
    if wanted.sort == "suggested":
        ids = _by_suggested_meeting(network_ids, wanted, meetings, now)
        issues = queries.by_ids(network_ids, ids[offset : offset + queries.PAGE_SIZE])
    else:
        issues = queries.queue(network_ids, wanted, offset=offset, limit=queries.PAGE_SIZE)
    cards = _cards(network_ids, issues, meetings, now, focus=focus)
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
        "bulk_allowed": wanted.status in (IssueStatus.SUBMITTED, IssueStatus.PARKED),
        "bulk_actions": {
            name: text
            for name, text in BULK_ACTIONS.items()
            if wanted.status == IssueStatus.SUBMITTED or name == "refer"
        },
        **_side_panels(network_ids, meetings),
    }


def _cards(network_ids, issues, meetings, now, focus=None) -> list:
    """The cards of a page: their history and the questions they may join in two reads."""
    histories = queries.histories(
        [issue for issue in issues if focus is None or issue.id != focus.issue.id]
    )
    cards = []
    for issue in issues:
        if focus is not None and focus.issue.id == issue.id:
            cards.append(focus)
            continue
        history, total = histories[issue.id]
        cards.append(
            build_card(
                issue, meetings, _note(issue, history), now, history=history, history_total=total
            )
        )
    return cards


def _note(issue: Issue, history: list) -> object:
    """The decision a parked or returned card tells about: its latest status change."""
    if issue.status == IssueStatus.SUBMITTED:
        return None
    return next((event for event in reversed(history) if event.action == "status"), None)


def _by_suggested_meeting(network_ids, wanted: QueueFilter, meetings, now) -> list[int]:
    """The ids of the filtered queue, ordered by when their suggested meeting is (those
    without one last), then by age."""
    never = now.replace(year=now.year + 100)
    keyed = []
    for issue in queries.queue(network_ids, wanted, limit=queries.RANKED_MAX, light=True):
        best = best_meeting(issue, meetings, now)
        keyed.append((best.starts_at if best else never, issue.submitted_at, issue.id))
    return [entry[2] for entry in sorted(keyed)]


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
        "kind": wanted.kind.value if wanted.kind else "",
        "q": wanted.text,
        "sort": "" if wanted.sort == "age" else wanted.sort,
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
