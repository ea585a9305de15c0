"""Nothing of unpublished minutes shows to anyone but the network's coordinators: not on the
question's page or in its history, nor in any list, calendar or follow-up; once published,
the same places show it."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.invitations.urls import invitation_url
from hallbarhet.models import Event, Invitation, ItemOutcome, MeetingStatus
from hallbarhet.models.base import utcnow
from tests.minutes_data import local_today, past_meeting, publish, question_items, write

NOTES = "Hemlig anteckning om dagvattnet"
ACTION = "Hemlig åtgärd om dagvattnet"
TITLE = "Dagvatten i nya detaljplaner"


@pytest.fixture
def drafted(world):
    """A held meeting whose minutes are written but not published: the representative's
    question needs follow-up, with an action item for the representative's administration.
    The network's next meeting has its agenda out (where the follow-up would show)."""
    meeting = past_meeting(world, questions=[(TITLE, world.representative)])
    (item,) = question_items(meeting)
    due = local_today() + timedelta(days=20)
    write(world, meeting, item, NOTES, ItemOutcome.NEEDS_FOLLOW_UP, [(ACTION, world.env, due)])
    world.neh_meeting.status = MeetingStatus.AGENDA_PUBLISHED
    world.neh_meeting.published_at = utcnow()
    invitation = Invitation(meeting=meeting, name="Greta Gäst", email="greta@kommun.se")
    invitation.invited_by, invitation.administration = world.representative, world.env
    db.session.add(invitation)
    db.session.commit()
    return meeting, item.issue_id, invitation_url(invitation).removeprefix("http://localhost")


def pages(world, meeting, issue_id, guest_link):
    return [
        f"/issues/{issue_id}",
        "/issues",
        "/",
        "/agenda",
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}.ics",
        f"/meetings/{meeting.id}/print",
        f"/meetings/{world.neh_meeting.id}",
        f"/meetings/{world.neh_meeting.id}.ics",
        "/networks/neh/meetings.ics",
        f"/administrations/{world.env.id}/report-back",
        "/issues/similar?title=Dagvatten+detaljplaner",
        f"/issues/{issue_id}/similar",
        guest_link,
    ]


def seen(client, url) -> str:
    response = client.get(url)
    assert response.status_code in (200, 403, 404), url
    return response.get_data(as_text=True) if response.status_code == 200 else ""


@pytest.mark.parametrize("role", ["participant", "representative"])
def test_draft_minutes_show_nowhere_until_published(client, world, login_as, drafted, role):
    meeting, issue_id, guest_link = drafted
    login_as(role, lang="en")
    for url in pages(world, meeting, issue_id, guest_link):
        text = seen(client, url)
        for secret in (NOTES, ACTION, "Needs follow-up", "needs_follow_up", "Outcome"):
            assert secret not in text, (role, url, secret)
    assert client.get(f"/meetings/{meeting.id}/minutes/print").status_code == 404
    # The question's history holds no outcome before the minutes are out.
    query = select(Event).where(Event.issue_id == issue_id, Event.action == "outcome")
    assert db.session.scalars(query).all() == []

    publish(world, meeting)
    login_as(role, lang="en")
    question = seen(client, f"/issues/{issue_id}")
    assert "Needs follow-up" in question and meeting.name in question
    minutes = seen(client, f"/meetings/{meeting.id}")
    assert NOTES in minutes and ACTION in minutes
    follow_up = seen(client, f"/meetings/{world.neh_meeting.id}")
    assert ACTION in follow_up
    report = seen(client, f"/administrations/{world.env.id}/report-back")
    assert (NOTES in report) == (role == "representative")
    dashboard = seen(client, "/")
    assert (ACTION in dashboard) == (role == "representative")
    assert "Needs follow-up" in seen(client, "/issues") or role == "participant"


def test_the_networks_coordinators_still_see_the_draft(client, world, login_as, drafted):
    meeting, issue_id, _guest_link = drafted
    login_as("coordinator", lang="en")
    page = seen(client, f"/meetings/{meeting.id}/minutes")
    assert NOTES in page and ACTION in page
    assert NOTES in seen(client, f"/meetings/{meeting.id}/minutes/print")
