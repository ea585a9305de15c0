"""The invited colleague's page for one item: when that item starts (not the meeting), the
question's description and links; a whole-meeting invitation has no such part."""

from hallbarhet.extensions import db
from hallbarhet.invitations.operations import revoke
from hallbarhet.invitations.urls import invitation_url
from hallbarhet.meetings.operations import update_item
from hallbarhet.models import MeetingStatus
from tests.invitations.test_invitations import invited, publish, scheduled_item, text_of
from tests.issues.test_item_time_and_invitation import expected_start, item_start_on

LINKS = "https://example.org/solceller.pdf\nK:/Miljö/solceller.docx"


def guest_page(client, invitation) -> str:
    response = client.get(invitation_url(invitation))
    assert response.status_code == 200
    return text_of(response)


def item_for_the_guest(world):
    scheduled_item(world, title="Först på dagordningen")
    item = scheduled_item(world)
    item.issue.description = "Vi vill veta vilka tak som passar.\n\nOch vad det kostar."
    item.issue.links = LINKS
    db.session.commit()
    return item


def test_the_guest_sees_the_items_start_description_and_links(client, world):
    item = item_for_the_guest(world)
    publish(world.neh_meeting)
    invitation = invited(world, agenda_item_id=item.id, language="en")
    html = guest_page(client, invitation)
    starts = expected_start(item)
    assert f"{starts:%H:%M}" in item_start_on(html)
    assert f"Your item: {item.title}" in html
    assert "Vi vill veta vilka tak som passar." in html and "Och vad det kostar." in html
    assert '<a href="https://example.org/solceller.pdf">' in html
    assert "K:/Miljö/solceller.docx" in html and 'href="K:' not in html
    assert "The time may change" not in html
    # The agenda below it marks the same item, at the same time.
    assert 'class="agenda-row--invited"' in html


def test_before_the_agenda_is_out_the_time_is_said_to_be_provisional(client, world):
    item = item_for_the_guest(world)
    invitation = invited(world, agenda_item_id=item.id)
    html = guest_page(client, invitation)
    assert f"{expected_start(item):%H:%M}" in item_start_on(html)
    assert "Tiden kan ändras tills dagordningen är publicerad." in html
    assert "Dagordningen är inte publicerad än" in html and "<table" not in html


def test_a_whole_meeting_invitation_and_a_cancelled_meeting_have_no_item_part(client, world):
    item = item_for_the_guest(world)
    publish(world.neh_meeting)
    whole = invited(world, email="hela@kommun.se")
    assert 'class="item-start"' not in guest_page(client, whole)
    for_item = invited(world, agenda_item_id=item.id)
    world.neh_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    html = guest_page(client, for_item)
    assert 'class="item-start"' not in html and "Vi vill veta" not in html


def test_the_guest_page_is_kept_until_the_agenda_or_the_invitation_changes(client, world):
    # Rendered once per state, a revisit is a 304; a change to the agenda shows at once,
    # and a revoked link is gone at once, whatever the browser holds.
    item = item_for_the_guest(world)
    publish(world.neh_meeting)
    invitation = invited(world, agenda_item_id=item.id, language="en")
    url = invitation_url(invitation)
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    etag = {"If-None-Match": first.headers["ETag"]}
    assert client.get(url, headers=etag).status_code == 304
    meeting = db.session.get(type(item.meeting), item.meeting_id)
    update_item(
        world.coordinator, meeting, item.id, meeting.version, minutes=35, presenter="Ny Talare"
    )
    changed = client.get(url, headers=etag)
    assert changed.status_code == 200 and "Ny Talare" in text_of(changed)
    revoke(world.coordinator, db.session.get(type(item.meeting), item.meeting_id), invitation.id)
    db.session.commit()
    gone = client.get(url, headers={"If-None-Match": changed.headers["ETag"]})
    assert gone.status_code == 410 and "Ny Talare" not in text_of(gone)
