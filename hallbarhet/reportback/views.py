"""The report back page of one administration, its print view and plain text for the
management group, and marking it reported."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access, page_cache
from ..errors import Conflict, Invalid
from ..rendering import render
from . import operations, queries
from .forms import ReportForm
from .state import report_state

bp = Blueprint("reportback", __name__)

# The action items still open from earlier meetings that the page lists before "Show all":
# the print view and the text, for the management group, list every one.
OPEN_SHOWN = 20


@bp.get("/administrations/<int:administration_id>/report-back")
@login_required
def show(administration_id: int):
    """Rendered once per state, language and reader's switches (page_cache); a revisit
    with its ETag is a 304."""
    administration = _visible(administration_id)
    every = request.args.get("open") == "all"
    network_ids = sorted(access.member_network_ids(current_user))
    since = queries.since_of(administration.id, network_ids)
    can_report = queries.can_report(current_user, administration)
    return page_cache.layout_page(
        "report-back",
        report_state(administration.id, network_ids, since),
        (every, can_report),
        "reportback/show.html",
        "reportback/_page.html",
        lambda: _context(administration, every, can_report),
        administration=administration,
    )


@bp.get("/administrations/<int:administration_id>/report-back/print")
@login_required
def print_view(administration_id: int):
    administration = _visible(administration_id)
    return render_template(
        "reportback/print.html", report=queries.report_of(current_user, administration)
    )


@bp.get("/administrations/<int:administration_id>/report-back.txt")
@login_required
def text(administration_id: int):
    """To paste into a mail or a document: shown in the browser, not downloaded."""
    administration = _visible(administration_id)
    body = render_template(
        "reportback/report.txt", report=queries.report_of(current_user, administration)
    )
    return Response(
        body.strip() + "\n", mimetype="text/plain", content_type="text/plain; charset=utf-8"
    )


@bp.post("/administrations/<int:administration_id>/report-back")
@login_required
def mark(administration_id: int):
    administration = queries.administration_or_none(administration_id)
    if administration is None:
        abort(404)
    form = ReportForm()
    seen = form.last_report.data if form.validate() else None
    try:
        operations.mark_reported(current_user, administration, seen)
    except (Conflict, Invalid) as error:
        return _page(administration, error.status_code, message=error.message)
    flash(_("Marked as reported to the management group."), "success")
    return redirect(url_for("reportback.show", administration_id=administration_id))


def _visible(administration_id: int):
    administration = queries.administration_or_none(administration_id)
    if administration is None or not queries.can_view(current_user, administration):
        abort(404)
    return administration


def _page(administration, status: int = 200, **extra):
    every = request.args.get("open") == "all"
    can_report = queries.can_report(current_user, administration)
    return render(
        "reportback/show.html",
        status=status,
        **_context(administration, every, can_report),
        **extra,
    )


def _context(administration, every: bool, can_report: bool) -> dict:
    report = queries.report_of(
        current_user, administration, open_shown=None if every else OPEN_SHOWN
    )
    return {"administration": administration, "report": report, "can_report": can_report}
