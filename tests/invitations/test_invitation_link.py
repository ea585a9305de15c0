"""An invited colleague's link: the page it opens shows that one meeting, until a week
after it; a bad, expired or revoked link says what to do and nothing about the meeting;
the public address is rate-limited and reads a fixed number of statements."""

from datetime import timedelta

import pytest
from flask import g
from icalendar import Calendar
from itsdangerous import URLSafeSerializer

from hallbarhet.extensions import cache, db
from hallbarhet.invitations.operations import Guest, invite
from hallbarhet.invitations.urls import invitation_url
from hallbarhet.models import Meeting, MeetingStatus, User
from hallbarhet.models.base import utcnow
from tests.helpers import count_statements
from tests.invitations.test_invitations import invited, publish, scheduled_item, text_of


@pytest.fixture(autouse=True)
def _outbox_in_tmp(app, tmp_path):
    app.config.update(MAIL_BACKEND="files", MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))


def test_the_page_shows_that_meeting_and_nothing_else(client, world, login_as):
    scheduled_item(world, world.neh_later, title="Fråga till ett senare möte")
    publish(world.neh_later)
    other = invited(world, email="annan@kommun.se", name="Annan Gäst")
    invitation = invited(world)
    login_as("coordinator")  # even a signed-in coordinator sees only what the link is for
    html = text_of(client.get(invitation_url(invitation)))
    assert "Klimatanpassning" in html
    for elsewhere in ("Avfallsplan", "Barnperspektiv", "Fråga till ett senare möte"):
        assert elsewhere not in html
    assert other.name not in html and other.email not in html
    for navigation in ('class="main-nav"', "/logout", "/triage", "/agenda", "/issues", "<form"):
        assert navigation not in html
    assert '<html lang="sv">' in html
    assert "Dagordningen är inte publicerad än" in html


def test_the_calendar_file_of_the_invitation(client, world):
    invitation = invited(world)
    response = client.get(invitation_url(invitation).removeprefix("http://localhost") + ".ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    (entry,) = calendar.walk("VEVENT")
    assert "Klimatanpassning" in str(entry["SUMMARY"])
    assert str(entry["URL"]) == invitation_url(invitation)


def test_the_link_works_until_a_week_after_the_meeting(client, world):
    invitation = invited(world)
    meeting = world.neh_meeting
    assert invitation.valid_until == meeting.ends_at + timedelta(days=7)
    assert invitation.is_valid(meeting.ends_at + timedelta(days=7))
    assert not invitation.is_valid(meeting.ends_at + timedelta(days=7, seconds=1))
    link = invitation_url(invitation)

    meeting.starts_at = utcnow() - timedelta(days=6)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    assert client.get(link).status_code == 200

    meeting.starts_at = utcnow() - timedelta(days=8)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    html = text_of(response)
    assert "har gått ut eller dragits tillbaka" in html
    assert "Be den som bjöd in dig" in html
    for leak in ("Klimatanpassning", meeting.name, "Rita", "Greta", meeting.network.name):
        assert leak not in html


def _sign(app, payload) -> str:
    return URLSafeSerializer(app.config["SECRET_KEY"], salt="hallbarhet.invitation").dumps(payload)


def test_tampered_cut_or_foreign_links_are_404_and_say_what_to_do(app, client, world):
    invitation = invited(world)
    token = invitation.token()
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    bad = [
        flipped,
        token[:-4],
        "not-a-token",
        token.replace(".", ""),
        # Signed, but naming the invitation with another meeting, or no invitation at all.
        _sign(app, [invitation.id, world.nsh_meeting.id]),
        _sign(app, [invitation.id + 100, world.neh_meeting.id]),
        _sign(app, "no list"),
        _sign(app, [1]),
        # Signed with another key: a link from another installation.
        URLSafeSerializer("another-key", salt="hallbarhet.invitation").dumps([invitation.id, 1]),
    ]
    for token in bad:
        for suffix in ("", ".ics"):
            response = client.get(f"/invitations/{token}{suffix}")
            assert response.status_code == 404, token
            html = text_of(response)
            assert "Be den som bjöd in dig" in html
            assert "Klimatanpassning" not in html and "Greta" not in html


@pytest.mark.parametrize("app", [{"INVITATION_LIMIT_PER_ADDRESS": "3 per minute"}], indirect=True)
def test_the_public_link_is_rate_limited_per_address(client, world):
    link = invitation_url(invited(world))
    for path in (link, link + ".ics", "/invitations/guessed-token"):
        assert client.get(path, environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code != 429
    assert client.get(link, environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code == 429
    assert client.get(link, environ_base={"REMOTE_ADDR": "192.0.2.2"}).status_code == 200


def test_links_in_mail_use_the_sites_public_address(app, world):
    invitation = invited(world)
    app.config["BASE_URL"] = "https://hallbarhet.kommun.se/natverk/"
    assert invitation_url(invitation) == (
        f"https://hallbarhet.kommun.se/natverk/invitations/{invitation.token()}"
    )


def _statements(client, url) -> int:
    db.session.remove()
    g.__dict__.clear()
    # The page as it is rendered, not a copy kept of it.
    cache.clear()
    with count_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_statements_do_not_grow_with_the_invitations(client, world, login_as):
    meeting_id = world.neh_meeting.id
    inviters = (world.representative.id, world.other_representative.id)
    item_ids = [scheduled_item(world, title=f"Fråga {n}").id for n in range(2)]
    publish(world.neh_meeting)
    first = invited(world, agenda_item_id=item_ids[0])
    login_as("coordinator")
    pages = [f"/meetings/{meeting_id}/invitations", invitation_url(first)]
    few = [_statements(client, url) for url in pages]
    meeting = db.session.get(Meeting, meeting_id)
    for n in range(12):
        guest = Guest("Gäst", f"gast{n}@kommun.se", agenda_item_id=item_ids[n % 2])
        invite(db.session.get(User, inviters[n % 2]), meeting, guest)
    assert [_statements(client, url) for url in pages] == few


def test_a_kept_guest_page_reads_two_statements(client, world):
    # The invitation with its meeting and inviter, and the meeting's state; the agenda is
    # read only when the page is rendered.
    item = scheduled_item(world)
    publish(world.neh_meeting)
    url = invitation_url(invited(world, agenda_item_id=item.id))
    assert client.get(url).status_code == 200
    db.session.remove()
    g.__dict__.clear()
    with count_statements() as statements:
        assert client.get(url).status_code == 200
    assert len(statements) == 2, statements
