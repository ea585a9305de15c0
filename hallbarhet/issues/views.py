"""The representative's pages: the own administration's questions, one question, the form."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access, labels
from ..errors import Conflict, Invalid
from ..forms_common import show_refusal
from ..invitations import rules as invitation_rules
from ..meetings.removal import removable, withdrawal_refused
from ..models import IssueStatus
from ..models.base import utcnow
from ..paging import page_number
from ..rendering import is_htmx, render
from ..similar.queries import similar_for_form, similar_to_issue
from . import lifecycle, queries
from .forms import (
    EditIssueForm,
    FilterForm,
    IssueForm,
    SubmitDraftForm,
    WithdrawForm,
    as_formdata,
    issue_form_data,
)
from .operations import create_issue, delete_draft, update_issue, withdraw_issue

bp = Blueprint("issues", __name__)


@bp.get("/issues")
@login_required
def index():
    if current_user.administration_id is None:
        abort(403)
    form = FilterForm(request.args)
    form.set_choices(queries.member_networks(current_user))
    valid = form.validate()
    status = form.status_value if valid else None
    network_id = form.network.data if valid else None
    return render(
        "issues/index.html",
        "issues/_results.html",
        status=200 if valid else 422,
        form=form,
        page=queries.own_issues(
            current_user,
            status=status,
            network_id=network_id,
            page=page_number(request.args.get("page")),
        ),
        counts=queries.status_counts(current_user, network_id=network_id),
        network_id=network_id,
        # What the pages' links keep of the filter.
        arguments={"status": status.value if status else None, "network": network_id},
    )


@bp.route("/issues/new", methods=["GET", "POST"])
@access.representative_required
def new():
    # htmx asks again when the network changes (a GET that carries what was typed).
    form = IssueForm(request.args) if request.method == "GET" and is_htmx() else IssueForm()
    form.submitting = _submitting()
    form.set_choices(queries.form_choices(current_user))
    if _updating_choices():
        return _form_page(form, None, 200)
    if form.validate_on_submit():
        try:
            issue = create_issue(current_user, form.to_input(), submit=_submitting())
        except Invalid as error:
            show_refusal(form, error)
        else:
            flash(
                _submitted_message(issue) if issue.reference else _("The draft is saved."),
                "success",
            )
            return redirect(url_for("issues.show", issue_id=issue.id))
    return _form_page(form, None, 422 if form.is_submitted() else 200)


@bp.get("/issues/<int:issue_id>")
@login_required
def show(issue_id: int):
    issue = _viewable(issue_id)
    return render(
        "issues/show.html",
        similar_results=similar_to_issue(current_user, issue),
        merge_from=issue if lifecycle.may_merge(current_user, issue) else None,
        **_show_context(issue, WithdrawForm(version=issue.version)),
    )


@bp.route("/issues/<int:issue_id>/edit", methods=["GET", "POST"])
@login_required
def edit(issue_id: int):
    issue = _viewable(issue_id)
    if not access.can_edit_issue(current_user, issue):
        abort(403)
    if issue.status not in lifecycle.EDITABLE_STATUSES:
        raise Conflict(
            _(
                "The question is now “%(status)s” and can no longer be edited.",
                status=labels.ISSUE_STATUS[issue.status],
            )
        )
    # A POST is read from what was sent only, so that a missing field is an error, not old data.
    form = (
        EditIssueForm() if request.method == "POST" else EditIssueForm(data=issue_form_data(issue))
    )
    form.submitting = _submitting()
    form.set_choices(queries.form_choices(current_user, issue), issue.desired_meeting_id)
    if _updating_choices():
        return _form_page(form, issue, 200)
    if not form.validate_on_submit():
        return _form_page(form, issue, 422 if form.is_submitted() else 200)
    try:
        update_issue(current_user, issue, form.to_input(), form.version.data, submit=_submitting())
    except Invalid as error:
        show_refusal(form, error)
        return _form_page(form, issue, 422)
    except Conflict as error:
        if issue.status not in lifecycle.EDITABLE_STATUSES:
            raise
        return _stale_form_page(issue, form, error.message)
    if issue.status == IssueStatus.SUBMITTED and _submitting():
        flash(_submitted_message(issue), "success")
    else:
        flash(_("Your changes are saved."), "success")
    return redirect(url_for("issues.show", issue_id=issue.id))


@bp.post("/issues/<int:issue_id>/submit")
@login_required
def submit(issue_id: int):
    """Submit a draft from its own page: the stored draft goes through the same form and the
    same operation as the form's submit button, so the same rules hold."""
    issue = _viewable(issue_id)
    if not access.can_edit_issue(current_user, issue):
        abort(403)
    sent = SubmitDraftForm()
    if not sent.validate():
        raise Invalid(_("The page was out of date. Reload it and try again."))
    if issue.status != IssueStatus.DRAFT:
        raise Conflict(
            _(
                "The question is now “%(status)s” and cannot be submitted from here.",
                status=labels.ISSUE_STATUS[issue.status],
            )
        )
    # The stored draft as the edit form would post it unchanged.
    form = EditIssueForm(formdata=as_formdata(issue_form_data(issue)), meta={"csrf": False})
    form.set_choices(queries.form_choices(current_user, issue))
    refused = None
    if not form.validate():
        refused = _("The draft is not complete: edit it to submit it.")
    else:
        try:
            update_issue(current_user, issue, form.to_input(), sent.version.data, submit=True)
        except Invalid as error:
            refused = error.message
    if refused is not None:
        issue = queries.load_issue(issue_id)
        return render(
            "issues/show.html",
            status=422,
            refused=refused,
            similar_results=similar_to_issue(current_user, issue),
            merge_from=None,
            **_show_context(issue, WithdrawForm(version=issue.version)),
        )
    flash(_submitted_message(issue), "success")
    return redirect(url_for("issues.show", issue_id=issue.id))


