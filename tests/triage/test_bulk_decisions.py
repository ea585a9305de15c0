"""Parking or referring several questions at once from the queue; a question someone else
decided first is reported and the rest done; a bad selection changes nothing."""

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Event, Issue, IssueStatus
from tests.helpers import card, queued


def selection(*issues):
    return [f"{issue.id}:{issue.version}" for issue in issues]


def test_park_several_at_once(client, world, login_as):
    first, second, third = (queued(world, f"Fråga {n}") for n in range(3))
    login_as("coordinator")
    response = client.post(
        "/triage/bulk",
        data={"action": "park", "message": "Till våren", "selected": selection(first, second)},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Parkerade: {first.reference}, {second.reference}" in page
    statuses = {i.id: i.status for i in db.session.scalars(select(Issue))}
    assert statuses[first.id] == statuses[second.id] == IssueStatus.PARKED
    assert statuses[third.id] == IssueStatus.SUBMITTED
    notes = db.session.scalars(
        select(Event.message).where(Event.issue_id == first.id, Event.action == "status")
    ).all()
    assert notes == ["Till våren"]


def test_refer_several_needs_where(client, world, login_as):
    first, second = queued(world, "A-fråga"), queued(world, "B-fråga")
    login_as("coordinator")
    response = client.post(
        "/triage/bulk",
        data={"action": "refer", "message": " ", "selected": selection(first, second)},
    )
    assert response.status_code == 422
    assert "Ange var frågorna hanteras i stället." in response.get_data(as_text=True)
    assert db.session.get(Issue, first.id).status == IssueStatus.SUBMITTED
    response = client.post(
        "/triage/bulk",
        data={"action": "refer", "message": "arbetsgrupp", "selected": selection(first, second)},
    )
    assert response.status_code == 302
    assert {i.status for i in db.session.scalars(select(Issue))} == {IssueStatus.REFERRED}


def test_a_bulk_question_decided_first_by_someone_else_is_reported_and_the_rest_done(
    client, world, login_as
):
    first, second = queued(world, "A-fråga"), queued(world, "B-fråga")
    stale = selection(first, second)
    first.status = IssueStatus.DECLINED  # another coordinator, meanwhile
    db.session.commit()
    login_as("coordinator")
    response = client.post(
        "/triage/bulk", data={"action": "park", "selected": stale}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert f"Parkerade: {second.reference}" in page
    assert f"En annan samordnare hann fatta beslut om {first.reference} före dig" in page
    assert db.session.get(Issue, first.id).status == IssueStatus.DECLINED
    assert db.session.get(Issue, second.id).status == IssueStatus.PARKED


@pytest.mark.parametrize(
    "selected, status, message",
    [
        ([], 422, "Markera minst en fråga."),
        (["1:x"], 422, "Markeringen gick inte att läsa."),
        ([f"{n}:1" for n in range(1, 150)], 422, "Markera högst 100 frågor åt gången."),
    ],
)
def test_bad_bulk_selections_change_nothing(client, world, login_as, selected, status, message):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.post("/triage/bulk", data={"action": "park", "selected": selected})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED


def test_a_bulk_selection_with_a_foreign_question_changes_nothing(client, world, login_as):
    own = queued(world, "Egen fråga")
    foreign = queued(world, "Social fråga", network=world.nsh)
    login_as("neh_coordinator")
    response = client.post(
        "/triage/bulk", data={"action": "park", "selected": selection(own, foreign)}
    )
    assert response.status_code == 404
    assert "Inget ändrades." in response.get_data(as_text=True)
    assert db.session.get(Issue, own.id).status == IssueStatus.SUBMITTED


def test_bulk_needs_a_known_action_and_a_coordinator(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.post("/triage/bulk", data={"action": "decline", "selected": selection(issue)})
    assert response.status_code == 422
    login_as("representative")
    response = client.post("/triage/bulk", data={"action": "park", "selected": selection(issue)})
    assert response.status_code == 403
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED


def test_cards_carry_a_select_box_for_the_bulk_form(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    login_as("coordinator")
    page = client.get("/triage").get_data(as_text=True)
    assert '<form id="bulk"' in page
    assert f'form="bulk" name="selected" value="{issue.id}:{issue.version}"' in card(page, issue)
    returned = client.get("/triage?status=returned").get_data(as_text=True)
    assert 'form="bulk"' not in returned
