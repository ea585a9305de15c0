"""/agenda: the next published agenda of each of the user's networks."""

from flask import Blueprint, make_response
from flask_login import current_user, login_required

from .. import page_cache
from ..rendering import render
from . import queries, rendered_cache

bp = Blueprint("agenda", __name__)


@bp.get("/agenda")
@login_required
def index():
    entries = queries.next_agendas(current_user)
    # What the page shows, as the rendered agendas are kept: each network's next published
    # agenda by version, or its next planned meeting. A revisit with it is a 304.
    state = repr(
        [
            (entry.network.id, entry.network.name, entry.published, entry.next_planned)
            for entry in entries
        ]
    )

    def respond():
        sections = rendered_cache.published_sections(entries)
        return make_response(render("agenda/index.html", entries=entries, sections=sections))

    return page_cache.conditional(state, None, respond)
