"""The coordinator's decisions from the triage screen: checklist answers, the decisions on
one question, merge, and park or refer for several; each answers with the card or the page."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from .. import access
from ..access import coordinator_required
from ..errors import Conflict, Invalid, InvalidTransition
from ..extensions import db
from ..meetings.budget import budget_for
from ..meetings.queries import coming_meetings
from ..models import Issue, ItemKind, Meeting
from ..models.base import keeping_loaded, utcnow
from ..rendering import is_htmx, render
from . import operations, queries
from .blueprint import bp
from .cards import build_card
from .forms import ANSWERS, BULK_MAX, DECISION_FORMS, AssessForm, BulkForm, UnmergeForm
from .queue_page import (
    back_params,
    back_query,
    back_url,
    build_page,
    note_of,
    oob_panels,
    read_filters,
)


@bp.post("/triage/<int:issue_id>/assess")
@coordinator_required
def assess(issue_id: int):
    issue = _issue_or_404(issue_id, for_answer=is_htmx())
    form = AssessForm()
    if not form.validate_on_submit():
        return _refused(issue, 422, _("Answer one of the checklist's questions with yes or no."))
    assert form.answer.data is not None  # AnyOf(ANSWERS)
    try:
        with keeping_loaded():
            operations.assess(current_user, issue, form.question.data, ANSWERS[form.answer.data])
    except (Conflict, InvalidTransition) as error:
        return _refused(issue, 409, error.message)
    if is_htmx():
        return _card_response(issue)
    return redirect(back_url(f"issue-{issue_id}"))


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


@bp.post("/triage/<int:issue_id>/unmerge")
@coordinator_required
def unmerge(issue_id: int):
    """From the merged question's page: on its own again, back in the queue."""
    issue = _issue_or_404(issue_id, for_card=False)
    form = UnmergeForm()
    if not form.validate_on_submit():
        raise Invalid(_("The form is incomplete. Reload the page and try again."))
    operations.unmerge(current_user, issue, form.version.data)
    flash(_("%(ref)s is on its own again, back in the queue.", ref=issue.reference), "success")
    return redirect(url_for("issues.show", issue_id=issue.id))


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
    selected = request.form.getlist("selected")
    if not selected:
        return _bulk_refused(network_ids, 422, _("Select at least one question."))
    if len(selected) > BULK_MAX:
        return _bulk_refused(
            network_ids, 422, _("Select at most %(max)s questions at a time.", max=BULK_MAX)
        )
    wanted = _selected_versions(selected)
    if wanted is None:
        return _bulk_refused(
            network_ids, 422, _("The selection is not readable. Reload the page and try again.")
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
    parked_or_referred = []
    for issue in done:
        # Only a submitted question is parked or referred, and submitting gave it its reference.
        assert issue.reference is not None
        parked_or_referred.append(issue.reference)
    references = ", ".join(parked_or_referred)
    if done:
        flash(
            _("Parked: %(refs)s", refs=references)
            if action == "park"
            else _("Referred: %(refs)s", refs=references),
            "success",
        )
    for _issue, why in refused:
        flash(why, "error")
    return redirect(back_url())


def _selected_versions(values: list[str]) -> dict[int, int] | None:
    """{question id: the version the coordinator saw} from "<id>:<version>" values."""
    wanted = {}
    for value in values:
        id_, _sep, version = value.partition(":")
        if not (id_.isdigit() and version.isdigit()) or len(value) > 24:
            return None
        wanted[int(id_)] = int(version)
    return wanted


def _bulk_refused(network_ids: set[int], status: int, message: str):
    """The queue again, as it was, with why nothing was done."""
    filters, wanted, _valid = read_filters(network_ids, MultiDict(back_params()))
    context = build_page(network_ids, filters, wanted)
    return render("triage/index.html", status=status, page_message=message, **context)


def _decide(issue_id: int, name: str):
    # Read before the decision's commit expires the signed-in user, which the answer's
    # panels would otherwise load again.
    network_ids = access.coordinated_network_ids(current_user)
    issue = _issue_or_404(issue_id, for_card=False)
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
        meetings = coming_meetings(network_ids)
        return render(
            "triage/_decided.html",
            issue_id=issue_id,
            confirmation=confirmation,
            **oob_panels(network_ids, meetings),
        )
    flash(confirmation, "success")
    return redirect(back_url())


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
        done = _("%(ref)s scheduled into %(meeting)s", ref=reference, meeting=meeting.name)
        return " ".join([done, *_too_long(meeting.id, meeting.network_id, form.minutes.data)])
    if name == "merge":
        network_ids = access.coordinated_network_ids(current_user)
        into = queries.card_issue(network_ids, form.into.data, for_card=False)
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


def _too_long(meeting_id: int, network_id: int, minutes: int) -> list[str]:
    """Where the decision is made: how far the question took its meeting past its length,
    and the network's next meeting with the time for it."""
    coming = coming_meetings({network_id})
    meeting = next((m for m in coming if m.id == meeting_id), None)
    if meeting is None or not budget_for(meeting).over:
        return []
    words = [
        _("The meeting is now %(minutes)s min too long.", minutes=-budget_for(meeting).remaining)
    ]
    room = next(
        (
            later
            for later in coming
            if later.starts_at > meeting.starts_at and budget_for(later).remaining >= minutes
        ),
        None,
    )
    if room is not None:
        words.append(
            _(
                "Next meeting with time left: %(meeting)s, %(left)s min.",
                meeting=room.name,
                left=budget_for(room).remaining,
            )
        )
    return words


def _issue_or_404(issue_id: int, *, for_card: bool = True, for_answer: bool = False) -> Issue:
    """A question of a network the user coordinates; any other is not found (404)."""
    network_ids = access.coordinated_network_ids(current_user)
    issue = queries.card_issue(network_ids, issue_id, for_card=for_card, for_answer=for_answer)
    if issue is None:
        abort(404)
    return issue


def _refused(issue: Issue, status: int, message: str, failed=None):
    """The card again, in its current state, with the message and the form that was refused."""
    network_ids = access.coordinated_network_ids(current_user)
    issue = _issue_or_404(issue.id)
    meetings = coming_meetings(network_ids)
    now = utcnow()
    history, total = queries.histories([issue])[issue.id]
    card = build_card(
        issue,
        meetings,
        note_of(issue, history),
        now,
        failed=failed,
        message=message,
        history=history,
        history_total=total,
    )
    if is_htmx():
        # After a conflict the budgets and counts may have changed too.
        panels = oob_panels(network_ids, meetings) if status == 409 else {}
        return render("triage/_card.html", status=status, card=card, back=back_query(), **panels)
    filters, wanted, _valid = read_filters(network_ids, MultiDict(back_params()))
    context = build_page(network_ids, filters, wanted, focus=card)
    return render(
        "triage/index.html", status=status, page_message=message, focus_id=issue.id, **context
    )


def _card_response(issue: Issue):
    """The card after an answer, from the objects the answer changed (kept after commit)."""
    meetings = coming_meetings({issue.network_id})
    history, total = queries.histories([issue])[issue.id]
    card = build_card(
        issue,
        meetings,
        note_of(issue, history),
        utcnow(),
        history=history,
        history_total=total,
        others_kept=True,
    )
    # An answer changes the checklist, the suggested item and the history only; the page
    # keeps the rest.
    return render("triage/_card.html", card=card, back=back_query(), keep_unchanged=True)
