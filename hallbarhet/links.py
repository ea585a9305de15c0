"""Absolute links to the site, for mail: in a request and in a command run from cron."""

from urllib.parse import urlsplit

import click
from flask import current_app, url_for


def require_site_address(what: str) -> None:
    """For a command run from cron: there is no request to take the site's address from,
    and the mails it sends carry links. `what`: "the reminders", "the digests"."""
    if not (current_app.config.get("BASE_URL") or current_app.config.get("SERVER_NAME")):
        raise click.ClickException(
            "Set the site's public address first: HALLBARHET_BASE_URL, "
            f"e.g. https://hallbarhet.kommun.se (the links in {what} need it)."
        )


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of an endpoint on the site's public address.

    BASE_URL (e.g. "https://hallbarhet.kommun.se") wins when it is set, also inside a
    request: behind the municipality's web server the request may name an internal host.
    Without it, the request's own address is used, or SERVER_NAME outside a request; a
    command without either fails with Flask's message, which names SERVER_NAME."""
    base = current_app.config.get("BASE_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base.rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RuntimeError(f"BASE_URL is not an http(s) address: {base!r}")
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
