"""When an agenda item may be taken off its agenda: the one rule every path asks.

Once its meeting has begun, an item is part of what the meeting was, and once anything is
written under it (notes, an outcome, action items) it is part of the minutes: then it stays,
with its question, whatever happens to the question or the agenda. Withdrawing or
unscheduling a question, removing an item in the agenda builder, cancelling a meeting and
taking a merged question apart all call require_removable() before they touch the item."""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..errors import Conflict
from ..models import AgendaItem, Meeting
from ..models.base import utcnow
from .lifecycle import BEGUN


class KeptInTheMinutes(Conflict):
    """Refused: the item belongs to a meeting that has begun, or to its minutes."""

    title = _l("Part of the minutes")


def has_begun(meeting: Meeting, now: datetime | None = None) -> bool:
    return meeting.status in BEGUN or meeting.starts_at <= (now or utcnow())


def has_minutes(item: AgendaItem) -> bool:
    return bool(item.notes) or item.outcome is not None or bool(item.action_items)


def removable(item: AgendaItem) -> bool:
    return not has_begun(item.meeting) and not has_minutes(item)


def require_removable(item: AgendaItem, *, by_submitter: bool = False) -> None:
    """Raise KeptInTheMinutes unless the item may go; by_submitter words it for the
    representative withdrawing the question, who has to ask a coordinator instead."""
    if removable(item):
        return
    raise KeptInTheMinutes(_refusal(item, by_submitter), current=item)


def withdrawal_refused(item: AgendaItem | None) -> str | None:
    """What the question's page says instead of offering to withdraw it; None when the
    item (if any) may go with the withdrawal."""
    if item is None or removable(item):
        return None
    return _refusal(item, by_submitter=True)


def _refusal(item: AgendaItem, by_submitter: bool) -> str:
    meeting = item.meeting
    if by_submitter:
        if has_begun(meeting):
            return _(
                "The meeting %(meeting)s has already begun, so the question is part of it "
                "and can no longer be withdrawn. Ask the network's coordinator to write in "
                "the minutes what becomes of it.",
                meeting=meeting.name,
            )
        return _(
            "Minutes have already been written about the question on the agenda of "
            "%(meeting)s, so it can no longer be withdrawn. Ask the network's coordinator "
            "to write in the minutes what becomes of it.",
            meeting=meeting.name,
        )
    if has_begun(meeting):
        return _(
            "%(meeting)s has already begun: “%(title)s” is part of the meeting and stays on "
            "its agenda as it is. Write in the minutes what becomes of it.",
            meeting=meeting.name,
            title=item.title,
        )
    return _(
        "“%(title)s” already has minutes (notes, an outcome or action items) and stays on "
        "the agenda of %(meeting)s as it is.",
        meeting=meeting.name,
        title=item.title,
    )
