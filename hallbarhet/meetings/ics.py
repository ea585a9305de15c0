"""Meetings as calendar data (RFC 5545): one meeting as a file to import (written by the
icalendar library), and a network's meetings as a feed to subscribe to (written as text by
ics_text, for speed).

Both describe a meeting from the same plain record (CalendarMeeting), so that the feed can
build hundreds of them from two statements' rows without loading ORM objects."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event

from ..models import Meeting, MeetingStatus
from ..models.base import LOCAL_TZ, utcnow
from . import ics_text
from .budget import MeetingEnd, expected_end
from .lifecycle import PUBLISHED

PRODID = "-//Hallbarhetsnatverket//Meetings//EN"
# How often a subscribed calendar should fetch the feed again (RFC 7986, and Outlook's own).
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarItem:
    title: str
    minutes: int
    presenter: str = ""
    reference: str | None = None


@dataclass(frozen=True)
class CalendarMeeting:
    id: int
    slug: str
    starts_at: datetime
    duration_minutes: int
    place: str
    theme: str
    theme_description: str
    status: MeetingStatus
    version: int
    updated_at: datetime
    cancel_reason: str = ""
    items: tuple[CalendarItem, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.slug.upper()} {self.starts_at.astimezone(LOCAL_TZ):%Y-%m-%d}"

    @property
    def end(self) -> MeetingEnd:
        """The agenda's end once it is published (the calendar then follows it), else the
        planned end: an unpublished agenda is not told to participants."""
        allotted = sum(item.minutes for item in self.items) if self.status in PUBLISHED else 0
        return expected_end(self.starts_at, self.duration_minutes, allotted)

    @property
    def cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


def record_of(meeting: Meeting) -> CalendarMeeting:
    """The calendar's view of a meeting loaded with its agenda (queries.with_agenda)."""
    items = tuple(
        CalendarItem(
            title=item.title,
            minutes=item.allotted_minutes,
            presenter=item.presenter,
            reference=item.issue.reference if item.issue is not None else None,
        )
        for item in meeting.items
    )
    return CalendarMeeting(
        id=meeting.id,
        slug=meeting.network.slug,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        place=meeting.place,
        theme=meeting.theme,
        theme_description=meeting.theme_description,
        status=meeting.status,
        version=meeting.version,
        updated_at=meeting.updated_at,
        cancel_reason=meeting.cancel_reason,
        items=items,
    )


def uid(meeting_id: int, host: str) -> str:
    """Stable across changes, so that calendars update the event instead of adding one."""
    return f"meeting-{meeting_id}@{host}"


def filename(meeting: Meeting) -> str:
    return filename_of(meeting.network.slug, meeting.starts_at)


def filename_of(network_slug: str, starts_at: datetime) -> str:
    """A meeting's calendar file's name: its network and day, as the browser saves it."""
    return f"{network_slug}-{starts_at.astimezone(LOCAL_TZ):%Y-%m-%d}.ics"


def description(meeting: CalendarMeeting, words: dict[str, str] | None = None) -> str:
    """The theme's description and the agenda with start times, in the request's language.
    A feed passes words() once for all its meetings: it has thousands of agenda lines."""
    words = words or _words()
    parts = [meeting.theme_description.strip()] if meeting.theme_description.strip() else []
    if meeting.cancelled and meeting.cancel_reason.strip():
        parts.append(words["cancelled"] % {"summary": meeting.cancel_reason.strip()})
    if meeting.status in PUBLISHED:
        lines = [words["agenda"]]
        # Wall-clock arithmetic on the local start: what the agenda on the wall says.
        start = meeting.starts_at.astimezone(LOCAL_TZ)
        for item in meeting.items:
            title = f"{item.reference} {item.title}" if item.reference else item.title
            line = words["line"] % {
                "time": f"{start.hour:02d}:{start.minute:02d}",
                "title": title,
                "minutes": item.minutes,
            }
            if item.presenter:
                line += f", {item.presenter}"
            lines.append(line)
            start += timedelta(minutes=item.minutes)
        parts.append("\n".join(lines))
    elif not meeting.cancelled:
        parts.append(words["unpublished"])
    return "\n\n".join(parts)


