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


# Each pair is checked on a question of its own in one world per database, rather than in a
# test of its own: 121 worlds would cost more than the rule they check.


def test_every_allowed_change_moves_the_question_and_records_the_event(world):
    wrong = []
    for current, target in [p for p in PAIRS if p in ALLOWED]:
        issue = issue_in(world, current)
        who = "submitter" if (current, target) in SUBMITTER else "coordinator"
        if allowed(current, target) != who:
            wrong.append((current, target, "allowed", allowed(current, target)))
        change_status(issue, target, world.coordinator, "Varför")
        db.session.commit()
        db.session.expire_all()
        events = db.session.scalars(
            select(Event).where(Event.issue_id == issue.id, Event.action == "status")
        ).all()
        seen = (
            issue.status,
            [(e.from_value, e.to_value, e.actor_id, e.message) for e in events],
        )
        expected = (target, [(current.value, target.value, world.coordinator.id, "Varför")])
        if seen != expected:
            wrong.append((current, target, seen))
    assert wrong == []


def test_every_refused_change_raises_and_changes_nothing(world):
    wrong = []
    for current, target in [p for p in PAIRS if p not in ALLOWED]:
        issue = issue_in(world, current)
        if allowed(current, target) is not None:
            wrong.append((current, target, "allowed", allowed(current, target)))
        with pytest.raises(InvalidTransition):
            change_status(issue, target, world.coordinator)
        if db.session.dirty or db.session.new:
            wrong.append((current, target, "left changes in the session"))
        db.session.commit()
        db.session.expire_all()
        if issue.status != current:
            wrong.append((current, target, issue.status))
    assert db.session.scalar(select(func.count(Event.id)).where(Event.action == "status")) == 0
    assert wrong == []
