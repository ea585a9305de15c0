"""The signed-in person's own data: the page, the Events page by page, the download."""

import json

from flask import Blueprint, abort, make_response, render_template, request
from flask_login import current_user, login_required

from ..dates import local_today
from . import queries
from .export import personal_data

bp = Blueprint("account", __name__)


@bp.get("/account")
@login_required
def show():
    return render_template(
        "account/show.html",
        data=queries.overview(current_user),
        administrators=queries.administrators(),
        sign_in_method=queries.SIGN_IN_METHODS[queries.sign_in_method(current_user)],
        events_shown=queries.EVENTS_SHOWN,
        subject_of=queries.subject_of,
    )


@bp.get("/account/events")
@login_required
def events():
    page = request.args.get("page", 1, type=int)
    total = queries.event_count(current_user)
    pages = max(1, -(-total // queries.EVENTS_PER_PAGE))
    if not 1 <= page <= pages:
        abort(404)
    return render_template(
        "account/events.html",
        events=queries.events(
            current_user,
            limit=queries.EVENTS_PER_PAGE,
            offset=(page - 1) * queries.EVENTS_PER_PAGE,
        ),
        page=page,
        pages=pages,
        total=total,
        subject_of=queries.subject_of,
    )


@bp.get("/account/data.json")
@login_required
def data():
    body = json.dumps(personal_data(current_user), ensure_ascii=False, indent=2)
    response = make_response(body + "\n")
    response.mimetype = "application/json"
    filename = f"mina-uppgifter-{local_today().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: kept by no cache on the way, nor by the browser's.
    response.headers["Cache-Control"] = "no-store"
    return response
