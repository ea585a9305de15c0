"""Published agendas rendered once per version and language, then served from the cache.

/agenda is what every participant opens before a meeting, and a published agenda changes
seldom: each change moves the meeting's version on (meetings/operations.py, triage's
schedule), so a copy keyed by meeting, version and language is current or not used at all.
What the copy shows from other rows (an administration's name) can lag by at most the
cache's timeout."""

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from ..extensions import cache
from . import queries
from .queries import NetworkAgenda


def _key(meeting_id: int, version: int, language: str) -> str:
    return f"agenda:{meeting_id}:{version}:{language}"


def published_sections(entries: list[NetworkAgenda]) -> dict[int, Markup]:
    """By meeting id, the HTML of each published agenda the entries name."""
    language = str(get_locale())
    wanted = {
        entry.published.id: _key(entry.published.id, entry.published.version, language)
        for entry in entries
        if entry.published is not None
    }
    if not wanted:
        return {}
    found = dict(zip(wanted, cache.get_many(*wanted.values()), strict=True))
    sections = {meeting_id: _rendered(html) for meeting_id, html in found.items() if html}
    missing = [meeting_id for meeting_id in wanted if meeting_id not in sections]
    for agenda in queries.published_agendas(missing):
        html = render_template("agenda/_published.html", agenda=agenda)
        # The version read with the agenda, not the one asked for: a change in between
        # must not be stored under the older key.
        cache.set(_key(agenda.meeting.id, agenda.meeting.version, language), html)
        sections[agenda.meeting.id] = _rendered(html)
    return sections


def _rendered(html: str) -> Markup:
    # Only ever the output of our own autoescaping template, as it was rendered.
    return Markup(html)  # noqa: S704  # nosec B704
