"""An operation that refuses leaves the session clean: nothing it added or changed stays
pending, and no transaction (or row lock) stays open for the view to end."""

from datetime import time

import pytest

from hallbarhet.errors import DomainError, Invalid
from hallbarhet.extensions import db
from hallbarhet.invitations.operations import Guest, invite
from hallbarhet.issues.operations import IssueInput, create_issue
from hallbarhet.meetings.operations import publish_agenda
from hallbarhet.meetings.planning.operations import (
    MeetingPlan,
    PlanRefused,
    cancel_meeting,
    edit_meeting,
)
from hallbarhet.models import AskedFor, IssueKind, MeetingForm


def assert_clean():
    assert not (db.session.new or db.session.dirty or db.session.deleted)
    assert not db.session().in_transaction()


def test_a_refused_new_question_leaves_nothing_behind(world):
    data = IssueInput(
        network_id=world.neh.id,
        title="Laddplatser",
        kind=IssueKind.DIALOGUE,
        asked_for=AskedFor.DIALOGUE,
        estimated_minutes=10_000,
    )
    with pytest.raises(Invalid):
        create_issue(world.representative, data, submit=True)
    assert_clean()


def test_a_refused_plan_change_ends_its_transaction_and_lock(world):
    meeting = world.neh_meeting
    local = meeting.starts_at.astimezone(meeting.starts_at.tzinfo)
    plan = MeetingPlan(local.date(), time(9), 120, MeetingForm.PHYSICAL, "", theme="")
    with pytest.raises(PlanRefused):
        edit_meeting(world.coordinator, meeting, meeting.version, plan)
    assert_clean()


def test_a_refused_cancellation_leaves_the_session_clean(world):
    meeting = world.neh_meeting
    with pytest.raises(PlanRefused):
        cancel_meeting(world.coordinator, meeting, meeting.version, "")
    assert_clean()


def test_a_refused_publishing_leaves_the_session_clean(world):
    meeting = world.neh_meeting
    with pytest.raises(Invalid):
        publish_agenda(world.coordinator, meeting, meeting.version)
    assert_clean()


def test_a_refused_invitation_leaves_the_session_clean(world):
    guest = Guest(name="Kim", email="inte en adress")
    with pytest.raises(DomainError) as refused:
        invite(world.representative, world.neh_meeting, guest)
    assert refused.value.field == "email"
    assert_clean()
