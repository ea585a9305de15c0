"""An agenda item stays once its meeting has begun or anything is written under it: no
withdrawal, decision, merge, agenda change or cancellation takes it, or its notes, outcome
and action items, away (meetings.removal)."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from hallbarhet.errors import Conflict
from hallbarhet.extensions import db
from hallbarhet.meetings import removal
from hallbarhet.meetings.planning import rules
from hallbarhet.models import (
    ActionItem,
    AgendaItem,
    Event,
    Issue,
    IssueStatus,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    OutboxMail,
)
from hallbarhet.models.base import utcnow
from hallbarhet.triage import operations as triage
from tests.helpers import HX, form_for, post, queued
from tests.meetings.test_meeting_page import schedule_question
from tests.minutes_data import fresh, local_today, past_meeting, question_items, write

NOTES = "Nätverket gick igenom förslaget om gröna tak."
ACTION = "Ta fram en kostnadsberäkning"


def minutes_on(world, meeting_id: int, item_id: int) -> tuple:
    """Write notes, an outcome and an action item under the item; the meeting is then held."""
    meeting = db.session.get(Meeting, meeting_id)
    item = db.session.get(AgendaItem, item_id)
    due = local_today() + timedelta(days=14)
    write(world, meeting, item, NOTES, ItemOutcome.NEEDS_FOLLOW_UP, [(ACTION, world.env, due)])
    return NOTES, ItemOutcome.NEEDS_FOLLOW_UP, [ACTION]


@pytest.fixture(params=["begun", "held"])
def started(request, world):
    """A meeting that began yesterday with a question on its published agenda: nothing
    written yet ("begun"), or its minutes written ("held")."""
    meeting = past_meeting(world, days_ago=1, questions=[("Gröna tak", world.representative)])
    (item,) = question_items(meeting)
    state = SimpleNamespace(
        name=request.param, meeting_id=meeting.id, item_id=item.id, issue_id=item.issue_id
    )
    state.minutes = ("", None, [])
    if request.param == "held":
        state.minutes = minutes_on(world, meeting.id, item.id)
    # What the agenda builder and the cancellation say about a meeting in that state.
    state.refusal = "has already begun" if request.param == "begun" else "has been held"
    return state


def kept(state) -> AgendaItem:
    """The item is still in the database, on its meeting, with its question and its minutes."""
    db.session.expire_all()
    item = db.session.get(AgendaItem, state.item_id)
    assert item is not None, "the agenda item was deleted"
    assert (item.meeting_id, item.issue_id) == (state.meeting_id, state.issue_id)
    notes, outcome, actions = state.minutes
    assert (item.notes, item.outcome) == (notes, outcome)
    assert [action.what for action in item.action_items] == actions
    return item


def status_of(issue_id: int) -> IssueStatus:
    db.session.expire_all()
    return db.session.get(Issue, issue_id).status


def removed_events(meeting_id: int) -> int:
    return db.session.scalar(
        select(func.count(Event.id)).where(
            Event.meeting_id == meeting_id, Event.action == "item_removed"
        )
    )


def text(response) -> str:
    return response.get_data(as_text=True)


# The rule itself.


def test_an_item_is_removable_only_before_its_meeting_and_without_minutes(app, world):
    item = schedule_question(world, title="Solceller")
    assert removal.removable(item) and not removal.has_begun(item.meeting)
    removal.require_removable(item)
    for write_under in (
        lambda: setattr(item, "notes", "Antecknat."),
        lambda: setattr(item, "outcome", ItemOutcome.DISCUSSED),
        lambda: item.action_items.append(
            ActionItem(what="Utred", responsible_name="Kim", due_date=local_today())
        ),
    ):
        write_under()
        assert not removal.removable(item)
        with force_locale("en"), pytest.raises(Conflict) as refused:
            removal.require_removable(item)
        assert "“Solceller” already has minutes" in refused.value.message
        db.session.rollback()
        assert removal.removable(item)
    item.meeting.starts_at = utcnow() - timedelta(minutes=1)
    assert removal.has_begun(item.meeting) and not removal.removable(item)
    with force_locale("en"), pytest.raises(Conflict) as refused:
        removal.require_removable(item)
    assert f"{item.meeting.name} has already begun" in refused.value.message
    with force_locale("en"), pytest.raises(Conflict) as refused:
        removal.require_removable(item, by_submitter=True)
    assert "can no longer be withdrawn" in refused.value.message
    assert "Ask the network's coordinator" in refused.value.message
    db.session.rollback()
    for status in (MeetingStatus.HELD, MeetingStatus.MINUTES_PUBLISHED):
        item.meeting.status = status
        assert removal.has_begun(item.meeting) and not removal.removable(item)


# The representative withdraws.


def test_a_question_whose_meeting_began_cannot_be_withdrawn(client, login_as, started):
    version = db.session.get(Issue, started.issue_id).version
    login_as("representative")
    url = f"/issues/{started.issue_id}"
    response = client.post(f"{url}/withdraw", data={"version": version})
    assert response.status_code == 409
    assert "har redan börjat" in text(response) and "Be nätverkets samordnare" in text(response)
    login_as("representative", lang="en")
    page = text(client.get(url))
    assert "Withdraw the question" not in page and f'action="{url}/withdraw"' not in page
    assert "has already begun" in page and "Ask the network&#39;s coordinator" in page
    for headers in ({}, HX):
        response = client.post(f"{url}/withdraw", data={"version": version}, headers=headers)
        assert response.status_code == 409
        assert "can no longer be withdrawn" in text(response)
        assert 'id="issue-status"' in text(response)
        assert ("<html" in text(response)) != bool(headers)
    assert status_of(started.issue_id) == IssueStatus.SCHEDULED
    kept(started)
    assert removed_events(started.meeting_id) == 0


# The coordinator's decisions on the scheduled question.


@pytest.mark.parametrize("route", ["park", "refer", "decline"])
def test_parking_referring_or_declining_a_scheduled_question_keeps_its_item(
    client, world, login_as, started, route
):
    login_as("coordinator", lang="en")
    issue = db.session.get(Issue, started.issue_id)
    response = post(client, route, issue, form_for(route, issue, world))
    assert response.status_code == 409
    assert "is now “Scheduled” and cannot become" in text(response)
    assert status_of(started.issue_id) == IssueStatus.SCHEDULED
    kept(started)


def test_taking_a_question_off_an_agenda_that_began_is_refused(client, world, login_as, started):
    login_as("coordinator", lang="en")
    meeting = db.session.get(Meeting, started.meeting_id)
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert f'id="remove-{started.item_id}"' not in page
    standing = meeting.items[0]
    for item_id in (started.item_id, standing.id):
        for headers in ({}, HX):
            response = client.post(
                f"/meetings/{meeting.id}/items/{item_id}/remove",
                data={"version": meeting.version},
                headers=headers,
            )
            assert response.status_code == 409
            assert started.refusal in text(response)
    # The operation the agenda builder calls for a question refuses by itself too.
    issue = db.session.get(Issue, started.issue_id)
    with force_locale("en"), pytest.raises(Conflict) as refused:
        triage.unschedule(world.coordinator, issue, issue.version)
    assert f"{meeting.name} has already begun" in refused.value.message
    assert db.session.get(AgendaItem, standing.id) is not None
    assert status_of(started.issue_id) == IssueStatus.SCHEDULED
    kept(started)
    assert removed_events(started.meeting_id) == 0


# Cancelling the meeting.


def test_a_meeting_that_began_cannot_be_cancelled(client, world, login_as, started):
    login_as("coordinator", lang="en")
    meeting = db.session.get(Meeting, started.meeting_id)
    status, url = meeting.status, f"/meetings/{meeting.id}/cancel"
    data = {"version": meeting.version, "reason": "Det blev inget möte"}
    for response in (client.get(url), client.post(url, data=data)):
        assert response.status_code == 409
        assert started.refusal in text(response)
    semester = rules.Semester.of(rules.local_day(meeting.starts_at))
    plan = text(client.get(f"/meetings?semester={semester.key}"))
    assert f'id="meeting-{meeting.id}"' in plan and url not in plan
    meeting = fresh(meeting)
    assert (meeting.status, meeting.cancel_reason) == (status, "")
    assert len(meeting.items) == 4
    assert status_of(started.issue_id) == IssueStatus.SCHEDULED
    kept(started)
    told = select(OutboxMail).where(OutboxMail.template == "meeting_cancelled")
    assert db.session.scalars(told).all() == []


# Merging and taking apart.


def test_nothing_is_merged_into_an_item_whose_meeting_began(client, world, login_as, started):
    login_as("coordinator", lang="en")
    other = queued(world, "Gröna tak på skolorna", submitter=world.other_representative)
    into = db.session.get(Issue, started.issue_id)
    response = post(client, "merge", other, {"into": into.id, "version": other.version})
    assert response.status_code == 422
    assert f"{into.reference} is not on the agenda of a coming meeting" in text(response)
    other = db.session.get(Issue, other.id)
    assert (other.status, other.merged_into_id) == (IssueStatus.SUBMITTED, None)
    kept(started)


@pytest.mark.parametrize("state", ["begun", "held"])
def test_a_question_merged_into_an_item_that_began_stays_merged(client, world, login_as, state):
    item = schedule_question(world, title="Gröna tak")
    carrier = item.issue
    joined = queued(world, "Gröna tak på skolorna", submitter=world.other_representative)
    triage.merge(world.coordinator, joined, carrier, joined.version)
    meeting = fresh(world.neh_meeting)
    meeting.starts_at = utcnow() - timedelta(hours=1)
    meeting.status, meeting.published_at = MeetingStatus.AGENDA_PUBLISHED, utcnow()
    db.session.commit()
    started = SimpleNamespace(
        meeting_id=meeting.id, item_id=item.id, issue_id=carrier.id, minutes=("", None, [])
    )
    if state == "held":
        started.minutes = minutes_on(world, meeting.id, item.id)
    login_as("coordinator", lang="en")
    url = f"/issues/{joined.id}"
    assert "Take it apart again" not in text(client.get(url))
    response = client.post(f"/triage/{joined.id}/unmerge", data={"version": joined.version})
    assert response.status_code == 409
    assert f"{meeting.name} has already begun" in text(response)
    joined = db.session.get(Issue, joined.id)
    assert (joined.status, joined.merged_into_id) == (IssueStatus.MERGED, carrier.id)
    kept(started)
    agenda = text(client.get(f"/meetings/{meeting.id}"))
    names = re.search(r'<span class="agenda-item__from meta">(.*?)</span>', agenda, re.S).group(1)
    assert "Socialförvaltningen" in names and "Olle Representant" in names
