"""/agenda: the next published agenda of each of the user's networks."""

from flask import Blueprint
from flask_login import current_user, login_required

from ..rendering import render
from . import queries, rendered_cache

bp = Blueprint("agenda", __name__)


@bp.get("/agenda")
@login_required
def index():
    entries = queries.next_agendas(current_user)
    return render(
        "agenda/index.html", entries=entries, sections=rendered_cache.published_sections(entries)
    )
