"""A meeting's page, its agenda's changes, its print view and its calendar file."""

from urllib.parse import urlsplit

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access, page_cache
from ..auth.readers import current, reader_required
from ..errors import Conflict, Invalid
from ..invitations.rules import may_invite
from ..minutes import queries as minutes_queries
from ..models import ItemKind
from ..rendering import is_htmx, render
from ..urls import external_url
from . import (
    ics,
    network_views,  # noqa: F401  (its routes are on this blueprint)
    operations,
    queries,
)
from .blueprint import bp
from .changes import pending_changes
from .forms import (
    AddItemForm,
    AnnounceForm,
    ItemForm,
    MoveForm,
    PublishForm,
    RemoveForm,
    first_error,
)
from .reader_state import meeting_state
from .removal import has_begun

FULL = "meetings/show.html"
PARTIAL = "meetings/_agenda.html"


@bp.get("/meetings/<int:meeting_id>")
@reader_required
def show(meeting_id: int):
    reader = current()
    found = queries.visible_reading_or_404(reader, meeting_id)
    if is_htmx() or access.is_coordinator(reader, found.network_id):
        return render(FULL, **_context(queries.meeting_or_404(meeting_id)))
    # A participant's or representative's page: the same for every reader who sees the
    # same, so rendered once per state and language; a copy needs no meeting loaded.
    return page_cache.layout_page(
        "meeting",
        found.reading,
        (queries.shows_agenda(reader, found), may_invite(reader, found.network_id)),
        FULL,
        "meetings/_page.html",
        lambda: _context(queries.meeting_or_404(meeting_id)),
        meeting=found,
    )


@bp.get("/meetings/<int:meeting_id>/print")
@login_required
def print_view(meeting_id: int):
    meeting = queries.visible_meeting_or_404(current_user, meeting_id, agenda=False)
    shows_agenda = queries.shows_agenda(current_user, meeting)
    reading = meeting_state(meeting)
    state = repr((reading.state, shows_agenda))

    def respond():
        return make_response(
            page_cache.fragment(
                "meeting-print",
                state,
                lambda: render_template(
                    "meetings/print.html",
                    meeting=meeting,
                    agenda=queries.agenda_of(queries.with_its_agenda(meeting)),
                    shows_agenda=shows_agenda,
                ),
            )
        )

    return page_cache.conditional(state, reading.last_modified, respond)


@bp.get("/meetings/<int:meeting_id>.ics")
@login_required
def calendar(meeting_id: int):
    meeting = queries.visible_meeting_or_404(current_user, meeting_id, agenda=False)
    # The site's address, not the request's: the file is kept and its link followed later.
    url = external_url("meetings.show", meeting_id=meeting.id)
    host = urlsplit(request.host_url).hostname or "localhost"
    reading = meeting_state(meeting)
    state = repr((reading.state, url, host))

    def respond():
        body = page_cache.kept(
            "meeting-ics",
            state,
            lambda: ics.meeting_calendar(queries.with_its_agenda(meeting), url=url, host=host),
        )
        response = make_response(body)
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = f'attachment; filename="{ics.filename(meeting)}"'
        return response

    return page_cache.conditional(state, reading.last_modified, respond)


@bp.post("/meetings/<int:meeting_id>/items/<int:item_id>/move")
@login_required
def move(meeting_id: int, item_id: int):
    meeting, item = _editable(meeting_id, item_id)
    form = MoveForm()
    if not form.validate():
        return _agenda_response(meeting, 422, message=first_error(form))
    title = item.title
    try:
        operations.move_item(current_user, meeting, item_id, form.direction.data, form.version.data)
    except (Conflict, Invalid) as error:
        return _refused(meeting_id, error)
    return _changed(
        meeting_id, item_id, _("Moved: %(title)s", title=title), direction=form.direction.data
    )


@bp.post("/meetings/<int:meeting_id>/items/<int:item_id>")
@login_required
def update(meeting_id: int, item_id: int):
    meeting, item = _editable(meeting_id, item_id)
    form = ItemForm()
    if not form.validate():
        if form.version.errors:
            return _agenda_response(meeting, 422, message=first_error(form))
        wrong = next(name for name in ("kind", "minutes", "presenter") if form[name].errors)
        focus = f"{wrong}-{item_id}"
        return _agenda_response(meeting, 422, form=form, form_item_id=item_id, focus=focus)
    title = item.title
    try:
        operations.update_item(
            current_user,
            meeting,
            item_id,
            form.version.data,
            minutes=form.minutes.data,
            presenter=form.presenter.data or "",
            kind=ItemKind(form.kind.data) if form.kind.data else None,
        )
    except (Conflict, Invalid) as error:
        return _refused(meeting_id, error)
    return _changed(meeting_id, item_id, _("Saved: %(title)s", title=title))


