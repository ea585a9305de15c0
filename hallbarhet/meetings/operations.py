"""What coordinators do with a meeting's agenda: add, order, adjust, remove, publish it."""

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import access
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..mail import announcements
from ..models import AgendaItem, ItemKind, Meeting, MeetingStatus, Network, User
from ..models.base import commit_or_conflict, refuses_cleanly, utcnow
from ..models.events import record
from ..triage.operations import unschedule
from .changes import pending_changes
from .lifecycle import UPCOMING, change_meeting_status
from .removal import require_removable

ITEM_MINUTES_MAX = 480
TITLE_MAX = 200
PRESENTER_MAX = 200
# What a coordinator may give an item; "standing" belongs to the network's template.
FREE_KINDS = tuple(kind for kind in ItemKind if kind != ItemKind.STANDING)


def standing_items(network: Network | None = None) -> list[tuple[str, int]]:
    """The items that frame every agenda of the network, as (title, minutes) in order.

    From the network's template (StandingItem) when it has one; otherwise opening, the
    administrations' round and the next meeting, stored in the municipality's language,
    whoever plans the meeting."""
    # A network not yet flushed has no template rows, and reading its collection does not
    # query the database.
    if network is not None and network.standing_items:
        return [(item.title, item.minutes) for item in network.standing_items]
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return [
            (_("Opening and today's agenda"), 5),
            (_("Round of the administrations"), 20),
            (_("Next meeting"), 5),
        ]


def plan_meeting(
    network: Network,
    starts_at: datetime,
    *,
    theme: str,
    theme_description="",
    duration_minutes=120,
    form=None,
    place="",
    actor: User | None = None,
) -> Meeting:
    """A new meeting with the network's standing items in place (opening first, next
    meeting last)."""
    meeting = Meeting(
        network=network,
        starts_at=starts_at,
        theme=theme,
        theme_description=theme_description,
        duration_minutes=duration_minutes,
        place=place,
        status=MeetingStatus.PLANNED,
    )
    if form is not None:
        meeting.form = form
    for position, (title, minutes) in enumerate(standing_items(network)):
        meeting.items.append(
            AgendaItem(
                position=position, title=title, kind=ItemKind.STANDING, allotted_minutes=minutes
            )
        )
    db.session.add(meeting)
    record("planned", actor, meeting=meeting, to_value=theme)
    return meeting


@refuses_cleanly
def move_item(user: User, meeting: Meeting, item_id: int, direction: str, version: int) -> None:
    item = _editable_item(user, meeting, item_id, version)
    items = list(meeting.items)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        raise Invalid(_("The item cannot move further."))
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items):
        if each.position != position:
            each.position = position
    _touch(meeting, user, "item_moved", item.title)
    commit_or_conflict(lambda: changed_first(meeting))


@refuses_cleanly
def update_item(
    user: User,
    meeting: Meeting,
    item_id: int,
    version: int,
    *,
    minutes: int,
    presenter: str,
    kind: ItemKind | None = None,
    title: str | None = None,
) -> None:
    item = _editable_item(user, meeting, item_id, version)
    _check_minutes(minutes)
    if len(presenter) > PRESENTER_MAX or (
        title is not None and not 1 <= len(title.strip()) <= TITLE_MAX
    ):
        raise Invalid(_("The text is too long or empty."))
    if kind is not None and (kind == ItemKind.STANDING) != (item.kind == ItemKind.STANDING):
        raise Invalid(
            _("A standing item keeps its kind, and other items cannot become standing items.")
        )
    unchanged = (
        minutes == item.allotted_minutes
        and presenter.strip() == item.presenter
        and (kind is None or kind == item.kind)
        and (title is None or title.strip() == item.title)
    )
    if unchanged:
        return
    before = _summary(item)
    item.allotted_minutes = minutes
    item.presenter = presenter.strip()
    if kind is not None:
        item.kind = kind
    if title is not None:
        item.title = title.strip()
    _touch(meeting, user, "item_changed", item.title, before, _summary(item))
    commit_or_conflict(lambda: changed_first(meeting))


@refuses_cleanly
def add_item(
    user: User,
    meeting: Meeting,
    version: int,
    *,
    title: str,
    kind: ItemKind,
    minutes: int,
    presenter: str = "",
) -> AgendaItem:
    """A free item (not a question): after the others, before a closing standing item."""
    access.require_coordinator(user, meeting.network_id)
    _check_version(meeting, version)
    _require_editable(meeting)
    title, presenter = title.strip(), presenter.strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise Invalid(_("Write a title of at most %(max)s characters.", max=TITLE_MAX))
    if kind not in FREE_KINDS:
        raise Invalid(_("Choose one of the kinds in the list."))
    _check_minutes(minutes)
    if len(presenter) > PRESENTER_MAX:
        raise Invalid(_("Write at most %(max)d characters.", max=PRESENTER_MAX))
    item = AgendaItem(
        position=_position_for_new_item(meeting),
        title=title,
        kind=kind,
        allotted_minutes=minutes,
        presenter=presenter,
    )
    meeting.items.append(item)
    _touch(meeting, user, "item_added", title, after=_summary(item))
    commit_or_conflict(lambda: changed_first(meeting))
    return item


