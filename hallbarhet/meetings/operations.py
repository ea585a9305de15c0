"""What coordinators do with a meeting's agenda: order, adjust and publish it."""

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import access
from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import AgendaItem, ItemKind, Meeting, MeetingStatus, Network, User
from ..models.base import commit_or_conflict, utcnow
from ..models.events import record

ITEM_MINUTES_MAX = 480
EDITABLE = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)


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
    if not 0 <= minutes <= ITEM_MINUTES_MAX:
        raise Invalid(_("Allot between 0 and %(max)s minutes.", max=ITEM_MINUTES_MAX))
    if len(presenter) > 200 or (title is not None and not 1 <= len(title.strip()) <= 200):
        raise Invalid(_("The text is too long or empty."))
    unchanged = (
        minutes == item.allotted_minutes
        and presenter.strip() == item.presenter
        and (kind is None or kind == item.kind)
        and (title is None or title.strip() == item.title)
    )
    if unchanged:
        return
    before = f"{item.allotted_minutes} min, {item.presenter}"
    item.allotted_minutes = minutes
    item.presenter = presenter.strip()
    if kind is not None:
        item.kind = kind
    if title is not None:
        item.title = title.strip()
    _touch(meeting, user, "item_changed", item.title, before, f"{minutes} min, {item.presenter}")
    commit_or_conflict(lambda: changed_first(meeting))


def publish_agenda(user: User, meeting: Meeting, version: int) -> None:
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
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.published_at = utcnow()
    record(
        "status",
        user,
        meeting=meeting,
        from_value=MeetingStatus.PLANNED.value,
        to_value=MeetingStatus.AGENDA_PUBLISHED.value,
    )
    commit_or_conflict(lambda: changed_first(meeting))


def _editable_item(user: User, meeting: Meeting, item_id: int, version: int) -> AgendaItem:
    access.require_coordinator(user, meeting.network_id)
    _check_version(meeting, version)
    if meeting.status not in EDITABLE:
        message = (
            _("The meeting is cancelled; its agenda can no longer change.")
            if meeting.status == MeetingStatus.CANCELLED
            else _("The meeting has been held; its agenda can no longer change.")
        )
        raise Conflict(message, current=meeting)
    item = next((each for each in meeting.items if each.id == item_id), None)
    if item is None:
        raise NotFound(_("That item is not on this meeting's agenda."))
    return item


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
