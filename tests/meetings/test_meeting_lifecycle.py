"""The meeting's life cycle: every (from, to) pair of statuses, allowed or refused."""

import itertools

import pytest
from sqlalchemy import func, select

from hallbarhet.errors import InvalidTransition
from hallbarhet.extensions import db
from hallbarhet.meetings.lifecycle import change_meeting_status
from hallbarhet.models import Event, MeetingStatus

M = MeetingStatus

ALLOWED = {
    (M.PLANNED, M.AGENDA_PUBLISHED),
    (M.PLANNED, M.CANCELLED),
    (M.AGENDA_PUBLISHED, M.CANCELLED),
    (M.PLANNED, M.HELD),
    (M.AGENDA_PUBLISHED, M.HELD),
    (M.HELD, M.MINUTES_PUBLISHED),
}
PAIRS = list(itertools.product(M, M))


def status_events(meeting):
    return db.session.scalars(
        select(Event).where(Event.meeting_id == meeting.id, Event.action == "status")
    ).all()


def meeting_in(world, status):
    meeting = world.neh_meeting
    meeting.status = status
    db.session.commit()
    return meeting


@pytest.mark.parametrize(("current", "target"), [p for p in PAIRS if p in ALLOWED])
def test_an_allowed_change_moves_the_meeting_and_records_the_event(world, current, target):
    meeting = meeting_in(world, current)
    change_meeting_status(meeting, target, world.coordinator, message="Varför")
    db.session.commit()
    db.session.expire_all()
    assert meeting.status == target
    [event] = status_events(meeting)
    assert (event.from_value, event.to_value) == (current.value, target.value)
    assert event.actor_id == world.coordinator.id and event.message == "Varför"


@pytest.mark.parametrize(("current", "target"), [p for p in PAIRS if p not in ALLOWED])
def test_a_refused_change_raises_and_changes_nothing(world, current, target):
    meeting = meeting_in(world, current)
    with pytest.raises(InvalidTransition):
        change_meeting_status(meeting, target, world.coordinator)
    assert not db.session.dirty and not db.session.new
    db.session.commit()
    db.session.expire_all()
    assert meeting.status == current
    assert db.session.scalar(select(func.count(Event.id)).where(Event.action == "status")) == 0
