"""What coordinators write after a meeting: notes and outcomes per item, action items.

Every change checks the writer, the meeting (started, not cancelled) and the version the
writer saw; the first change marks the meeting held. Before the minutes are published they
are a draft, seen only by the network's coordinators: nothing is written on the question
until publishing. Afterwards a change is a correction, published at once as the next
revision (minutes.revisions) with the earlier ones kept readable, and nothing already
published is taken away."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm.attributes import flag_modified

from .. import access
from ..dates import local_datetime
from ..errors import Conflict, InvalidField, NotAllowed, NotFound
from ..extensions import db
from ..meetings.lifecycle import mark_held
from ..models import (
    ActionItem,
    ActionStatus,
    Administration,
    AgendaItem,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    User,
)
from ..models.base import LOCAL_TZ, commit_or_conflict, refuses_cleanly, utcnow
from ..models.events import record
from .queries import minutes_of
from .revisions import REASON_MAX, add_revision

NOTES_MAX = 20000
ACTION_MAX = 2000
RESPONSIBLE_MAX = 200


def meeting_date(meeting: Meeting) -> date:
    """The meeting's day in the municipality's time zone: due dates start there."""
    return meeting.starts_at.astimezone(LOCAL_TZ).date()


def require_writable(user: User, meeting: Meeting) -> None:
    """Minutes are the network's coordinators' to write, for a meeting that has begun."""
    access.require_coordinator(user, meeting.network_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting is cancelled; it has no minutes."), current=meeting)
    if meeting.starts_at > utcnow():
        raise Conflict(
            _(
                "The meeting has not started yet. Minutes can be written from %(when)s.",
                when=local_datetime(meeting.starts_at),
            ),
            current=meeting,
        )


@refuses_cleanly
def save_item(
    user: User,
    meeting: Meeting,
    item_id: int,
    version: int,
    *,
    notes: str,
    outcome: ItemOutcome | None,
    reason: str = "",
) -> AgendaItem:
    """The notes of one agenda item and, for a question, its outcome. Once the minutes are
    published, a change is a correction with an optional reason, published as the next
    revision."""
    require_writable(user, meeting)
    item = _item(meeting, item_id)
    notes = (notes or "").strip()
    reason = (reason or "").strip()
    if len(notes) > NOTES_MAX:
        raise InvalidField("notes", _("Write at most %(max)s characters.", max=NOTES_MAX))
    if len(reason) > REASON_MAX:
        raise InvalidField("reason", _("Write at most %(max)s characters.", max=REASON_MAX))
    if outcome is not None and item.issue is None:
        raise InvalidField("outcome", _("Only questions get an outcome."))
    if notes == item.notes and outcome == item.outcome:
        # A save of what is already there (pressed twice, or sent again on leaving the
        # field) is no change, whatever version it carries.
        return item
    if item.version != version:
        raise stale(item)
    published = meeting.status == MeetingStatus.MINUTES_PUBLISHED
    if published and outcome != item.outcome:
        raise InvalidField(
            "outcome",
            _(
                "The outcome moved the question on when the minutes were published; "
                "it can no longer change."
            ),
        )
    # One flush at the commit: an earlier one would write the item twice, and the second
    # write would move its time on.
    with db.session.no_autoflush:
        mark_held(meeting, user)
        if outcome != item.outcome:
            # On the meeting only: the question hears of its outcome when the minutes are
            # published (publishing.publish_minutes), not from a draft.
            before = item.outcome.value if item.outcome else None
            after = outcome.value if outcome else None
            record("outcome", user, meeting=meeting, from_value=before, to_value=after,
                   message=item.title)  # fmt: skip
            item.outcome = outcome
        if published:
            item.notes = notes
            number = add_revision(meeting, user, minutes_of(meeting), reason)
            record("minutes_corrected", user, meeting=meeting, to_value=number,
                   message=item.title)  # fmt: skip
        else:
            if notes != item.notes:
                record("minutes_written", user, meeting=meeting, message=item.title)
                item.notes = notes
            # Writing the minutes is no change of the agenda: the item keeps its time, so
            # the agenda does not mark it as changed after publishing. Corrections do.
            flag_modified(item, "updated_at")
    commit_or_conflict(lambda: _stale_after_rollback(item_id, version))
    return item


@refuses_cleanly
def add_action(
    user: User,
    meeting: Meeting,
    item_id: int,
    *,
    what: str,
    administration_id: int | None,
    responsible_name: str,
    due_date: date | None,
) -> ActionItem:
    """An action item under an agenda item: what, who is responsible, by when."""
    require_writable(user, meeting)
    item = _item(meeting, item_id)
    what = (what or "").strip()
    responsible_name = (responsible_name or "").strip()
    if not what:
        raise InvalidField("what", _("Write what is to be done."))
    if len(what) > ACTION_MAX:
        raise InvalidField("what", _("Write at most %(max)s characters.", max=ACTION_MAX))
    administration = None
    if administration_id is not None:
        administration = db.session.get(Administration, administration_id)
        if administration is None or not administration.active:
            raise InvalidField("administration", _("Choose an administration from the list."))
    if len(responsible_name) > RESPONSIBLE_MAX:
        raise InvalidField(
            "responsible_name", _("Write at most %(max)s characters.", max=RESPONSIBLE_MAX)
        )
    if administration is None and not responsible_name:
        raise InvalidField(
            "administration", _("Name the responsible administration, a person, or both.")
        )
    if due_date is None:
        raise InvalidField("due_date", _("Enter the due date as 2026-11-22."))
    if due_date < meeting_date(meeting):
        raise InvalidField(
            "due_date",
            _(
                "The due date cannot be before the meeting (%(date)s).",
                date=f"{meeting_date(meeting):%Y-%m-%d}",
            ),
        )
    with db.session.no_autoflush:
        mark_held(meeting, user)
        # By id, not through the item's collection: the item itself does not change, so
        # its version (carried by the item's notes form) stays valid.
        action = ActionItem(
            agenda_item_id=item.id,
            what=what,
            responsible_administration=administration,
            responsible_name=responsible_name,
            due_date=due_date,
        )
        db.session.add(action)
        corrected = meeting.status == MeetingStatus.MINUTES_PUBLISHED
        if corrected:
            # An action item added to published minutes is a correction too: the next
            # revision has it (the query does not see it before the commit).
            minutes = minutes_of(meeting)
            minutes.actions.setdefault(item.id, []).append(action)
            add_revision(meeting, user, minutes)
        record(
            "action_added_after" if corrected else "action_added",
            user,
            meeting=meeting,
            to_value=due_date.isoformat(),
            message=what,
        )
    commit_or_conflict(lambda: _meeting_changed(meeting.id))
    return action


@refuses_cleanly
def remove_action(user: User, meeting: Meeting, action_id: int, version: int) -> str:
    """Take back an action item written by mistake, while the minutes are a draft."""
    require_writable(user, meeting)
    action = _action_of(meeting, action_id)
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        raise Conflict(
            _("Published minutes keep their action items: mark it done instead."),
            current=meeting,
        )
    if action.version != version:
        raise Conflict(
            _("Someone else changed this action item first. Here it is as it is now."),
            current=meeting,
        )
    what = action.what
    record(
        "action_removed",
        user,
        meeting=meeting,
        from_value=action.due_date.isoformat(),
        message=what,
    )
    db.session.delete(action)
    commit_or_conflict(lambda: _meeting_changed(meeting.id))
    return what


def can_mark_done(user: User, action: ActionItem) -> bool:
    """The network's coordinators, and the representatives of the responsible
    administration in that network."""
    network_id = action.agenda_item.meeting.network_id
    if access.is_coordinator(user, network_id):
        return True
    return (
        action.responsible_administration_id is not None
        and user.administration_id == action.responsible_administration_id
        and network_id in access.representing_network_ids(user)
    )


def not_responsible() -> str:
    return _(
        "Only the network's coordinators and the responsible administration's "
        "representatives may mark it done."
    )


@refuses_cleanly
def mark_done(user: User, action: ActionItem, version: int) -> None:
    if not can_mark_done(user, action):
        raise NotAllowed(not_responsible())
    if action.status == ActionStatus.DONE:
        raise Conflict(
            _("It was already marked done on %(date)s.", date=local_datetime(action.done_at)),
            current=action,
        )
    if action.version != version:
        raise Conflict(
            _("Someone else changed this action item first. Here it is as it is now."),
            current=action,
        )
    action.status = ActionStatus.DONE
    action.done_at = utcnow()
    record(
        "action_done",
        user,
        meeting=action.agenda_item.meeting,
        from_value=ActionStatus.OPEN.value,
        to_value=ActionStatus.DONE.value,
        message=action.what,
    )
    commit_or_conflict(lambda: _action_changed(action.id))


def stale(item: AgendaItem) -> Conflict:
    """Two coordinators alternate as chair: the second save of one item is refused, and
    the page shows the text that was saved first."""
    return Conflict(
        _(
            "Someone else saved the minutes of “%(title)s” while you wrote. Here is their "
            "text; your text is shown below it, not saved. Combine them and save again.",
            title=item.title,
        ),
        current=item,
    )


def _stale_after_rollback(item_id: int, version: int) -> Conflict:
    item = db.session.get(AgendaItem, item_id)
    if item is not None and item.version != version:
        return stale(item)
    return _meeting_changed(item.meeting_id if item else None)


def _meeting_changed(meeting_id: int | None) -> Conflict:
    return Conflict(
        _("The meeting changed at the same moment. Check what you wrote and save again."),
        current=db.session.get(Meeting, meeting_id) if meeting_id else None,
    )


def _action_changed(action_id: int) -> Conflict:
    return Conflict(
        _("Someone else changed this action item first. Here it is as it is now."),
        current=db.session.get(ActionItem, action_id),
    )


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = next((each for each in meeting.items if each.id == item_id), None)
    if item is None:
        raise NotFound(_("That item is not on this meeting's agenda."))
    return item


def _action_of(meeting: Meeting, action_id: int) -> ActionItem:
    action = db.session.get(ActionItem, action_id)
    if action is None or action.agenda_item.meeting_id != meeting.id:
        raise NotFound(_("That action item is not in this meeting's minutes."))
    return action