def _words() -> dict[str, str]:
    # gettext without arguments gives the translated pattern, formatted here per use.
    return {
        "agenda": _("Agenda:"),
        "line": _("%(time)s %(title)s (%(minutes)s min)"),
        "unpublished": _("Agenda not yet published"),
        "cancelled": _("Cancelled: %(summary)s"),
    }


def event(
    meeting: CalendarMeeting, *, network_name: str, url: str, host: str, stamp: datetime
) -> Event:
    summary = f"{network_name}: {meeting.theme or meeting.name}"
    if meeting.cancelled:
        # Clients that keep showing a cancelled event then still say so in its title.
        summary = _("Cancelled: %(summary)s", summary=summary)
    component = Event()
    component.add("uid", uid(meeting.id, host))
    component.add("dtstamp", stamp)
    component.add("last-modified", meeting.updated_at)
    component.add("dtstart", meeting.starts_at)
    component.add("dtend", meeting.end.expected)
    component.add("summary", summary)
    if meeting.place:
        component.add("location", meeting.place)
    component.add("description", description(meeting))
    # The version grows with every change to the meeting or its agenda, which is what
    # SEQUENCE asks of a revised event.
    component.add("sequence", meeting.version)
    component.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    component.add("url", url)
    return component


def meeting_calendar(meeting: Meeting, *, url: str, host: str, network_name: str = "") -> bytes:
    """One meeting as a file to open or import once."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # A file imported once is a published object: its DTSTAMP is when it was made.
    calendar.add("method", "PUBLISH")
    record = record_of(meeting)
    calendar.add_component(
        event(
            record,
            network_name=network_name or meeting.network.name,
            url=url,
            host=host,
            stamp=utcnow(),
        )
    )
    return calendar.to_ical()


def network_calendar(
    name: str, meetings: list[CalendarMeeting], *, urls: dict[int, str], host: str
) -> bytes:
    """A network's meetings as a feed that calendars subscribe to and fetch again.

    No METHOD: a feed is a copy of a calendar store, not a scheduling message (RFC 5546's
    METHOD is for invitations and replies). Google Calendar ignores METHOD in a subscribed
    feed, and Outlook treats a METHOD:REQUEST or CANCEL as invitations to accept, so leaving
    it out is what both read as a plain subscription. Without METHOD, RFC 5545 makes
    DTSTAMP the time the event was last revised: the meeting's updated_at, so the feed is
    the same bytes until something changes, and a cancelled meeting stays in it with
    STATUS:CANCELLED (which both clients show as cancelled) instead of vanishing."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        f"NAME:{ics_text.text(name)}",
        f"X-WR-CALNAME:{ics_text.text(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{ics_text.duration(REFRESH)}",
        f"X-PUBLISHED-TTL:{ics_text.duration(REFRESH)}",
    ]
    chunks = ["".join(ics_text.fold(line) for line in lines)]
    words = _words()
    for meeting in meetings:
        chunks.append(
            _feed_event(meeting, network_name=name, url=urls[meeting.id], host=host, words=words)
        )
    chunks.append(ics_text.fold("END:VCALENDAR"))
    return "".join(chunks).encode()


def _feed_event(
    meeting: CalendarMeeting, *, network_name: str, url: str, host: str, words: dict[str, str]
) -> str:
    """The same properties as event() writes, as text."""
    summary = f"{network_name}: {meeting.theme or meeting.name}"
    if meeting.cancelled:
        summary = words["cancelled"] % {"summary": summary}
    ends_at = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    stamp = ics_text.utc(meeting.updated_at)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid(meeting.id, host)}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"DTSTART:{ics_text.utc(meeting.starts_at)}",
        f"DTEND:{ics_text.utc(ends_at)}",
        f"SUMMARY:{ics_text.text(summary)}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{ics_text.text(meeting.place)}")
    lines += [
        f"DESCRIPTION:{ics_text.text(description(meeting, words))}",
        f"SEQUENCE:{meeting.version}",
        f"STATUS:{'CANCELLED' if meeting.cancelled else 'CONFIRMED'}",
        f"URL:{url}",
        "END:VEVENT",
    ]
    return "".join(ics_text.fold(line) for line in lines)
