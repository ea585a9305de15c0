"""Rendering pages the htmx way, and what every template may use.

render(full, partial=None, status=200, **context): the full page, or only the part that
    changed when htmx asks (same URL, Vary: HX-Request)
is_htmx(): whether the request is htmx's (and not a history restore)
"""

from flask import Flask, g, make_response, render_template, request
from flask_babel import get_locale

from . import access, labels
from .dates import (
    format_date,
    format_deadline,
    format_time,
    format_week,
    format_weekday,
    is_passed,
    local_datetime,
    machine_readable,
)
from .history import sentence


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


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        date=format_date,
        time=format_time,
        datetime=local_datetime,
        deadline=format_deadline,
        week=format_week,
        weekday=format_weekday,
        iso=machine_readable,
    )
    app.jinja_env.tests["passed"] = is_passed
    app.jinja_env.globals.update(
        labels=labels,
        access=access,
        get_locale=get_locale,
        event_sentence=sentence,
        product=labels.PRODUCT,
    )

    @app.context_processor
    def _globals():
        if "labels" not in g:
            g.labels = labels.Resolved()
        return {"municipality": app.config["MUNICIPALITY_NAME"], "labels": g.labels}

    @app.before_request
    def _request_start():
        g.htmx = is_htmx()
