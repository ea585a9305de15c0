"""The administrators' pages: /admin (setting up, then keeping current), the outbox at
/admin/mail, and the history of what changed in the organisation at /admin/history. The
administrations', the networks', the people's (with the import) and the directory mapping's
pages are in organisation_views, network_views, people_views and directory_views, on this
blueprint."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..access import admin_required
from ..rendering import render
from . import (
    directory_views,  # noqa: F401  (its routes are on this blueprint)
    network_views,  # noqa: F401
    operations,
    organisation_views,  # noqa: F401
    people_views,  # noqa: F401
    queries,
)
from .blueprint import bp
from .forms import HistoryFilterForm


@bp.get("")
@admin_required
def index():
    return render(
        "admin/index.html",
        setup=queries.setup(),
        mail_counts=queries.outbox_counts(),
        people_url=people_url(),
    )


@bp.context_processor
def _area_links() -> dict:
    return {"people_url": people_url()}


def people_url() -> str:
    """The people's page, which the set-up list and the area's navigation link."""
    return url_for("admin.people")


@bp.get("/history")
@admin_required
def history():
    form = HistoryFilterForm(request.args)
    valid = form.validate()
    kind = (form.kind.data or None) if valid else None
    before = form.before.data if valid else None
    return render(
        "admin/history.html",
        status=200 if valid else 422,
        form=form,
        page=queries.admin_history(kind, before),
        kind=kind,
        first_page=before is None,
    )


@bp.get("/mail")
@admin_required
def mail():
    return render_template(
        "admin/mail.html", overview=queries.outbox_overview(), limit=queries.MAIL_ROWS
    )


@bp.post("/mail/retry")
@admin_required
def retry_mail():
    # A button with nothing to fill in: its CSRF token is checked before any view is called.
    count = operations.send_failed_mail_again(current_user)
    if count:
        message = ngettext(
            "%(num)s failed mail is back in the outbox: the mail worker sends it shortly.",
            "%(num)s failed mails are back in the outbox: the mail worker sends them shortly.",
            count,
        )
    else:
        message = _("No mail has failed: nothing to send again.")
    flash(message, "success")
    return redirect(url_for("admin.mail"))
