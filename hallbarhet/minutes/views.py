"""The minutes screen, its per-item saves, action items, publishing and the print view."""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access, page_cache
from ..auth.readers import current, reader_required
from ..dashboard.queries import overview
from ..dates import is_overdue
from ..errors import Conflict, Invalid, InvalidField, NotAllowed, NotFound
from ..forms_common import show_refusal
from ..labels import due_words, outcome_choices, outcome_label
from ..meetings.forms import first_error
from ..meetings.queries import (
    meeting_or_404,
    visible_meeting_or_404,
    visible_reading_or_404,
)
from ..meetings.reader_state import MeetingReading
from ..models import MeetingStatus
from ..models.base import utcnow
from ..rendering import is_htmx, render
from . import operations, publishing, queries, revisions
from .forms import ActionForm, ItemMinutesForm, VersionForm

bp = Blueprint("minutes", __name__)

# The meeting page and the overview belong to other areas; they include this area's
# partials, which word what they show through these (the views load it).
for _function in (
    due_words,
    is_overdue,
    outcome_choices,
    outcome_label,
):
    bp.add_app_template_global(_function)

FULL = "minutes/edit.html"


@bp.get("/meetings/<int:meeting_id>/minutes")
@login_required
def edit(meeting_id: int):
    meeting = visible_meeting_or_404(current_user, meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    return render(FULL, **_context(meeting))


@bp.post("/meetings/<int:meeting_id>/minutes/items/<int:item_id>")
@login_required
def save_item(meeting_id: int, item_id: int):
    meeting, item = _coordinated(meeting_id, item_id)
    form = ItemMinutesForm()
    if not form.validate():
        return _item_response(meeting, item_id, 422, form=form, message=first_error(form))
    correcting = meeting.status == MeetingStatus.MINUTES_PUBLISHED
    published_before = revisions.latest_number(meeting)
    try:
        operations.save_item(
            current_user,
            meeting,
            item_id,
            form.version.data,
            notes=form.notes.data or "",
            outcome=form.outcome_value,
            reason=form.reason.data or "",
        )
    except InvalidField as error:
        show_refusal(form, error)
        return _item_response(meeting_id, item_id, 422, form=form, message=error.message)
    except (Conflict, Invalid) as error:
        # The text as saved first goes in the form; what this writer sent is shown under it.
        return _item_response(
            meeting_id, item_id, error.status_code, message=error.message, refused=form
        )
    if correcting:
        return _corrected(meeting_id, item_id, item.title, published_before)
    if not is_htmx():
        flash(_("Saved: %(title)s", title=item.title), "success")
        return _back(meeting_id, f"minutes-item-{item_id}")
    meeting = meeting_or_404(meeting_id)
    row = next(each for each in meeting.items if each.id == item_id)
    response = make_response(
        render_template(
            "minutes/_saved.html",
            meeting=meeting,
            item=row,
            saved_at=utcnow(),
            can_publish=publishing.can_publish(current_user, meeting),
        )
    )
    response.vary.add("HX-Request")
    return response


@bp.post("/meetings/<int:meeting_id>/minutes/items/<int:item_id>/actions")
@login_required
def add_action(meeting_id: int, item_id: int):
    meeting, item = _coordinated(meeting_id, item_id)
    form = ActionForm()
    form.set_choices(queries.administrations())
    if not form.validate():
        return _actions_response(meeting, item_id, 422, action_form=form)
    try:
        operations.add_action(
            current_user,
            meeting,
            item_id,
            what=form.what.data,
            administration_id=form.administration_id,
            responsible_name=form.responsible_name.data or "",
            due_date=form.due_date.data,
        )
    except InvalidField as error:
        show_refusal(form, error)
        return _actions_response(meeting_id, item_id, 422, action_form=form)
    except (Conflict, Invalid) as error:
        return _actions_response(
            meeting_id, item_id, error.status_code, action_form=form, action_message=error.message
        )
    announcement = _("Action item added under %(title)s.", title=item.title)
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        announcement = _(
            "Action item added under %(title)s and published as revision %(number)s of the "
            "minutes.",
            title=item.title,
            number=revisions.latest_number(meeting),
        )
    return _actions_changed(meeting_id, item_id, announcement)


@bp.post("/meetings/<int:meeting_id>/minutes/actions/<int:action_id>/remove")
@login_required
def remove_action(meeting_id: int, action_id: int):
    meeting = meeting_or_404(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    action = queries.action_or_none(action_id)
    if action is None or action.agenda_item.meeting_id != meeting.id:
        abort(404)
    item_id = action.agenda_item_id
    form = VersionForm()
    if not form.validate():
        return _actions_response(meeting, item_id, 422, action_message=first_error(form))
    try:
        what = operations.remove_action(current_user, meeting, action_id, form.version.data)
    except (Conflict, Invalid) as error:
        return _actions_response(
            meeting_id, item_id, error.status_code, action_message=error.message
        )
    return _actions_changed(meeting_id, item_id, _("Action item removed: %(what)s", what=what))


@bp.post("/meetings/<int:meeting_id>/minutes/publish")
@login_required
def publish(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    form = VersionForm()
    if not form.validate():
        return render(FULL, status=422, **_context(meeting, message=first_error(form)))
    version = form.version.data or 0  # validated: a whole number
    try:
        if request.form.get("empty") != "publish":
            empty = publishing.empty_items(current_user, meeting, version)
            if empty:
                # Asked first: these would go out with nothing written under them.
                return render(FULL, **_context(meeting, empty_items=empty))
        publishing.publish_minutes(current_user, meeting, version)
    except (Conflict, Invalid) as error:
        meeting = meeting_or_404(meeting_id)
        return render(FULL, status=error.status_code, **_context(meeting, message=error.message))
    flash(_("The minutes are published and mailed to the network."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting_id, _anchor="minutes-heading"))


@bp.get("/meetings/<int:meeting_id>/minutes/print")
@reader_required
def print_view(meeting_id: int):
    """The minutes to print: as they are now, or ?revision=N as that revision was published."""
    reader = current()
    found = visible_reading_or_404(reader, meeting_id)
    if found.status != MeetingStatus.MINUTES_PUBLISHED:
        # A coordinator's draft, as it is at this moment: never kept.
        if not access.is_coordinator(reader, found.network_id):
            raise NotFound(_("The minutes of this meeting are not yet published."))
        return render("minutes/print.html", **_print_context(meeting_or_404(meeting_id)))
    return _kept(found, "minutes/print.html", "minutes/_print_page.html", _print_context)


@bp.get("/meetings/<int:meeting_id>/minutes/revisions/<int:number>")
@reader_required
def revision(meeting_id: int, number: int):
    """One published revision of the minutes, exactly as it was published."""
    found = visible_reading_or_404(current(), meeting_id)

    def context(meeting):
        minutes = queries.minutes_of(meeting)
        found = _revision_or_404(meeting, minutes, str(number))
        return {"meeting": meeting, "minutes": minutes, "revision": found}

    return _kept(
        found, "minutes/revision.html", "minutes/_revision_page.html", context, number=number
    )


def _print_context(meeting) -> dict:
    minutes = queries.minutes_of(meeting)
    revision = None
    if "revision" in request.args:
        revision = _revision_or_404(meeting, minutes, request.args["revision"])
    return {"meeting": meeting, "minutes": minutes, "revision": revision}


def _kept(found: MeetingReading, template: str, partial: str, context, **around):
    """Published minutes, the same for all their readers: kept per state and address. A
    copy needs no meeting loaded (what the layout names of it is in its reading); the
    meeting with its agenda is loaded only to render one."""
    return page_cache.layout_page(
        partial,
        found.reading,
        (request.full_path,),
        template,
        partial,
        lambda: context(meeting_or_404(found.id)),
        meeting=found,
        **around,
    )


def _revision_or_404(meeting, minutes, number: str):
    """Published revisions are for everyone who sees the meeting; a draft has none."""
    found = None
    if minutes.published and number.isdigit():
        found = revisions.revision_or_none(meeting, int(number))
    if found is None:
        raise NotFound(_("These minutes have no such revision."))
    return found


def _corrected(meeting_id: int, item_id: int, title: str, published_before: int):
    """A correction is published at once; the minutes page shows the new revision (htmx is
    sent there too: the revision list and the "corrected" line change with it)."""
    number = revisions.latest_number(meeting_or_404(meeting_id))
    if number > published_before:
        flash(
            _(
                "The correction of “%(title)s” is published as revision %(number)s.",
                title=title,
                number=number,
            ),
            "success",
        )
    else:
        flash(_("Nothing changed in “%(title)s”: no correction to publish.", title=title), "info")
    if not is_htmx():
        return _back(meeting_id, f"minutes-item-{item_id}")
    response = make_response("", 200)
    response.headers["HX-Redirect"] = url_for(
        "minutes.edit", meeting_id=meeting_id, _anchor=f"minutes-item-{item_id}"
    )
    return response


def _coordinated(meeting_id: int, item_id: int):
    """The meeting and item a change is about; permission and existence before input."""
    meeting = meeting_or_404(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    item = next((each for each in meeting.items if each.id == item_id), None)
    if item is None:
        abort(404)
    return meeting, item


def _context(meeting, **extra) -> dict:
    return {
        "meeting": meeting,
        "minutes": queries.minutes_of(meeting),
        "administrations": queries.administrations(),
        "writable": _writable(meeting),
        "can_publish": publishing.can_publish(current_user, meeting),
        **extra,
    }


def _writable(meeting) -> bool:
    try:
        operations.require_writable(current_user, meeting)
    except Conflict:
        return False
    return True


def _fresh(meeting_or_id):
    """After a rollback the loaded meeting is expired: read it again."""
    if isinstance(meeting_or_id, int):
        return meeting_or_404(meeting_or_id)
    return meeting_or_id


def _item_response(meeting, item_id: int, status: int, **extra):
    """The whole item again (its form with the errors, or with the text saved first)."""
    meeting = _fresh(meeting)
    context = _context(meeting, form_item_id=item_id, **extra)
    if not is_htmx():
        return render(FULL, status=status, **context)
    context["item"] = next(each for each in meeting.items if each.id == item_id)
    response = render(FULL, "minutes/_item_body.html", status=status, **context)
    # The item form aims at its small status line; a refusal replaces the whole item.
    response.headers["HX-Retarget"] = f"#minutes-item-{item_id}"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


def _actions_response(meeting, item_id: int, status: int, **extra):
    meeting = _fresh(meeting)
    context = _context(meeting, form_item_id=item_id, **extra)
    context["item"] = next(each for each in meeting.items if each.id == item_id)
    return render(FULL, "minutes/_actions.html", status=status, **context)


def _actions_changed(meeting_id: int, item_id: int, announcement: str):
    if not is_htmx():
        flash(announcement, "success")
        return _back(meeting_id, f"actions-{item_id}")
    return _actions_response(
        meeting_id, item_id, 200, announce=announcement, focus=f"what-{item_id}"
    )


def _back(meeting_id: int, anchor: str):
    return redirect(url_for("minutes.edit", meeting_id=meeting_id, _anchor=anchor))


@bp.post("/action-items/<int:action_id>/done")
@login_required
def mark_done(action_id: int):
    action = queries.action_or_none(action_id)
    if action is None or action.agenda_item.meeting.network_id not in access.member_network_ids(
        current_user
    ):
        abort(404)
    if not operations.can_mark_done(current_user, action):
        raise NotAllowed(operations.not_responsible())
    form = VersionForm()
    status, message = 200, None
    if not form.validate():
        status, message = 422, first_error(form)
    else:
        try:
            operations.mark_done(current_user, action, form.version.data)
        except Conflict as error:
            status, message = error.status_code, error.message
        else:
            message = _("Marked done: %(what)s", what=action.what)
    if status == 200 and not is_htmx():
        flash(message, "success")
        return redirect(url_for("dashboard.index", _anchor="actions-heading"))
    if is_htmx():
        actions, total = queries.actions_for(current_user)
        context = {"actions": actions, "actions_total": total}
    else:
        context = overview(current_user)
    context["announce" if status == 200 else "message"] = message
    return render("dashboard/index.html", "dashboard/_actions.html", status=status, **context)
