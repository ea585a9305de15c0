"""The words the minutes use for outcomes, action items and due dates."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .models import ActionStatus, ItemOutcome
from .models.base import LOCAL_TZ, utcnow

OUTCOME = {
    ItemOutcome.DISCUSSED: _l("Discussed"),
    ItemOutcome.NEEDS_FOLLOW_UP: _l("Needs follow-up"),
    ItemOutcome.SENT_FOR_DECISION: _l("Sent for decision"),
    ItemOutcome.CONCLUDED: _l("Concluded"),
}

ACTION_STATUS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.DONE: _l("Done"),
}


def outcome_label(outcome: ItemOutcome | str | None) -> str:
    """The outcome's word; text that is no outcome (a refused form's) is shown as it came."""
    if outcome is None or outcome == "":
        return ""
    try:
        return str(OUTCOME[ItemOutcome(outcome)])
    except ValueError:
        return str(outcome)


def outcome_choices() -> list[tuple[str, str]]:
    return [(outcome.value, str(label)) for outcome, label in OUTCOME.items()]


def local_datetime(value: datetime) -> str:
    """2026-11-22 14:05, in messages built outside a template."""
    return value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def local_today() -> date:
    return utcnow().astimezone(LOCAL_TZ).date()


def due_words(due: date, today: date | None = None) -> str:
    """How far off a due date is, in words, so that being overdue is never told by colour."""
    days = (due - (today or local_today())).days
    if days < 0:
        return ngettext("Overdue by %(num)s day", "Overdue by %(num)s days", -days)
    if days == 0:
        return str(_l("Due today"))
    return ngettext("Due in %(num)s day", "Due in %(num)s days", days)


def is_overdue(due: date, today: date | None = None) -> bool:
    return due < (today or local_today())