@refuses_cleanly
def remove_item(user: User, meeting: Meeting, item_id: int, version: int) -> None:
    """Take an item off this meeting's agenda, with an Event that keeps what it was. A
    question's item goes with the question, back to the triage queue."""
    item = _editable_item(user, meeting, item_id, version)
    require_removable(item)
    if item.issue is not None:
        unschedule(user, item.issue, item.issue.version)
        return
    before = _summary(item)
    meeting.items.remove(item)
    for position, each in enumerate(meeting.items):
        if each.position != position:
            each.position = position
    _touch(meeting, user, "item_removed", item.title, before=before)
    commit_or_conflict(lambda: changed_first(meeting))


@refuses_cleanly
def publish_agenda(user: User, meeting: Meeting, version: int, *, notify: bool = True) -> int:
    """Publish the agenda and mail it to everyone; returns how many mails were queued.

    notify=False publishes without mail, for data loaded outside the app's use (the demo
    municipality), where there is nobody to tell and no site address for the links."""
    access.require_coordinator(user, meeting.network_id)
    _check_version(meeting, version)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(
            _("The meeting is cancelled; its agenda cannot be published."), current=meeting
        )
    if meeting.status != MeetingStatus.PLANNED:
        raise Conflict(_("The agenda is already published."), current=meeting)
    if not any(item.kind != ItemKind.STANDING for item in meeting.items):
        raise Invalid(_("Put at least one question or item on the agenda before publishing."))
    change_meeting_status(meeting, MeetingStatus.AGENDA_PUBLISHED, user)
    meeting.published_at = utcnow()
    # In the same transaction: the agenda is out exactly when its mails are in the outbox.
    count = announcements.mail_agenda(meeting) if notify else 0
    commit_or_conflict(lambda: changed_first(meeting))
    return count


@refuses_cleanly
def announce_changes(user: User, meeting: Meeting, version: int) -> int:
    """Mail everyone the agenda again with what changed since the last announcement (or
    since publishing) marked; returns how many mails went into the outbox."""
    access.require_coordinator(user, meeting.network_id)
    _check_version(meeting, version)
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED:
        raise Conflict(_not_announceable(meeting), current=meeting)
    changes = pending_changes(meeting)
    if not changes:
        raise Conflict(_("Every change has been announced already."), current=meeting)
    count = announcements.mail_agenda(meeting, changes)
    meeting.changed_announced_at = utcnow()
    record(
        "changes_announced",
        user,
        meeting=meeting,
        to_value=count,
        message=", ".join(changes.titles(meeting))[:2000],
    )
    commit_or_conflict(lambda: changed_first(meeting))
    return count


def _editable_item(user: User, meeting: Meeting, item_id: int, version: int) -> AgendaItem:
    access.require_coordinator(user, meeting.network_id)
    _check_version(meeting, version)
    _require_editable(meeting)
    item = next((each for each in meeting.items if each.id == item_id), None)
    if item is None:
        raise NotFound(_("That item is not on this meeting's agenda."))
    return item


def _require_editable(meeting: Meeting) -> None:
    if meeting.status not in UPCOMING:
        message = (
            _("The meeting is cancelled; its agenda can no longer change.")
            if meeting.status == MeetingStatus.CANCELLED
            else _("The meeting has been held; its agenda can no longer change.")
        )
        raise Conflict(message, current=meeting)


def _not_announceable(meeting: Meeting) -> str:
    if meeting.status == MeetingStatus.PLANNED:
        return _("The agenda is not yet published: publishing it mails everyone.")
    if meeting.status == MeetingStatus.CANCELLED:
        return _("The meeting is cancelled; its agenda can no longer change.")
    return _("The meeting has been held; its agenda can no longer change.")


def _check_minutes(minutes: int) -> None:
    if not 0 <= minutes <= ITEM_MINUTES_MAX:
        raise Invalid(_("Allot between 0 and %(max)s minutes.", max=ITEM_MINUTES_MAX))


def _position_for_new_item(meeting: Meeting) -> int:
    """After the last item, but before a closing standing item ("next meeting")."""
    items = meeting.items
    if len(items) > 1 and items[-1].kind == ItemKind.STANDING:
        closing = items[-1]
        position = closing.position
        closing.position = position + 1
        return position
    return items[-1].position + 1 if items else 0


def _summary(item: AgendaItem) -> str:
    return f"{item.allotted_minutes} min, {item.presenter}"


def _check_version(meeting: Meeting, version: int) -> None:
    if meeting.version != version:
        raise changed_first(meeting)


def changed_first(meeting: Meeting) -> Conflict:
    """The conflict to show when another coordinator's change to the agenda came first."""
    return Conflict(
        _(
            "Someone else changed this agenda while you had it open. "
            "Here it is as it is now; make your change again if it still applies."
        ),
        current=meeting,
    )


def _touch(meeting: Meeting, user: User, action: str, what: str, before=None, after=None):
    """Every agenda change moves the meeting's version on, so a stale form is refused."""
    meeting.updated_at = utcnow()
    record(action, user, meeting=meeting, from_value=before, to_value=after, message=what)
