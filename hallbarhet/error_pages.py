"""The one place errors become pages: a domain error (errors.py) its 403, 404, 409 or 422
with the translated message, a stale write 409, an expired form 400, and every HTTP error
and 500 the site's own page, or, for htmx, the message in the page's live region."""

from flask import Flask, make_response, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, SecurityError

from .errors import DomainError
from .extensions import db
from .rendering import is_htmx


def error_page(status: int, title: str, message: str | None):
    if is_htmx():
        body = render_template("_error.html", status=status, title=title, message=message)
        response = make_response(body, status)
        # htmx 2 does not swap 4xx by default; send the message to the page's live region.
        response.headers["HX-Retarget"] = "#flash-region"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render_template("error.html", status=status, title=title, message=message), status


def too_large_words() -> tuple[str, str]:
    """The title and message of a 413: what was sent was larger than any form takes."""
    return (
        _("Too large"),
        _(
            "The form you sent was larger than any form here takes, so nothing of it "
            "was saved. Go back, shorten the text and send it again."
        ),
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        db.session.rollback()
        titles = {403: _("Not allowed"), 404: _("Not found"), 409: _("Someone else was first")}
        # An error that is not about who came first says what it is about.
        title = getattr(error, "title", None) or titles.get(error.status_code, _("Check"))
        return error_page(error.status_code, str(title), error.message)

    @app.errorhandler(StaleDataError)
    def _stale(_error):
        db.session.rollback()
        return error_page(
            409,
            _("Someone else was first"),
            _(
                "This was changed by someone else while you worked on it. "
                "Reload the page to see the current state, then try again."
            ),
        )

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return error_page(
            400,
            _("The form has expired"),
            _(
                "The form was missing its security token or it had expired. "
                "Go back, reload the page and send it again."
            ),
        )

    @app.errorhandler(SecurityError)
    def _untrusted_host(_error):
        # A Host (or X-Forwarded-Host) that is not the site's (TRUSTED_HOSTS): no URL can be
        # built for it, so no page either, only a short answer.
        response = make_response(_("This site is not served at this address."), 400)
        response.mimetype = "text/plain"
        return response

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code == 429 and error.response is not None:
            # A rate limit that renders its own page (the sign-in form) keeps it.
            return error.response
        # Keyed by the status; an HTTPException made without one has no code.
        messages: dict[int | None, tuple[str, str]] = {
            400: (_("Bad request"), _("The request could not be understood.")),
            403: (_("Not allowed"), _("Your role does not give access to this page.")),
            404: (_("Not found"), _("There is nothing at this address.")),
            405: (_("Not allowed"), _("This address does not accept that kind of request.")),
            413: too_large_words(),
            429: (_("Too many attempts"), _("Wait a moment and try again.")),
        }
        title, message = messages.get(error.code, (error.name, error.description))
        return error_page(error.code or 500, title, message)

    @app.errorhandler(500)
    def _server_error(_error):
        db.session.rollback()
        return error_page(
            500, _("Something went wrong"), _("The error has been logged. Please try again.")
        )
