"""A meeting as a calendar file (RFC 5545), written by the icalendar library."""

from flask_babel import format_datetime
from flask_babel import gettext as _
from icalendar import Calendar, Event

from ..models import Meeting, MeetingStatus
from ..models.base import LOCAL_TZ, utcnow
from .budget import start_times

PRODID = "-//Hallbarhetsnatverket//Meetings//EN"


def uid(meeting: Meeting, host: str) -> str:
    """Stable across changes, so that calendars update the event instead of adding one."""
    return f"meeting-{meeting.id}@{host}"


def filename(meeting: Meeting) -> str:
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    return f"{meeting.network.slug}-{local:%Y-%m-%d}.ics"


def description(meeting: Meeting) -> str:
    parts = [meeting.theme_description.strip()] if meeting.theme_description.strip() else []
    if meeting.is_published:
        lines = [_("Agenda:")]
        times = start_times(meeting.starts_at, [item.allotted_minutes for item in meeting.items])
        for item, starts_at in zip(meeting.items, times, strict=True):
            title = item.title
            if item.issue is not None and item.issue.reference:
                title = f"{item.issue.reference} {title}"
            line = _(
                "%(time)s %(title)s (%(minutes)s min)",
                time=format_datetime(starts_at, "HH:mm"),
                title=title,
                minutes=item.allotted_minutes,
            )
            if item.presenter:
                line += f", {item.presenter}"
            lines.append(line)
        parts.append("\n".join(lines))
    else:
        parts.append(_("Agenda not yet published"))
    return "\n\n".join(parts)


def meeting_calendar(meeting: Meeting, *, url: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(meeting, host))
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.network.name}: {meeting.theme or meeting.name}")
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", description(meeting))
    # The version grows with every change, which is what SEQUENCE asks of a revised event.
    event.add("sequence", meeting.version)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
