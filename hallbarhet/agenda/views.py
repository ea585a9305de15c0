"""/agenda: the next published agenda of each of the user's networks."""

from flask import Blueprint

from .. import page_cache
from ..auth.readers import current, reader_required
from ..meetings.reader_state import meeting_readings
from ..page_cache import ReaderState
from . import queries

bp = Blueprint("agenda", __name__)


@bp.get("/agenda")
@reader_required
def index():
    entries = queries.next_agendas(current())
    published = [entry.published.id for entry in entries if entry.published is not None]
    # What the page shows: per network its name and either everything its next published
    # agenda shows (the meeting's reader state, without the follow-up its own page has) or
    # its next planned meeting. Rendered once per state and language; a revisit is a 304.
    readings = {
        meeting_id: found.reading
        for meeting_id, found in meeting_readings(published, follow_up=False).items()
    }
    state = repr(
        [
            (
                entry.network.id,
                entry.network.name,
                entry.published and readings[entry.published.id].state,
                entry.next_planned,
            )
            for entry in entries
        ]
    )
    changes = [reading.last_modified for reading in readings.values() if reading.last_modified]
    return page_cache.layout_page(
        "agenda",
        ReaderState(state=state, last_modified=max(changes, default=None)),
        (),
        "agenda/index.html",
        "agenda/_page.html",
        lambda: {"entries": entries, "agendas": _agendas(published)},
    )


def _agendas(meeting_ids: list[int]) -> dict[int, queries.Agenda]:
    return {agenda.meeting.id: agenda for agenda in queries.published_agendas(meeting_ids)}
