"""Absolute links to the site, for mail: built on the site's public address (BASE_URL).

Outside debug mode and tests the app does not start without it (require_base_url), and
links never come from the request: its Host (or X-Forwarded-Host) header is whatever the
client sent, and a mailed invitation must not carry a valid token to another site."""

from urllib.parse import SplitResult, urlsplit

import click
from flask import Flask, current_app, url_for

# Besides the site's own host, the names a request may give outside debug mode: health
# checks and a reverse proxy on the same machine that passes its upstream's name.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def parse_base_url(base: str) -> SplitResult:
    """The parts of an http(s) site address such as "https://hallbarhet.kommun.se/natverk";
    RuntimeError for anything else."""
    parts = urlsplit(base.strip().rstrip("/"))
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise RuntimeError(
            f"BASE_URL is not an http(s) address of the site: {base!r} "
            "(e.g. HALLBARHET_BASE_URL=https://hallbarhet.kommun.se)"
        )
    return parts


def require_base_url(app: Flask) -> None:
    """At start: outside debug mode and tests the site's address is required (as the secret
    key is), and hosts other than its own (and the machine's) are refused with 400."""
    base = app.config.get("BASE_URL")
    if base:
        parts = parse_base_url(base)
    elif app.debug or app.testing:
        return
    else:
        raise RuntimeError(
            "BASE_URL is not set: set HALLBARHET_BASE_URL (or BASE_URL in instance/config.py) "
            "to the site's public address, e.g. https://hallbarhet.kommun.se; links in mail "
            "are built on it"
        )
    if app.config.get("TRUSTED_HOSTS") is None and not (app.debug or app.testing):
        app.config["TRUSTED_HOSTS"] = [parts.hostname, *LOCAL_HOSTS]


def require_site_address(what: str) -> None:
    """For a command run from cron in debug mode: there is no request to take the site's
    address from, and the mails it sends carry links. `what`: "the reminders", "the
    digests". (Outside debug mode the app does not start without BASE_URL.)"""
    if not (current_app.config.get("BASE_URL") or current_app.config.get("SERVER_NAME")):
        raise click.ClickException(
            "Set the site's public address first: HALLBARHET_BASE_URL, "
            f"e.g. https://hallbarhet.kommun.se (the links in {what} need it)."
        )


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of an endpoint on the site's public address (BASE_URL), also inside
    a request. Only in debug mode and tests, without BASE_URL, is the request's own address
    used (`make run` on 127.0.0.1), or SERVER_NAME outside a request."""
    base = current_app.config.get("BASE_URL")
    if not base:
        if not (current_app.debug or current_app.testing):
            raise RuntimeError("BASE_URL is not set: links in mail need the site's address")
        return url_for(endpoint, _external=True, **values)
    parts = parse_base_url(base)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
