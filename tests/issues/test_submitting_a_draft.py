"""A draft's own page: it says it is a draft, not who submitted it, and submits it with a
button (POST, the version it was shown with, the same rules as the form's submit)."""

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import IssueStatus, MeetingStatus, Role
from tests.factories import make_user
from tests.helpers import YEAR, actions, page


def submit(client, issue, version=None):
    version = issue.version if version is None else version
    return client.post(f"/issues/{issue.id}/submit", data={"version": version})


def test_a_drafts_page_says_it_is_a_draft_and_offers_to_submit_it(client, login_as, draft):
    login_as("representative")
    html = page(client.get(f"/issues/{draft.id}"))
    assert "Inskickad av" not in html
    assert "Utkast av" in html and "inte inskickat än" in html
    assert "Ett utkast som inte är inskickat" in html
    assert f'action="/issues/{draft.id}/submit"' in html
    login_as("representative", lang="en")
    html = page(client.get(f"/issues/{draft.id}"))
    assert "Submitted by" not in html and "Draft by" in html


def test_submitting_from_the_page_gives_a_reference_and_records_it(client, login_as, draft):
    login_as("representative", lang="en")
    response = submit(client, draft)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/issues/{draft.id}"
    db.session.refresh(draft)
    assert draft.status == IssueStatus.SUBMITTED
    assert draft.reference == f"NEH-{YEAR}-001" and draft.submitted_at is not None
    assert actions(draft.id)[-1] == ("status", "draft", "submitted")
    html = page(client.get(f"/issues/{draft.id}"))
    assert f"The question is submitted as NEH-{YEAR}-001." in html
    assert "Submitted by" in html and f'/issues/{draft.id}/submit"' not in html


def test_a_colleague_representing_the_administration_may_submit_it(client, world, draft):
    colleague = make_user(
        "colleague@test.se", "Kim Kollega", administration=world.env,
        roles={world.neh: Role.REPRESENTATIVE},
    )  # fmt: skip
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = colleague.get_id(), True
    assert submit(client, draft).status_code == 302
    db.session.refresh(draft)
    assert draft.status == IssueStatus.SUBMITTED


@pytest.mark.parametrize(
    ("role", "status"),
    [("other_representative", 404), ("coordinator", 404), ("participant", 404), ("admin", 404)],
)
def test_nobody_else_may_submit_it(client, login_as, draft, role, status):
    login_as(role)
    assert submit(client, draft).status_code == status
    db.session.refresh(draft)
    assert draft.status == IssueStatus.DRAFT and draft.reference is None


def test_a_participant_of_the_administration_sees_no_button_and_is_refused(client, world, draft):
    reader = make_user(
        "reader@test.se", "Lisa Läsare", administration=world.env,
        roles={world.neh: Role.PARTICIPANT},
    )  # fmt: skip
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = reader.get_id(), True
    assert f'/issues/{draft.id}/submit"' not in page(client.get(f"/issues/{draft.id}"))
    assert submit(client, draft).status_code == 403
    db.session.refresh(draft)
    assert draft.status == IssueStatus.DRAFT


def test_a_stale_page_or_a_missing_version_submits_nothing(client, login_as, draft):
    login_as("representative", lang="en")
    response = submit(client, draft, version=draft.version + 1)
    assert response.status_code == 409
    response = client.post(f"/issues/{draft.id}/submit", data={})
    assert response.status_code == 422
    db.session.refresh(draft)
    assert draft.status == IssueStatus.DRAFT and draft.reference is None


def test_a_question_no_longer_a_draft_is_not_submitted_again(client, login_as, submitted):
    login_as("representative", lang="en")
    reference = submitted.reference
    response = submit(client, submitted)
    assert response.status_code == 409
    db.session.refresh(submitted)
    assert submitted.reference == reference and submitted.status == IssueStatus.SUBMITTED


def test_the_forms_rules_hold_a_draft_for_a_cancelled_meeting_is_not_submitted(
    client, login_as, world, draft
):
    draft.desired_meeting = world.neh_meeting
    world.neh_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    login_as("representative", lang="en")
    response = submit(client, draft)
    assert response.status_code == 422
    assert "Choose a coming meeting of the same network." in page(response)
    db.session.refresh(draft)
    assert draft.status == IssueStatus.DRAFT and draft.reference is None
