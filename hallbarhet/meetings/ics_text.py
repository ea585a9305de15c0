"""Writing iCalendar text (RFC 5545) directly, for the network feed.

The feed has hundreds of events of the same few properties; the icalendar library takes
about a second to build and serialise three hundred of them, so the feed writes its
properties itself: TEXT escaped (3.3.11), UTC DATE-TIME (3.3.5), lines folded at 75 octets
without splitting a character (3.1) and ended by CRLF. The tests parse the result back with
the icalendar library."""

from datetime import UTC, datetime, timedelta

CRLF = "\r\n"
FOLD_AT = 75


def text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return (
        "PT"
        + (f"{hours}H" if hours else "")
        + (f"{minutes}M" if minutes else "")
        + (f"{seconds}S" if seconds or not (hours or minutes) else "")
    )


def fold(line: str) -> str:
    """One content line, folded into lines of at most 75 octets (the continuation lines
    start with a space, which counts), each ended by CRLF."""
    encoded = line.encode()
    if len(encoded) <= FOLD_AT:
        return line + CRLF
    parts, start, limit = [], 0, FOLD_AT
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        # Back off to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
        while end < len(encoded) and encoded[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, FOLD_AT - 1
    return (CRLF + " ").join(parts) + CRLF
