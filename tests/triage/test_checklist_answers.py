"""Answering the checklist on a card: the answer recorded with an Event, the recommendation
and the suggested item shown, a second press clearing it, bad answers refused."""

import re

import pytest
from flask import g
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Assessment, Event, Issue, IssueStatus
from tests.helpers import HX, count_statements, form_for, post, queued


def test_answering_the_checklist_records_and_recommends(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    response = post(client, "assess", issue, {"question": "affects_several", "answer": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/triage#issue-{issue.id}")
    assessment = db.session.scalar(select(Assessment))
    assert assessment.affects_several is True and assessment.recommendation == "incomplete"
    assert assessment.assessed_by_id == world.coordinator.id
    event_ = db.session.scalar(select(Event).where(Event.action == "assessed"))
    assert (event_.issue_id, event_.message, event_.to_value) == (
        issue.id,
        "affects_several",
        "yes",
    )

    post(client, "assess", issue, {"question": "needs_dialogue", "answer": "no"})
    response = post(client, "assess", issue, {"question": "short_info", "answer": "yes"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<article id="issue-{issue.id}"')
    assert "short information item" in body
    assert re.search(r'id="issue-\d+-short_info-yes"[^>]*value=""[^>]*aria-pressed="true"', body)
    assert re.search(r'id="issue-\d+-short_info-no"[^>]*aria-pressed="false"', body)
    assert '<option selected value="short_information">' in body
    assert re.search(r'name="minutes"[^>]*value="10"', body)
    assert db.session.scalar(select(Assessment)).recommendation == "short_information"


@pytest.mark.parametrize(("first", "expected"), [(True, 8), (False, 7)])
def test_an_answer_on_a_card_reads_and_writes_few_statements(
    client, world, login_as, first, expected
):
    """The user, the card's question (not what the page keeps of its card: the affected
    administrations, the submitter), (on the first answer only: creating the assessment,)
    the assessment locked, the event, the answer, then the card's meetings and history."""
    issue = queued(world)
    login_as("coordinator")
    if not first:
        post(client, "assess", issue, {"question": "info_for_all", "answer": "yes"})
    path = f"/triage/{issue.id}/assess"
    g.pop("_login_user", None)
    db.session.remove()  # a served request's fresh session
    with count_statements() as statements:
        response = client.post(
            path, data={"question": "affects_several", "answer": "yes"}, headers=HX
        )
    assert response.status_code == 200
    assert len(statements) == expected, statements
    assessment = db.session.scalar(select(Assessment))
    assert (assessment.affects_several, assessment.info_for_all) == (True, None if first else True)


def test_pressing_an_answer_again_clears_it(client, world, login_as):
    issue = queued(world)
    login_as("coordinator")
    post(client, "assess", issue, {"question": "info_for_all", "answer": "yes"})
    post(client, "assess", issue, {"question": "info_for_all", "answer": ""})
    assert db.session.scalar(select(Assessment)).info_for_all is None
    assert db.session.scalar(select(Event).order_by(Event.id.desc())).to_value == "-"


@pytest.mark.parametrize(
    "data",
    [{"question": "colour", "answer": "yes"}, {"question": "short_info", "answer": "maybe"}, {}],
)
def test_a_checklist_answer_that_does_not_fit_is_refused(client, world, login_as, data):
    issue = queued(world)
    login_as("coordinator")
    response = post(client, "assess", issue, data, htmx=True)
    assert response.status_code == 422
    assert f'id="issue-{issue.id}"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Assessment)) is None


def test_assessing_a_withdrawn_question_is_a_conflict(client, world, login_as):
    issue = queued(world, status=IssueStatus.WITHDRAWN)
    login_as("coordinator", lang="en")
    response = post(client, "assess", issue, form_for("assess", issue, world), htmx=True)
    assert response.status_code == 409
    assert "no longer in the queue" in response.get_data(as_text=True)
    assert db.session.scalar(select(Assessment)) is None


def test_answering_the_checklist_leaves_the_decision_forms_current(client, world, login_as):
    issue = queued(world)
    version = issue.version
    login_as("coordinator")
    post(client, "assess", issue, {"question": "affects_several", "answer": "yes"}, htmx=True)
    response = post(client, "park", issue, {"version": version, "message": ""})
    assert response.status_code == 302
    assert db.session.get(Issue, issue.id).status == IssueStatus.PARKED
