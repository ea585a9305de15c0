"""Dates and times as people here read them: stored in UTC, shown in the local zone
(models.base.LOCAL_TZ, from BABEL_DEFAULT_TIMEZONE) as 2026-11-22, 14:05 and v. 47.

The template filters date, time, datetime, deadline, week and weekday and the test
passed are these functions.

A submission deadline is to the minute (the meeting's start less the network's lead days,
and refused from that minute on), so it is always shown with its time: format_deadline."""

from datetime import date, datetime

from flask_babel import format_datetime
from flask_babel import gettext as _

from .models.base import LOCAL_TZ, utcnow


def format_date(value: date | datetime | None) -> str:
    """2026-11-22; a moment by its local date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ)
    return value.strftime("%Y-%m-%d")


def format_time(value: datetime | None) -> str:
    """14:05, local."""
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%H:%M")


def local_datetime(value: datetime | None) -> str:
    """2026-11-22 14:05, local; also in messages built outside a template."""
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def format_deadline(value: datetime | None) -> str:
    """2026-11-22 at 14:05 (sv: kl. 14:05): a moment that is enforced to the minute."""
    if value is None:
        return ""
    return _("%(date)s at %(time)s", date=format_date(value), time=format_time(value))


def machine_readable(value: date | datetime) -> str:
    """The value of a <time datetime>: a moment to the second (HTML allows at most three
    digits of a second's fraction, Python writes six), a day as it is."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def is_passed(moment: datetime | None, now: datetime | None = None) -> bool:
    """Whether a deadline has passed: from its very minute on (planning.rules.deadline_passed)."""
    return moment is not None and (now or utcnow()) >= moment


def format_week(value: datetime | None) -> str:
    """v. 47: ISO 8601 weeks, as Swedish calendars number them (2026-12-28 is v. 53)."""
    if value is None:
        return ""
    return _("v. %(week)s", week=value.astimezone(LOCAL_TZ).isocalendar().week)


def format_weekday(value: datetime | None) -> str:
    """The day's name in the request's language and zone."""
    return "" if value is None else format_datetime(value, "EEEE")


def local_day(moment: datetime) -> date:
    """The local calendar day of a moment."""
    return moment.astimezone(LOCAL_TZ).date()


def local_today() -> date:
    return local_day(utcnow())


def is_overdue(due: date, today: date | None = None) -> bool:
    return due < (today or local_today())