@bp.post("/issues/<int:issue_id>/withdraw")
@login_required
def withdraw(issue_id: int):
    issue = _viewable(issue_id)
    form = WithdrawForm()
    if not form.validate():
        return render(
            "issues/show.html", "issues/_status.html", status=422, **_show_context(issue, form)
        )
    try:
        withdraw_issue(current_user, issue, form.version.data, form.message.data or "")
    except Conflict as error:
        # Refused before anything changed: the question as it is now, and why.
        issue = queries.load_issue(issue_id)
        return render(
            "issues/show.html",
            "issues/_status.html",
            status=409,
            refused=error.message,
            **_show_context(issue, WithdrawForm(version=issue.version)),
        )
    message = _("The question is withdrawn.")
    if is_htmx():
        issue = queries.load_issue(issue_id)
        return render(
            "issues/show.html",
            "issues/_withdrawn.html",
            flash_message=message,
            **_show_context(issue, WithdrawForm(version=issue.version)),
        )
    flash(message, "success")
    return redirect(url_for("issues.show", issue_id=issue_id))


@bp.post("/issues/<int:issue_id>/delete")
@login_required
def delete(issue_id: int):
    issue = _viewable(issue_id)
    delete_draft(current_user, issue)
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("issues.index"))


def _viewable(issue_id: int):
    """The question, or 404 for one the user may not even know about."""
    issue = queries.load_issue(issue_id)
    if not access.can_view_issue(current_user, issue):
        abort(404)
    return issue


def _submitting() -> bool:
    return request.form.get("action") == "submit"


def _updating_choices() -> bool:
    """The form asked for its network's choices ("Update the choices", or htmx): shown
    again with what was typed, never saved nor judged."""
    return (request.method == "POST" and "update_choices" in request.form) or (
        request.method == "GET" and is_htmx() and "network" in request.args
    )


def _submitted_message(issue) -> str:
    return _("The question is submitted as %(ref)s.", ref=issue.reference)


def _form_page(form, issue, status: int, **extra):
    network_ids = {issue.network_id} if issue else access.representing_network_ids(current_user)
    return render(
        "issues/form.html",
        "issues/_network_choices.html" if _updating_choices() else None,
        status=status,
        form=form,
        issue=issue,
        coming=queries.coming_meetings(network_ids),
        now=utcnow(),
        similar_results=similar_for_form(current_user, form, issue),
        **extra,
    )


def _stale_form_page(issue, sent_form, message: str):
    """Someone changed the question first: show its current state, keep what was typed."""
    issue = queries.load_issue(issue.id)
    form = EditIssueForm(formdata=None, data=issue_form_data(issue))
    form.set_choices(queries.form_choices(current_user, issue), issue.desired_meeting_id)
    return _form_page(
        form,
        issue,
        409,
        conflict=message,
        sent={"title": sent_form.title.data, "description": sent_form.description.data},
    )


def _show_context(issue, withdraw_form) -> dict:
    user = current_user
    may_edit = access.can_edit_issue(user, issue)
    may_withdraw = may_edit and lifecycle.allowed(issue.status, IssueStatus.WITHDRAWN) is not None
    # Once the question's meeting has begun its agenda item stays, and so does the question.
    withdraw_refused = withdrawal_refused(issue.agenda_item) if may_withdraw else None
    carrier = issue.merged_into.agenda_item if issue.merged_into is not None else None
    events = queries.history(issue.id)
    discussed = queries.published_item(issue)
    if discussed is None and not access.is_coordinator(user, issue.network_id):
        # Draft minutes are the coordinators'; outcomes that older versions wrote on the
        # question while the minutes were a draft wait for publishing too.
        events = [event for event in events if event.action != "outcome"]
    return {
        "issue": issue,
        "events": events,
        "discussed": discussed,
        "last_change": next((e for e in reversed(events) if e.action == "status"), None),
        "withdraw_form": withdraw_form,
        "show_assessment": access.is_coordinator(user, issue.network_id)
        or user.administration_id == issue.administration_id,
        "can_edit": may_edit and issue.status in lifecycle.EDITABLE_STATUSES,
        "can_unmerge": issue.status == IssueStatus.MERGED
        and access.is_coordinator(user, issue.network_id)
        and (carrier is None or removable(carrier)),
        "can_withdraw": may_withdraw and withdraw_refused is None,
        "withdraw_refused": withdraw_refused,
        "can_submit": may_edit and issue.status == IssueStatus.DRAFT,
        "item_starts_at": queries.item_start(issue.agenda_item),
        "invite_item": invitation_rules.invitable_item(user, issue.agenda_item),
        "can_delete": issue.status == IssueStatus.DRAFT
        and issue.reference is None
        and issue.submitter_id == user.id,
    }
