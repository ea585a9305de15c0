"""The administrators' pages: /admin/mail shows the outbox and sends failed mail again."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..access import admin_required
from . import operations, queries

bp = Blueprint("admin", __name__, url_prefix="/admin")


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


from . import directory_views  # noqa: E402, F401  (its routes are on bp)
