"""What every request shares: locale, security headers, error pages, template helpers."""

import re
from datetime import date, datetime
from io import BytesIO

from flask import (
    Flask,
    Request,
    g,
    has_request_context,
    make_response,
    render_template,
    request,
    session,
)
from flask_babel import format_datetime, get_locale, lazy_gettext
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter

from . import access, labels
from .errors import DomainError
from .extensions import db, login_manager
from .history import sentence
from .models import Membership, User
from .models.base import LOCAL_TZ

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; "
    "frame-ancestors 'none'"
)


def select_locale() -> str:
    if not has_request_context():
        return "sv"
    if current_user and current_user.is_authenticated and current_user.language:
        return current_user.language
    return session.get("lang", "sv")


def select_timezone() -> str:
    return "Europe/Stockholm"


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render(full: str, partial: str | None = None, status: int = 200, **context):
    """The full page, or only the changed part when htmx asks (same URL, Vary set)."""
    template = partial if partial and is_htmx() else full
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


# Built once: every signed-in request runs it. One statement, since every page shows the
# user's administration and asks for the networks. The session's generation must be the
# account's current one (User.end_sessions), and the account active.
_USER = (
    select(User)
    .options(
        joinedload(User.administration),
        joinedload(User.memberships).joinedload(Membership.network),
    )
    .where(
        User.id == bindparam("user_id"),
        User.session_generation == bindparam("generation"),
        User.active.is_(True),
    )
)
_SESSION_ID = re.compile(r"([0-9]{1,10}):([0-9]{1,10})")


@login_manager.user_loader
def load_user(session_id: str):
    """The user of a session id from User.get_id; None (signed out) for an ended session,
    including one from before sessions carried a generation."""
    match = _SESSION_ID.fullmatch(session_id)
    if match is None:
        return None
    user_id, generation = int(match.group(1)), int(match.group(2))
    if user_id > 2**31 - 1 or generation > 2**31 - 1:
        return None
    values = {"user_id": user_id, "generation": generation}
    return db.session.scalars(_USER, values).unique().first()


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ)
    return value.strftime("%Y-%m-%d")


def _time(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%H:%M")


def _datetime(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def _week(value: datetime | None) -> str:
    # ISO 8601 weeks, as Swedish calendars number them (2026-12-28 is v. 53).
    if value is None:
        return ""
    return _("v. %(week)s", week=value.astimezone(LOCAL_TZ).isocalendar().week)


def _weekday(value: datetime | None) -> str:
    return "" if value is None else format_datetime(value, "EEEE")


def _error_page(status: int, title: str, message: str):
    if is_htmx():
        body = render_template("_error.html", status=status, title=title, message=message)
        response = make_response(body, status)
        # htmx 2 does not swap 4xx by default; send the message to the page's live region.
        response.headers["HX-Retarget"] = "#flash-region"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return render_template("error.html", status=status, title=title, message=message), status


class _FormDataParser(FormDataParser):
    """Werkzeug counts the fields of a multipart form only (MAX_FORM_PARTS); a urlencoded
    one, as every form here is, is counted here before it is parsed: a body of many empty
    fields costs a worker far more to parse than its size suggests, and counting the
    separators costs nothing."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        if self.max_form_parts is not None:
            body = stream.read()
            if body.count(b"&") >= self.max_form_parts:
                raise RequestEntityTooLarge()
            stream = BytesIO(body)
        return super()._parse_urlencoded(stream, mimetype, content_length, options)


class FormRequest(Request):
    form_data_parser_class = _FormDataParser


class IdConverter(IntegerConverter):
    """Ids are 32-bit database integers: a larger number is no page (404), not an error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.request_class = FormRequest
    app.url_map.converters["int"] = IdConverter
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see that page.")
    login_manager.login_message_category = "info"

    app.jinja_env.filters.update(
        date=format_date, time=_time, datetime=_datetime, week=_week, weekday=_weekday
    )
    app.jinja_env.globals.update(
        labels=labels, access=access, get_locale=get_locale, event_sentence=sentence
    )

    @app.context_processor
    def _globals():
        if "labels" not in g:
            g.labels = labels.Resolved()
        return {"municipality": app.config["MUNICIPALITY_NAME"], "labels": g.labels}

    @app.before_request
    def _request_start():
        g.htmx = is_htmx()

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        db.session.rollback()
        titles = {403: _("Not allowed"), 404: _("Not found"), 409: _("Someone else was first")}
        # An error that is not about who came first says what it is about.
        title = getattr(error, "title", None) or titles.get(error.status_code, _("Check"))
        return _error_page(error.status_code, str(title), error.message)

    @app.errorhandler(StaleDataError)
    def _stale(_error):
        db.session.rollback()
        return _error_page(
            409,
            _("Someone else was first"),
            _(
                "This was changed by someone else while you worked on it. "
                "Reload the page to see the current state, then try again."
            ),
        )

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return _error_page(
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
        messages = {
            400: (_("Bad request"), _("The request could not be understood.")),
            403: (_("Not allowed"), _("Your role does not give access to this page.")),
            404: (_("Not found"), _("There is nothing at this address.")),
            405: (_("Not allowed"), _("This address does not accept that kind of request.")),
            413: (
                _("Too large"),
                _(
                    "The form you sent was larger than any form here takes, so nothing of it "
                    "was saved. Go back, shorten the text and send it again."
                ),
            ),
            429: (_("Too many attempts"), _("Wait a moment and try again.")),
        }
        title, message = messages.get(error.code, (error.name, error.description))
        return _error_page(error.code or 500, title, message)

    @app.errorhandler(500)
    def _server_error(_error):
        db.session.rollback()
        return _error_page(
            500, _("Something went wrong"), _("The error has been logged. Please try again.")
        )