@bp.post("/meetings/<int:meeting_id>/items")
@login_required
def add(meeting_id: int):
    meeting = queries.meeting_or_404(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    form = AddItemForm()
    if not form.validate():
        if form.version.errors:
            return _agenda_response(meeting, 422, message=first_error(form))
        wrong = next(
            name for name in ("title", "kind", "minutes", "presenter") if form[name].errors
        )
        return _agenda_response(meeting, 422, add_form=form, focus=f"new-{wrong}")
    assert form.kind.data is not None  # InputRequired
    try:
        item = operations.add_item(
            current_user,
            meeting,
            form.version.data,
            title=form.title.data,
            kind=ItemKind(form.kind.data),
            minutes=form.minutes.data,
            presenter=form.presenter.data or "",
        )
    except (Conflict, Invalid) as error:
        return _refused(meeting_id, error)
    return _changed(
        meeting_id, item.id, _("Added: %(title)s", title=form.title.data), focus="new-title"
    )


@bp.post("/meetings/<int:meeting_id>/items/<int:item_id>/remove")
@login_required
def remove(meeting_id: int, item_id: int):
    meeting, item = _editable(meeting_id, item_id)
    form = RemoveForm()
    if not form.validate():
        return _agenda_response(meeting, 422, message=first_error(form))
    title, question = item.title, item.issue_id is not None
    after = queries.agenda_of(meeting).neighbour_of(item_id)
    try:
        operations.remove_item(current_user, meeting, item_id, form.version.data)
    except (Conflict, Invalid) as error:
        return _refused(meeting_id, error)
    announcement = (
        _("Back in the queue: %(title)s", title=title)
        if question
        else _("Taken off the agenda: %(title)s", title=title)
    )
    focus = f"save-{after}" if after is not None else "new-title"
    return _changed(meeting_id, after, announcement, focus=focus)


@bp.post("/meetings/<int:meeting_id>/publish")
@login_required
def publish(meeting_id: int):
    meeting = queries.meeting_or_404(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    form = PublishForm()
    if not form.validate():
        return _agenda_response(meeting, 422, message=first_error(form))
    try:
        count = operations.publish_agenda(current_user, meeting, form.version.data)
    except (Conflict, Invalid) as error:
        return _refused(meeting_id, error)
    flash(_("The agenda is published and mailed to %(count)s people.", count=count), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/announce")
@login_required
def announce(meeting_id: int):
    meeting = queries.meeting_or_404(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    form = AnnounceForm()
    if not form.validate():
        return _agenda_response(meeting, 422, message=first_error(form))
    try:
        count = operations.announce_changes(current_user, meeting, form.version.data)
    except (Conflict, Invalid) as error:
        return _refused(meeting_id, error)
    flash(_("The changes are announced and mailed to %(count)s people.", count=count), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


def _editable(meeting_id: int, item_id: int):
    """The meeting and item a change is about; permission and existence come before input."""
    meeting = queries.meeting_or_404(meeting_id)
    access.require_coordinator(current_user, meeting.network_id)
    item = next((each for each in meeting.items if each.id == item_id), None)
    if item is None:
        abort(404)
    return meeting, item


def _context(meeting, **extra) -> dict:
    can_edit = queries.can_edit(current_user, meeting)
    shows_agenda = queries.shows_agenda(current_user, meeting)
    return {
        "meeting": meeting,
        "agenda": queries.agenda_of(meeting),
        "shows_agenda": shows_agenda,
        "can_edit": can_edit,
        # Once the meeting has begun its items stay for the minutes (removal).
        "can_remove": can_edit and not has_begun(meeting),
        "kinds": operations.FREE_KINDS,
        # Only a published agenda has changes to announce, and only its coordinators may.
        "unannounced": can_edit and meeting.is_published and bool(pending_changes(meeting)),
        **({} if is_htmx() else _page_context(meeting, shows_agenda)),
        **extra,
    }


def _page_context(meeting, shows_agenda: bool) -> dict:
    """What the whole page shows around the agenda: the links, the follow-up of a coming
    meeting and the minutes (the htmx partial is the agenda alone)."""
    state = minutes_queries.minutes_state(meeting)
    follow_ups = []
    if meeting.is_upcoming and shows_agenda:
        follow_ups = minutes_queries.open_action_items(meeting.network_id, meeting)
    return {
        "sees_invitations": may_invite(current_user, meeting.network_id),
        "follow_ups": follow_ups,
        "minutes_state": state,
        "minutes": minutes_queries.minutes_of(meeting) if state == "published" else None,
    }


def _agenda_response(meeting, status: int, **extra):
    return render(FULL, PARTIAL, status=status, **_context(meeting, **extra))


def _refused(meeting_id: int, error: Conflict | Invalid):
    """The agenda as it is now, with the reason the change was not made."""
    meeting = queries.meeting_or_404(meeting_id)
    return _agenda_response(meeting, error.status_code, message=error.message)


def _changed(
    meeting_id: int,
    item_id: int | None,
    announcement: str,
    direction: str | None = None,
    focus: str | None = None,
):
    if not is_htmx():
        flash(announcement, "success")
        anchor = f"item-{item_id}" if item_id is not None else "agenda-heading"
        return redirect(url_for("meetings.show", meeting_id=meeting_id, _anchor=anchor))
    meeting = queries.meeting_or_404(meeting_id)
    agenda = queries.agenda_of(meeting)
    if focus is None:
        assert item_id is not None  # only a removal leaves no item, and it names the focus
        focus = _focus_after(agenda, item_id, direction)
    return _agenda_response(meeting, 200, announce=announcement, focus=focus)


def _focus_after(agenda: queries.Agenda, item_id: int, direction: str | None) -> str:
    """The control the keyboard user had, or its nearest neighbour when it went away."""
    row = agenda.row_of(item_id)
    if row is None or direction is None:
        return f"save-{item_id}"
    if direction == "up" and row.first:
        direction = "down"
    elif direction == "down" and row.last:
        direction = "up"
    if row.first and row.last:
        return f"save-{item_id}"
    return f"{direction}-{item_id}"
