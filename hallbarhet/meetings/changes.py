"""What changed on a published agenda since it was last announced.

Read from the agenda itself (items whose row was written after the last announcement) and
from the meeting's Events (items taken off, the meeting's details), so that nothing has to
remember it on the side. The mail that announces it: mail.announcements."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Event, Meeting

# Events on a meeting that change what its announced agenda says beyond its items' rows: items
# added or taken off, and the meeting's time, place or theme edited (planning.operations).
ITEM_ACTIONS = ("item_added", "item_removed")
DETAIL_ACTIONS = ("edited",)


@dataclass(frozen=True)
class Changes:
    """What changed on a published agenda since it was last announced."""

    since: datetime | None = None
    changed_item_ids: frozenset[int] = frozenset()
    removed: tuple[str, ...] = ()
    details: bool = False

    def __bool__(self) -> bool:
        return bool(self.changed_item_ids or self.removed or self.details)

    def titles(self, meeting: Meeting) -> list[str]:
        changed = [item.title for item in meeting.items if item.id in self.changed_item_ids]
        return changed + list(self.removed)


def pending_changes(meeting: Meeting) -> Changes:
    """The changes a new announcement would tell about; empty before publishing."""
    since = meeting.changed_announced_at or meeting.published_at
    if since is None:
        return Changes()
    changed = frozenset(item.id for item in meeting.items if item.updated_at > since)
    rows = db.session.execute(
        select(Event.action, Event.message)
        .where(
            Event.meeting_id == meeting.id,
            Event.created_at > since,
            Event.action.in_(ITEM_ACTIONS + DETAIL_ACTIONS),
        )
        .order_by(Event.id)
    ).all()
    added = {message for action, message in rows if action == "item_added"}
    # An item added and taken off again since the last announcement was never announced.
    removed = tuple(
        message for action, message in rows if action == "item_removed" and message not in added
    )
    details = any(action in DETAIL_ACTIONS for action, _message in rows)
    return Changes(since=since, changed_item_ids=changed, removed=removed, details=details)
