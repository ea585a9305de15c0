"""The question's life cycle: every (from, to) pair of statuses, allowed or refused."""

import itertools

import pytest
from sqlalchemy import func, select

from hallbarhet.errors import InvalidTransition
from hallbarhet.extensions import db
from hallbarhet.issues.lifecycle import allowed, change_status
from hallbarhet.models import Event, IssueStatus
from tests.factories import make_issue

S = IssueStatus

SUBMITTER = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.RETURNED, S.SUBMITTED),
    (S.RETURNED, S.WITHDRAWN),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.SCHEDULED, S.WITHDRAWN),
    (S.PARKED, S.WITHDRAWN),
}
COORDINATOR = {
    (S.SUBMITTED, S.SCHEDULED),
    (S.SUBMITTED, S.RETURNED),
    (S.SUBMITTED, S.PARKED),
    (S.SUBMITTED, S.REFERRED),
    (S.SUBMITTED, S.DECLINED),
    (S.PARKED, S.SUBMITTED),
    (S.PARKED, S.SCHEDULED),
    (S.PARKED, S.REFERRED),
    (S.PARKED, S.DECLINED),
    (S.SUBMITTED, S.MERGED),
    (S.PARKED, S.MERGED),
    (S.MERGED, S.SUBMITTED),
    (S.SCHEDULED, S.SUBMITTED),
    (S.SCHEDULED, S.DISCUSSED),
    (S.DISCUSSED, S.CLOSED),
    (S.DISCUSSED, S.SUBMITTED),
}
ALLOWED = SUBMITTER | COORDINATOR
PAIRS = list(itertools.product(S, S))


def issue_in(world, status):
    issue = make_issue(world.neh, world.representative, status=status)
    db.session.commit()
    return issue


@pytest.mark.parametrize(("current", "target"), [p for p in PAIRS if p in ALLOWED])
def test_an_allowed_change_moves_the_question_and_records_the_event(world, current, target):
    issue = issue_in(world, current)
    assert allowed(current, target) == (
        "submitter" if (current, target) in SUBMITTER else "coordinator"
    )
    change_status(issue, target, world.coordinator, "Varför")
    db.session.commit()
    db.session.expire_all()
    assert issue.status == target
    [event] = db.session.scalars(
        select(Event).where(Event.issue_id == issue.id, Event.action == "status")
    ).all()
    assert (event.from_value, event.to_value) == (current.value, target.value)
    assert event.actor_id == world.coordinator.id and event.message == "Varför"


@pytest.mark.parametrize(("current", "target"), [p for p in PAIRS if p not in ALLOWED])
def test_a_refused_change_raises_and_changes_nothing(world, current, target):
    issue = issue_in(world, current)
    assert allowed(current, target) is None
    with pytest.raises(InvalidTransition):
        change_status(issue, target, world.coordinator)
    assert not db.session.dirty and not db.session.new
    db.session.commit()
    db.session.expire_all()
    assert issue.status == current
    assert db.session.scalar(select(func.count(Event.id)).where(Event.action == "status")) == 0
