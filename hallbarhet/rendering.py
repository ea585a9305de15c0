"""Rendering pages the htmx way, and what every template may use.

render(full, partial=None, status=200, **context): the full page, or only the part that
    changed when htmx asks (same URL, Vary: HX-Request)
is_htmx(): whether the request is htmx's (and not a history restore)
site_header(): the header every page of the layout opens with
layout_for_all(render), personal(html): a layout kept for every reader of a kind, and the
    person's own parts put into it
"""

from collections.abc import Callable

from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from . import access, labels
from .auth import readers
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


# What is one person's own in the layout (the CSRF token, the address to come back to, the
# name), put in after the layout is rendered (personal). Markup, so that they stand in the
# HTML as written: autoescaped text never holds a "<", so no title can contain one.
_MINE = {
    part: Markup(f"<mine-{part}>")  # noqa: S704  # nosec B704 (a constant)
    for part in ("csrf", "next", "name")
}
# Kinds of reader × pages × languages: a few hundred at most; past this the memo starts again.
_HEADERS_KEPT = 1000


def reader_kind() -> tuple:
    """What the layout shows differently between readers, but for their own parts: the
    language, the page and which links the reader's rights give."""
    user = readers.current()
    signed_in = bool(user.is_authenticated)
    return (
        str(get_locale()),
        request.script_root,
        request.endpoint or "",
        signed_in,
        signed_in and user.administration_id is not None,
        signed_in and bool(access.representing_network_ids(user)),
        signed_in and bool(access.coordinated_network_ids(user)),
        signed_in and user.is_admin,
    )


def site_header() -> Markup:
    """The site's header, rendered once per language, kind of reader and page in each app
    process, then given the person's name, CSRF token and address to come back to: the
    layout is most of what a kept page costs (page_cache). Rendered anew each time in
    debug mode, where templates change under a running server."""
    key = reader_kind()
    kept: dict = current_app.extensions.setdefault("site_headers", {})
    html = None if current_app.debug else kept.get(key)
    if html is None:
        html = render_template(
            "_site_header.html",
            reader={
                "signed_in": key[3],
                "administration": key[4],
                "represents": key[5],
                "coordinates": key[6],
                "admin": key[7],
            },
            endpoint=key[2],
            placeholders=_MINE,
        )
        if len(kept) >= _HEADERS_KEPT:
            kept.clear()
        kept[key] = html
    # Our own autoescaped template; a layout being kept gets the person's parts later.
    return Markup(html if g.get("layout_for_all") else personal(html))  # noqa: S704  # nosec B704


def own(part: str) -> str:
    """One of the person's own parts of the layout (base.html's CSRF token), or its
    placeholder while a layout for every reader of its kind is rendered."""
    if g.get("layout_for_all"):
        return _MINE[part]
    return _mine()[part]


def layout_for_all(render: Callable[[], str]) -> str:
    """The layout render() gives, the same for every reader of one kind (reader_kind): the
    person's own parts left as placeholders, to be put in by personal()."""
    before = g.get("layout_for_all", False)
    g.layout_for_all = True
    try:
        return render()
    finally:
        g.layout_for_all = before


def personal(html: str) -> str:
    """The layout with this request's person's own parts put in, escaped (so that none of
    them can hold a placeholder)."""
    for part, value in _mine().items():
        html = html.replace(_MINE[part], str(escape(value)))
    return html


def _mine() -> dict[str, str]:
    user = readers.current()
    name = ""
    if user.is_authenticated:
        administration = user.administration
        name = f"{user.name}, {administration.short_name}" if administration else user.name
    return {
        "csrf": generate_csrf(),
        "next": request.full_path if request.method == "GET" else "",
        "name": name,
    }


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
        site_header=site_header,
        own=own,
    )

    @app.context_processor
    def _globals():
        if "labels" not in g:
            g.labels = labels.Resolved()
        return {"municipality": app.config["MUNICIPALITY_NAME"], "labels": g.labels}

    @app.before_request
    def _request_start():
        g.htmx = is_htmx()
