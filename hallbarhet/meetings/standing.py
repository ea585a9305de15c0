"""A network's standing items: the template every meeting it plans from now on starts with.

A network without rows uses the defaults of operations.standing_items(); the first save
writes the template out as rows. The template is saved whole, as the coordinator sees it:
the form carries the ids and versions it was rendered from, and a template changed by
someone else in between is refused rather than mixed."""

from flask_babel import gettext as _

from .. import access
from ..errors import Conflict, Invalid
from ..models import Network, StandingItem, User
from ..models.base import commit_or_conflict, refuses_cleanly
from ..models.events import record
from .operations import ITEM_MINUTES_MAX, TITLE_MAX, standing_items

ROWS_MAX = 12
EVENT_VALUE_MAX = 200


def rows_of(network: Network) -> list[tuple[str, int]]:
    """The template as the network's next meeting would get it."""
    return standing_items(network)


def fingerprint(network: Network) -> str:
    """What a form was rendered from: empty for the defaults."""
    return ",".join(f"{item.id}:{item.version}" for item in network.standing_items)


@refuses_cleanly
def save_standing_items(
    user: User, network: Network, rows: list[tuple[str, int]], rendered_from: str
) -> bool:
    """Replace the network's template by rows (title, minutes) in order. Returns whether
    anything changed; meetings already planned keep the items they have."""
    access.require_coordinator(user, network.id)
    if rendered_from != fingerprint(network):
        raise changed_first(network)
    rows = [(title.strip(), minutes) for title, minutes in rows]
    if not rows:
        raise Invalid(
            _("Keep at least one standing item: a network without any gets the default items.")
        )
    if len(rows) > ROWS_MAX:
        raise Invalid(_("A template has at most %(max)s standing items.", max=ROWS_MAX))
    for title, minutes in rows:
        if not 1 <= len(title) <= TITLE_MAX:
            raise Invalid(_("Write a title of at most %(max)s characters.", max=TITLE_MAX))
        if not 0 <= minutes <= ITEM_MINUTES_MAX:
            raise Invalid(_("Allot between 0 and %(max)s minutes.", max=ITEM_MINUTES_MAX))
    before = rows_of(network)
    if rows == before and network.standing_items:
        return False
    existing = list(network.standing_items)
    for position, (title, minutes) in enumerate(rows):
        if position < len(existing):
            item = existing[position]
            if (item.title, item.minutes, item.position) != (title, minutes, position):
                item.title, item.minutes, item.position = title, minutes, position
        else:
            network.standing_items.append(
                StandingItem(position=position, title=title, minutes=minutes)
            )
    for surplus in existing[len(rows) :]:
        network.standing_items.remove(surplus)
    record(
        "standing_items",
        user,
        network=network,
        from_value=_summary(before)[:EVENT_VALUE_MAX],
        to_value=_summary(rows)[:EVENT_VALUE_MAX],
        message=f"{network.slug}: {_summary(rows)}",
    )
    commit_or_conflict(lambda: changed_first(network))
    return True


def changed_first(network: Network) -> Conflict:
    return Conflict(
        _(
            "Someone else changed the standing items while you had them open. Here they are "
            "as they are now; make your change again if it still applies."
        ),
        current=network,
    )


def _summary(rows: list[tuple[str, int]]) -> str:
    return "; ".join(f"{title} ({minutes} min)" for title, minutes in rows)
