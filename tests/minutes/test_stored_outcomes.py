"""An agenda item keeps its outcome (stored by value) and its action items."""

from datetime import date, timedelta

from sqlalchemy import text

from hallbarhet.extensions import db
from hallbarhet.models import ActionItem, ActionStatus, AgendaItem, ItemOutcome


def test_action_items_and_outcomes_are_kept_with_the_item(world):
    item = world.neh_meeting.items[1]
    item.outcome = ItemOutcome.NEEDS_FOLLOW_UP
    item.action_items.append(
        ActionItem(
            what="Ta fram underlag om solceller",
            responsible_administration=world.env,
            responsible_name="Rita Representant",
            due_date=date.today() + timedelta(days=60),
        )
    )
    db.session.commit()
    db.session.expire_all()

    item = db.session.get(AgendaItem, item.id)
    (action,) = item.action_items
    assert item.outcome is ItemOutcome.NEEDS_FOLLOW_UP
    assert action.status is ActionStatus.OPEN and action.version == 1 and action.done_at is None
    # Stored by value, in the same VARCHAR column as before.
    stored = db.session.execute(
        text("SELECT outcome FROM agenda_item WHERE id = :id"), {"id": item.id}
    ).scalar()
    assert stored == "needs_follow_up"
