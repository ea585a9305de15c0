"""Readers' pages rendered once per state and language, and a revisit answered with 304.

Before a meeting everyone opens its agenda at once, and a published page changes seldom.
A page that can be kept names its state: a short string of everything it shows that can
change (versions and counts read in one statement, the day where the page depends on it,
the reader's own switches such as "may invite"). The part of the page inside the layout
is rendered once per state and language and kept in the app's cache (shared by every app
server when that is Redis); so is the whole page with its layout, once per kind of reader,
with what is one person's own (the name, the CSRF token) put in for each request.

The same state, with what the layout shows of the reader, is the page's ETag: a browser
that has the page asks again with If-None-Match and is answered 304 without anything
being rendered. Nothing is ever answered from an older state: a change moves the state on,
so a stale copy is not found, neither in the cache nor in the browser."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache as once
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from flask import Response, current_app, make_response, render_template, request, session
from flask_babel import get_locale
from markupsafe import Markup
from werkzeug.http import is_resource_modified

from . import rendering
from .auth import readers
from .extensions import cache

TEMPLATES = Path(__file__).parents[1] / "templates"
Kept = TypeVar("Kept", str, bytes)


@dataclass(frozen=True)
class ReaderState:
    """A page's state, and the latest change among the records it shows."""

    state: str
    last_modified: datetime | None


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


@once
def _release() -> str:
    """What the templates, translations and package are in this deployment, by content:
    an upgrade that changes a page's markup is never answered from a copy rendered before
    it, and every app server of one release names its copies alike."""
    try:
        package = version("hallbarhet")
    except PackageNotFoundError:  # pragma: no cover (run from a checkout without install)
        package = "0"
    sources = sorted(TEMPLATES.rglob("*.html")) + sorted(Path(__file__).parent.rglob("*.mo"))
    content = hashlib.sha256(package.encode())
    for path in sources:
        content.update(path.relative_to(TEMPLATES.parent).as_posix().encode())
        content.update(path.read_bytes())
    return content.hexdigest()[:32]


def kept(name: str, state: str, render: Callable[[], Kept]) -> Kept:
    """What render() gives for this state and language, made at most once."""
    key = f"page:{name}:{_digest(state, str(get_locale()), _release())}"
    found = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found)
    return found


def fragment(name: str, state: str, render: Callable[[], str]) -> Markup:
    """The HTML render() gives for this state and language, rendered at most once."""
    # Only ever the output of our own autoescaping templates, as it was rendered.
    return Markup(kept(name, state, render))  # noqa: S704  # nosec B704


def _reader() -> tuple:
    """What the layout shows of the signed-in reader (or that nobody is signed in)."""
    person = readers.current()
    if not person.is_authenticated:
        return ("guest",)
    memberships = sorted((m.network_id, m.role.value) for m in person.memberships)
    administration = person.administration
    return (
        person.id,
        person.name,
        person.is_admin,
        administration.short_name if administration else "",
        tuple(memberships),
    )


def conditional(
    state: str, last_modified: datetime | None, respond: Callable[[], Response]
) -> Response:
    """The response of respond(), with the page's ETag and Last-Modified, or 304 when the
    browser already has the page as it is. A page with a message to show once (a flash)
    is always sent whole."""
    etag = _digest(state, _reader(), str(get_locale()), _release(), request.full_path)
    flashes = "_flashes" in session
    # Only the ETag decides: Last-Modified is the latest change of the records shown, which
    # knows nothing of the reader's layout or of a deadline passing, so If-Modified-Since
    # alone is answered with the page.
    if not flashes and not is_resource_modified(request.environ, etag=etag):
        response = current_app.response_class(status=304)
    else:
        response = respond()
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    # Kept by the reader's own browser only, and asked for again on every visit.
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


def layout_page(
    name: str,
    reading: ReaderState,
    switches: tuple,
    template: str,
    partial: str,
    context: Callable[[], dict],
    **around,
) -> Response:
    """A kept page inside the layout: `partial`, rendered with context() at most once per
    state, the reader's switches (what differs between readers who see the same records)
    and language, kept under `name`, inside `template` rendered with `around`. The whole
    page is kept too, for each kind of reader (rendering.reader_kind), with the person's
    own parts put in for each request; a revisit with its ETag is a 304."""
    state = repr((reading.state, *switches))

    def whole() -> str:
        # The part kept for every reader holds none of one person's own parts (a form's
        # CSRF token is rendering.own("csrf")): they are put in for each request.
        page = fragment(
            name,
            state,
            lambda: rendering.layout_for_all(lambda: render_template(partial, **context())),
        )
        return render_template(template, page=page, **around)

    def respond() -> Response:
        if "_flashes" in session:  # a message to show once: this reader's layout alone
            return make_response(rendering.personal(whole()))
        layout = repr((state, rendering.reader_kind()))
        page = kept(f"{name}:layout", layout, lambda: rendering.layout_for_all(whole))
        return make_response(rendering.personal(page))

    return conditional(state, reading.last_modified, respond)
