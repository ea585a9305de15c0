"""Similar questions show a viewer only what the viewer may open: no title, status or shared
word of another administration's question that is on no agenda, nor of anyone's draft."""

import itertools

import pytest
from sqlalchemy import select

from hallbarhet import access
from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus, User
from hallbarhet.similar.queries import find_similar
from tests.factories import make_issue

SECRET_WORD = "Grönyteutredningen"


@pytest.fixture
def prepared(world):
    """Another administration's question in the queue, with a word of its own in the text."""
    issue = make_issue(
        world.neh,
        world.other_representative,
        title="Skyfallsplan för Norra industriområdet",
        description=f"{SECRET_WORD} visar att skyfall översvämmar området.",
    )
    db.session.commit()
    return issue


def _ask(client, title, description=""):
    response = client.get(
        "/issues/similar",
        query_string={"title": title, "description": description},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_representative_sees_nothing_of_another_administrations_queued_question(
    client, login_as, prepared
):
    login_as("representative")
    body = _ask(client, "Skyfallsplan industriområdet", f"{SECRET_WORD} och skyfall")
    assert prepared.reference not in body
    assert "Norra industriområdet" not in body
    assert SECRET_WORD.lower() not in body.lower()
    assert "Inskickad" not in body


def test_a_participant_sees_nothing_of_a_queued_question_on_the_question_page(
    client, login_as, world, prepared
):
    on_agenda = make_issue(
        world.neh,
        world.participant,
        title="Skyfall i industriområdet",
        status=IssueStatus.SCHEDULED,
    )
    db.session.commit()
    login_as("participant")
    body = client.get(f"/issues/{on_agenda.id}").get_data(as_text=True)
    section = body[body.index('id="similar"') :]
    assert prepared.reference not in section
    assert SECRET_WORD.lower() not in section.lower()


def test_the_networks_coordinator_sees_and_may_open_it(client, login_as, prepared):
    login_as("coordinator")
    body = _ask(client, "Skyfallsplan industriområdet", f"{SECRET_WORD} och skyfall")
    assert f'href="/issues/{prepared.id}"' in body


def test_once_on_an_agenda_every_member_sees_it(client, login_as, prepared):
    prepared.status = IssueStatus.SCHEDULED
    db.session.commit()
    login_as("participant")
    body = _ask(client, "Skyfallsplan industriområdet")
    assert f'href="/issues/{prepared.id}"' in body


def test_every_listed_question_may_be_opened_by_its_viewer(app, world):
    """Whoever looks, each question found is one can_view_issue lets them open."""
    for status, author in itertools.product(
        list(IssueStatus), [world.representative, world.other_representative, world.participant]
    ):
        if status in (IssueStatus.WITHDRAWN, IssueStatus.MERGED):
            continue
        make_issue(world.neh, author, title=f"Skyfall och dagvatten {status.value}", status=status)
        make_issue(world.nsh, author, title=f"Skyfall i parken {status.value}", status=status)
    db.session.commit()
    for viewer in db.session.scalars(select(User)):
        found = find_similar(viewer, "Skyfall och dagvatten i parken", limit=100)
        assert all(access.can_view_issue(viewer, s.issue) for s in found), viewer.email


def test_the_condition_and_the_rule_agree_on_every_question_and_viewer(app, world):
    for status, author in itertools.product(
        list(IssueStatus),
        [world.representative, world.other_representative, world.participant],
    ):
        for network in (world.neh, world.nsh):
            make_issue(network, author, title=f"Fråga {status.value}", status=status)
    db.session.commit()
    issues = list(db.session.scalars(select(Issue)))
    for viewer in db.session.scalars(select(User)):
        allowed = set(db.session.scalars(select(Issue.id).where(access.viewable_issues(viewer))))
        expected = {issue.id for issue in issues if access.can_view_issue(viewer, issue)}
        assert allowed == expected, viewer.email
