"""Withdrawing a question (with a message, off the agenda, with htmx) and deleting a draft."""

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import AgendaItem, Event, Issue, IssueStatus, Role
from tests.factories import make_issue, make_user
from tests.helpers import actions, count, issue_events, page, schedule, valid


def test_withdraw_records_the_message(client, login_as, submitted):
    login_as("representative", lang="en")
    response = client.post(
        f"/issues/{submitted.id}/withdraw",
        data={"version": submitted.version, "message": "Löst bilateralt."},
    )
    assert response.status_code == 302
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.WITHDRAWN
    last = db.session.scalars(select(Event).where(Event.issue_id == submitted.id)).all()[-1]
    assert (last.to_value, last.message) == ("withdrawn", "Löst bilateralt.")
    html = page(client.get(f"/issues/{submitted.id}"))
    assert "The question is withdrawn." in html and "Submitted → Withdrawn" in html
    assert "Withdraw the question" not in html


def test_withdrawing_a_scheduled_question_takes_it_off_the_agenda(
    client, login_as, world, submitted
):
    schedule(world, submitted)
    login_as("representative")
    client.post(f"/issues/{submitted.id}/withdraw", data={"version": submitted.version})
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.WITHDRAWN
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id == submitted.id)) is None


def test_withdraw_with_htmx_returns_the_status_region(client, login_as, submitted):
    login_as("representative", lang="en")
    response = client.post(
        f"/issues/{submitted.id}/withdraw",
        data={"version": submitted.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = page(response)
    assert "<html" not in html and 'id="issue-status"' in html
    assert 'data-hx-swap-oob="innerHTML:#flash-region"' in html and "withdrawn" in html
    assert 'id="issue-history" class="panel"' in html and "Submitted → Withdrawn" in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("htmx", [False, True])
def test_bad_withdrawals_change_nothing(client, login_as, world, submitted, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    login_as("representative", lang="en")
    url = f"/issues/{submitted.id}/withdraw"
    response = client.post(
        url, data={"version": submitted.version, "message": "x" * 2001}, headers=headers
    )
    assert response.status_code == 422 and "At most 2000 characters." in page(response)
    assert ("<html" in page(response)) != htmx
    response = client.post(url, data={"version": ""}, headers=headers)
    assert response.status_code == 422 and "The page was out of date." in page(response)
    response = client.post(url, data={"version": submitted.version - 1}, headers=headers)
    assert response.status_code == 409 and "Someone else changed" in page(response)
    db.session.refresh(submitted)
    assert submitted.status == IssueStatus.SUBMITTED and actions(submitted.id) == []


def test_a_discussed_question_cannot_be_withdrawn(client, login_as, world):
    issue = make_issue(world.neh, world.representative, status=IssueStatus.DISCUSSED)
    db.session.commit()
    login_as("representative")
    assert (
        client.post(f"/issues/{issue.id}/withdraw", data={"version": issue.version}).status_code
        == 409
    )
    db.session.refresh(issue)
    assert issue.status == IssueStatus.DISCUSSED


def test_delete_draft_removes_it_and_its_history(client, login_as, world):
    login_as("representative", lang="en")
    client.post("/issues/new", data=valid(world))
    issue_id = db.session.scalar(select(Issue.id))
    assert "Delete draft" in page(client.get(f"/issues/{issue_id}"))
    response = client.post(f"/issues/{issue_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/issues"
    assert count(Issue) == 0 and issue_events() == 0


def test_submitted_questions_and_others_drafts_are_not_deleted(client, login_as, world, submitted):
    colleague = make_user(
        "colleague@test.se",
        "Kim Kollega",
        administration=world.env,
        roles={world.neh: Role.REPRESENTATIVE},
    )
    db.session.flush()
    colleagues_draft = make_issue(world.neh, colleague, status=IssueStatus.DRAFT)
    db.session.commit()
    login_as("representative", lang="en")
    assert "Delete draft" not in page(client.get(f"/issues/{submitted.id}"))
    assert "Delete draft" not in page(client.get(f"/issues/{colleagues_draft.id}"))
    assert client.post(f"/issues/{submitted.id}/delete").status_code == 403
    assert client.post(f"/issues/{colleagues_draft.id}/delete").status_code == 403
    assert count(Issue) == 2
