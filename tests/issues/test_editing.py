"""Editing a question while it is a draft, submitted or returned: an Event per changed field;
no edit once it is scheduled, none on a stale version."""

from hallbarhet.extensions import db
from hallbarhet.models import IssueStatus
from hallbarhet.triage import operations as triage
from tests.helpers import YEAR, actions, edit_data, page, schedule, select_of


def test_edit_form_is_filled_in(client, login_as, world, submitted):
    submitted.goals = [13]
    submitted.affected = [world.social]
    db.session.commit()
    login_as("representative")
    html = page(client.get(f"/issues/{submitted.id}/edit"))
    assert 'value="Klimatanpassningsplanen"' in html
    assert f'name="version" type="hidden" value="{submitted.version}"' in html
    assert 'value="13" checked' in html or 'checked id="goals-12"' in html
    assert f'<option value="{world.nsh.id}"' not in select_of(html, "network")


def test_edit_while_submitted_keeps_it_submitted(client, login_as, world, submitted):
    login_as("representative")
    response = client.post(
        f"/issues/{submitted.id}/edit",
        data=edit_data(world, submitted, title="Ny titel", action="save"),
    )
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.title == "Ny titel" and submitted.status == IssueStatus.SUBMITTED
    # One Event per changed field, each from and to; no status change.
    edits = actions(submitted.id)
    assert {action for action, _before, _after in edits} == {"edited"}
    assert ("edited", "Klimatanpassningsplanen", "Ny titel") in edits


def test_a_draft_can_be_saved_then_submitted(client, login_as, world, draft):
    login_as("representative")
    client.post(f"/issues/{draft.id}/edit", data=edit_data(world, draft, action="draft"))
    db.session.refresh(draft)
    assert draft.status == IssueStatus.DRAFT and draft.reference is None
    client.post(f"/issues/{draft.id}/edit", data=edit_data(world, draft, action="submit"))
    db.session.refresh(draft)
    assert draft.status == IssueStatus.SUBMITTED and draft.reference == f"NEH-{YEAR}-001"


def test_a_scheduled_question_can_no_longer_be_edited(client, login_as, world, submitted):
    schedule(world, submitted)
    login_as("representative", lang="en")
    response = client.get(f"/issues/{submitted.id}/edit")
    assert response.status_code == 409
    assert "can no longer be edited" in page(response)
    response = client.post(
        f"/issues/{submitted.id}/edit", data=edit_data(world, submitted, title="För sent")
    )
    assert response.status_code == 409
    db.session.refresh(submitted)
    assert submitted.title == "Klimatanpassningsplanen"
    assert "Edit</a>" not in page(client.get(f"/issues/{submitted.id}"))


def test_a_stale_edit_is_refused_and_shows_the_current_state(client, login_as, world, submitted):
    login_as("representative", lang="en")
    stale = submitted.version
    submitted.title = "Ändrad av en kollega"
    db.session.commit()
    response = client.post(
        f"/issues/{submitted.id}/edit",
        data=edit_data(world, submitted, title="Min ändring", version=stale),
    )
    assert response.status_code == 409
    html = page(response)
    assert "Someone else changed the question" in html
    assert 'value="Ändrad av en kollega"' in html
    assert f'name="version" type="hidden" value="{submitted.version}"' in html
    assert "Min ändring" in html
    db.session.refresh(submitted)
    assert submitted.title == "Ändrad av en kollega"
    assert actions(submitted.id) == []


def test_returned_question_shows_the_message_and_can_be_resubmitted(
    client, login_as, world, submitted
):
    triage.return_issue(
        world.coordinator, submitted, submitted.version, "Beskriv vilka förvaltningar som berörs."
    )
    login_as("representative", lang="en")
    html = page(client.get(f"/issues/{submitted.id}"))
    assert "Returned to you by Cora Samordnare" in html
    assert "Beskriv vilka förvaltningar som berörs." in html
    assert "Submitted → Returned" in html
    assert 'value="submit">Submit again' in page(client.get(f"/issues/{submitted.id}/edit"))
    reference = submitted.reference
    response = client.post(
        f"/issues/{submitted.id}/edit", data=edit_data(world, submitted, action="submit")
    )
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.SUBMITTED and submitted.reference == reference
    history = actions(submitted.id)
    assert history[-1] == ("status", "returned", "submitted")
    assert history[-2][0] == "edited"
