"""A network's pages in the meetings area: its standing-item template and its calendar feed."""

from urllib.parse import urlsplit

from flask import flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..errors import Conflict, Invalid
from ..rendering import is_htmx, render
from . import feed, queries, standing
from .blueprint import bp
from .forms import StandingItemsForm

FULL = "meetings/standing_items.html"
PARTIAL = "meetings/_standing_items.html"


@bp.get("/networks/<slug>/standing-items")
@login_required
def standing_items(slug: str):
    network = queries.network_or_404(slug)
    access.require_coordinator(current_user, network.id)
    return render(FULL, PARTIAL, network=network, form=_form_of(network))


@bp.post("/networks/<slug>/standing-items")
@login_required
def save_standing_items(slug: str):
    network = queries.network_or_404(slug)
    access.require_coordinator(current_user, network.id)
    form = StandingItemsForm()
    if not form.validate():
        return render(FULL, PARTIAL, 422, network=network, form=form, focus=_first_error(form))
    rows, moved_to = form.wanted()
    try:
        changed = standing.save_standing_items(
            current_user, network, rows, form.rendered_from.data or ""
        )
    except Conflict as error:
        network = queries.network_or_404(slug)
        return render(
            FULL, PARTIAL, 409, network=network, form=_form_of(network), message=error.message
        )
    except Invalid as error:
        return render(FULL, PARTIAL, 422, network=network, form=form, message=error.message)
    if moved_to is not None:
        announcement = _("Moved: %(title)s", title=rows[moved_to][0])
    elif changed:
        announcement = _("The standing items are saved.")
    else:
        announcement = _("Nothing was changed.")
    if not is_htmx():
        flash(announcement, "success")
        return redirect(url_for("meetings.standing_items", slug=slug))
    network = queries.network_or_404(slug)
    focus = _focus_after_move(form.move.data, moved_to, len(rows)) or "new_title"
    return render(
        FULL, PARTIAL, network=network, form=_form_of(network), announce=announcement, focus=focus
    )


@bp.get("/networks/<slug>/meetings.ics")
@login_required
def network_calendar(slug: str):
    network = queries.member_network_or_404(current_user, slug)
    host = urlsplit(request.host_url).hostname or "localhost"
    result = feed.network_feed(network, host)
    response = make_response(result.body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{network.slug}-meetings.ics"'
    # Calendars fetch the feed again and again: they get 304 while nothing changed.
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(result.etag)
    return response.make_conditional(request)


def _form_of(network) -> StandingItemsForm:
    rows = [{"title": title, "minutes": minutes} for title, minutes in standing.rows_of(network)]
    return StandingItemsForm(
        formdata=None,
        data={"rows": rows, "rendered_from": standing.fingerprint(network), "new_minutes": 5},
    )


def _first_error(form: StandingItemsForm) -> str:
    for row in form.rows:
        for field in (row.form.title, row.form.minutes):
            if field.errors:
                return field.id
    for field in (form.new_title, form.new_minutes):
        if field.errors:
            return field.id
    return "new_title"


def _focus_after_move(move: str | None, moved_to: int | None, count: int) -> str | None:
    """The same button on the row that moved, or its other one at either end."""
    if not move or moved_to is None:
        return None
    direction = move.rsplit(":", 1)[1]
    if direction == "up" and moved_to == 0:
        direction = "down"
    elif direction == "down" and moved_to == count - 1:
        direction = "up"
    return f"{direction}-row-{moved_to}"
