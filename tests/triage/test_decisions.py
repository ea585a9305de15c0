"""Returning, parking, referring and declining a question with its message; a decision on a
stale version or a withdrawn question is a conflict; the card's forms carry the token."""

import re

import pytest
from flask import g
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.issues.operations import withdraw_issue
from hallbarhet.models import AgendaItem, Event, Issue, IssueStatus, OutboxMail
from tests.helpers import HX, card, count_statements, form_for, post, queued


@pytest.mark.parametrize(
    "route, status, message",
    [
        ("return", IssueStatus.RETURNED, "Beskriv budgeten."),
        ("park", IssueStatus.PARKED, "Till hösten."),
        ("park", IssueStatus.PARKED, ""),
        ("refer", IssueStatus.REFERRED, "newsletter"),
        ("decline", IssueStatus.DECLINED, "Ligger utanför uppdraget."),
    ],
)
def test_other_decisions_move_the_question_and_keep_the_message(
    client, world, login_as, route, status, message
):
    issue = queued(world)
    login_as("coordinator", lang="en")
    response = post(client, route, issue, form_for(route, issue, world, message=message), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and issue.reference in body
    assert 'role="status"' in body and '<section id="budgets"' in body
    assert db.session.get(Issue, issue.id).status == status
    event_ = db.session.scalar(select(Event).where(Event.action == "status"))
    assert (event_.from_value, event_.to_value, event_.message) == ("submitted", status, message)


@pytest.mark.parametrize("route", ["park", "refer"])
def test_a_decision_with_its_mail_reads_and_writes_few_statements(client, world, login_as, route):
    """The user, the question, the submitter's mail, the status, the event, then the coming
    meetings' budgets and the queue's counts, which also give the unfiltered queue's size."""
    issue = queued(world)
    login_as("coordinator")
    path, data = f"/triage/{issue.id}/{route}", form_for(route, issue, world)
    g.pop("_login_user", None)
    db.session.remove()  # a served request's fresh session
    with count_statements() as statements:
        response = client.post(path, data=data, headers=HX)
    assert response.status_code == 200
    assert len(statements) == 7, statements
    assert db.session.scalar(select(OutboxMail)) is not None


@pytest.mark.parametrize("route", ["return", "refer", "decline"])
@pytest.mark.parametrize("message", ["", "   ", "x" * 2001])
def test_a_decision_without_its_message_is_refused(client, world, login_as, route, message):
    issue = queued(world)
    login_as("coordinator")
    response = post(client, route, issue, form_for(route, issue, world, message=message))
    assert response.status_code == 422
    assert 'class="field__error"' in card(response.get_data(as_text=True), issue)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(Event).where(Event.action == "status")) is None


def test_park_note_may_not_be_too_long(client, world, login_as):
    issue = queued(world)
    login_as("coordinator")
    response = post(client, "park", issue, form_for("park", issue, world, message="x" * 2001))
    assert response.status_code == 422
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED


def test_scheduling_past_the_meetings_length_says_so_and_where_time_is_left(
    client, world, login_as
):
    # 120 minutes, standing items included: the question's 120 make it too long.
    meeting = world.neh_meeting
    taken = sum(item.allotted_minutes for item in meeting.items)
    issue = queued(world)
    data = form_for("schedule", issue, world, meeting=meeting.id, minutes="120")
    login_as("coordinator")
    response = post(client, "schedule", issue, data, htmx=True)
    body = " ".join(response.get_data(as_text=True).split())
    over = taken + 120 - meeting.duration_minutes
    assert response.status_code == 200
    assert f"Mötet blir {over} min för långt." in body
    assert "Nästa möte med tid kvar" not in body  # the later one has no room for 120 min
    # A question of 20 minutes fits the later meeting: it is offered.
    other = queued(world, "Buller vid skolorna")
    data = form_for("schedule", other, world, meeting=meeting.id, minutes="20")
    post(client, "schedule", other, data)
    page = " ".join(client.get("/triage").get_data(as_text=True).split())
    later_left = world.neh_later.duration_minutes - sum(
        item.allotted_minutes for item in db.session.get(type(meeting), world.neh_later.id).items
    )
    assert f"Mötet blir {over + 20} min för långt." in page
    assert f"Nästa möte med tid kvar: {world.neh_later.name}, {later_left} min." in page


def test_scheduling_within_the_length_says_nothing_of_it(client, world, login_as):
    issue = queued(world)
    data = form_for("schedule", issue, world, meeting=world.neh_meeting.id, minutes="15")
    login_as("coordinator")
    body = post(client, "schedule", issue, data, htmx=True).get_data(as_text=True)
    assert "för långt" not in body


# Someone else was first -------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["schedule", "return", "park", "refer", "decline"])
def test_stale_version_is_a_conflict_and_changes_nothing(client, world, login_as, route):
    issue = queued(world)
    stale = form_for(route, issue, world, version=issue.version - 1)
    login_as("coordinator", lang="en")
    response = post(client, route, issue, stale, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Another coordinator decided" in body and f'<article id="issue-{issue.id}"' in body
    assert "data-focus-now" in body and '<section id="budgets"' in body
    response = post(client, route, issue, stale)
    assert response.status_code == 409
    assert "Another coordinator decided" in response.get_data(as_text=True)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id.is_not(None))) is None
    assert db.session.scalar(select(Event).where(Event.action == "status")) is None


@pytest.mark.parametrize("route", ["schedule", "return", "park", "refer", "decline"])
def test_decision_on_a_withdrawn_question_is_a_conflict(client, world, login_as, route):
    issue = queued(world)
    form = form_for(route, issue, world)
    issue.status = IssueStatus.WITHDRAWN
    db.session.commit()
    form["version"] = issue.version
    login_as("coordinator", lang="en")
    response = post(client, route, issue, form, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Withdrawn" in body
    assert f'action="/triage/{issue.id}/' not in body
    response = post(client, route, issue, form)
    assert response.status_code == 409 and f'id="issue-{issue.id}"' in response.get_data(
        as_text=True
    )
    assert db.session.get(Issue, issue.id).status == IssueStatus.WITHDRAWN


@pytest.mark.parametrize("route", ["schedule", "park"])
def test_a_question_its_submitter_withdrew_meanwhile_says_who_did(client, world, login_as, route):
    # The coordinator's card is of the version before the representative withdrew it.
    issue = queued(world)
    form = form_for(route, issue, world)
    withdraw_issue(world.representative, issue, issue.version, "Vi löser det själva.")
    login_as("coordinator")
    for htmx in (True, False):
        response = post(client, route, issue, form, htmx=htmx)
        body = response.get_data(as_text=True)
        assert response.status_code == 409
        assert f"Rita Representant drog tillbaka {issue.reference} under tiden." in body
        assert "En annan samordnare" not in body
    assert db.session.get(Issue, issue.id).status == IssueStatus.WITHDRAWN


# The security token -----------------------------------------------------------------------------


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_the_cards_forms_carry_their_security_token(client, world, login_as):
    issue = queued(world)
    login_as("coordinator")
    page = client.get(f"/triage?open={issue.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', card(page, issue)).group(1)
    data = {"question": "affects_several", "answer": "yes"}
    assert post(client, "assess", issue, data).status_code == 400
    assert post(client, "assess", issue, {**data, "csrf_token": token}).status_code == 302
    decision = form_for("park", issue, world, csrf_token=token)
    assert post(client, "park", issue, decision, htmx=True).status_code == 200
    assert db.session.get(Issue, issue.id).status == IssueStatus.PARKED
