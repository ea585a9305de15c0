"""A scheduled question's page: when its own item starts (the meeting's start and the items
before it, in agenda order), and a link that invites a colleague for the item, for those
who may invite and while the meeting takes invitations."""

from datetime import timedelta

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import MeetingStatus
from hallbarhet.models.base import LOCAL_TZ
from tests.helpers import page
from tests.invitations.test_invitations import publish, scheduled_item


def expected_start(item):
    """The meeting's start and the minutes of the items before this one, in local time."""
    items = item.meeting.items
    before = sum(other.allotted_minutes for other in items if other.position < item.position)
    return (item.meeting.starts_at + timedelta(minutes=before)).astimezone(LOCAL_TZ)


def item_start_on(html: str) -> str:
    return html.split('class="item-start"', 1)[1].split("</dd>", 1)[0]


def test_the_page_shows_the_items_start_not_the_meetings(client, login_as, world):
    first = scheduled_item(world, title="Först på dagordningen")
    second = scheduled_item(world, title="Sedan den här")
    assert second.position > first.position
    login_as("representative", lang="en")
    html = page(client.get(f"/issues/{second.issue_id}"))
    starts = expected_start(second)
    assert starts > world.neh_meeting.starts_at.astimezone(LOCAL_TZ) + timedelta(minutes=20)
    shown = item_start_on(html)
    utc = starts.astimezone(second.meeting.starts_at.tzinfo)
    assert f"{starts:%H:%M}" in shown and f'datetime="{utc.isoformat()}"' in shown
    assert "The item starts" in html
    assert "The time may change until the agenda is published." in html
    publish(world.neh_meeting)
    html = page(client.get(f"/issues/{second.issue_id}"))
    assert "The time may change" not in html


def test_moving_an_item_earlier_moves_its_time(client, login_as, world):
    first = scheduled_item(world, title="Först på dagordningen")
    second = scheduled_item(world, title="Sedan den här")
    first.position, second.position = second.position, first.position
    db.session.commit()
    login_as("representative", lang="en")
    shown = item_start_on(page(client.get(f"/issues/{second.issue_id}")))
    assert f"{expected_start(second):%H:%M}" in shown


def test_a_representative_invites_a_colleague_from_the_questions_page(client, login_as, world):
    item = scheduled_item(world)
    login_as("representative", lang="en")
    html = page(client.get(f"/issues/{item.issue_id}"))
    link = f"/meetings/{item.meeting_id}/invitations?item={item.id}#invite-heading"
    assert f'href="{link}"' in html.replace("&amp;", "&")
    assert "Invite a colleague for this item" in html
    form = page(client.get(link.split("#")[0]))
    assert f'<option selected value="{item.id}">' in form


@pytest.mark.parametrize(
    ("role", "offered"),
    [("representative", True), ("coordinator", True), ("participant", False),
     ("other_representative", True), ("admin", True)],
)  # fmt: skip
def test_who_is_offered_the_invitation_once_the_agenda_is_out(
    client, login_as, world, role, offered
):
    item = scheduled_item(world)
    publish(world.neh_meeting)
    login_as(role, lang="en")
    html = page(client.get(f"/issues/{item.issue_id}"))
    assert item.title in html
    assert ("Invite a colleague for this item" in html) is offered, role


def test_no_invitation_before_the_agenda_for_another_administration(client, login_as, world):
    item = scheduled_item(world)
    login_as("coordinator", lang="en")
    assert "Invite a colleague for this item" in page(client.get(f"/issues/{item.issue_id}"))
    # Another administration's representative reads the question but, until the agenda is
    # out, invites only for the own administration's items (invitations.rules).
    login_as("other_representative", lang="en")
    html = page(client.get(f"/issues/{item.issue_id}"))
    assert item.title in html and "Invite a colleague for this item" not in html


def test_a_cancelled_or_begun_meeting_takes_no_invitation(client, login_as, world):
    item = scheduled_item(world)
    login_as("representative", lang="en")
    world.neh_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    assert "Invite a colleague for this item" not in page(client.get(f"/issues/{item.issue_id}"))
