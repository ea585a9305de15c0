"""Invited colleagues: inviting, the mail and its signed link, revoking and sending again,
who may do what, bad input. The link itself: test_invitation_link.py."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hallbarhet.errors import Invalid, InvalidField
from hallbarhet.extensions import db
from hallbarhet.invitations.operations import Guest, invite, revoke
from hallbarhet.invitations.rules import invitable_items, sees_invitation, takes_invitations
from hallbarhet.invitations.urls import invitation_url
from hallbarhet.models import (
    Event,
    Invitation,
    ItemKind,
    MeetingStatus,
    OutboxMail,
    Role,
)
from hallbarhet.models.base import utcnow
from hallbarhet.triage.operations import schedule
from tests.factories import make_issue, make_user

HTMX = {"HX-Request": "true"}
LINK = re.compile(r"http://localhost/invitations/[A-Za-z0-9_.-]+")


@pytest.fixture(autouse=True)
def _outbox_in_tmp(app, tmp_path):
    # Mail sent after a request goes to .eml files of this test only.
    app.config.update(MAIL_BACKEND="files", MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))


def scheduled_item(world, meeting=None, submitter=None, title="Solceller på kommunens tak"):
    """A question of the submitter's administration on the meeting's agenda."""
    meeting = meeting or world.neh_meeting
    issue = make_issue(meeting.network, submitter or world.representative, title=title)
    db.session.commit()
    item = schedule(
        world.coordinator, issue, meeting, issue.version, kind=ItemKind.DIALOGUE, minutes=20
    )
    db.session.commit()
    return item


def publish(meeting):
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.published_at = utcnow()
    db.session.commit()


def invite_form(**values):
    return {"name": "Greta Gäst", "email": "greta@kommun.se", "language": "sv"} | values


def invited(world, user=None, meeting=None, **values) -> Invitation:
    """An invitation made through the domain function, as the form does."""
    guest = Guest(**({"name": "Greta Gäst", "email": "greta@kommun.se"} | values))
    return invite(user or world.representative, meeting or world.neh_meeting, guest)


def link_in(mail: OutboxMail) -> str:
    return LINK.search(mail.text).group(0)


def anonymous(client):
    with client.session_transaction() as session:
        session.clear()


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_a_representative_invites_a_colleague_who_opens_the_agenda_without_an_account(
    client, world, login_as
):
    item = scheduled_item(world)
    publish(world.neh_meeting)
    login_as("representative")
    page = text_of(client.get(f"/meetings/{world.neh_meeting.id}"))
    assert f"/meetings/{world.neh_meeting.id}/invitations" in page
    form = client.get(f"/meetings/{world.neh_meeting.id}/invitations")
    assert form.status_code == 200 and item.title in text_of(form)

    response = client.post(
        f"/meetings/{world.neh_meeting.id}/invitations",
        data=invite_form(item=item.id, language="en", administration=world.social.id),
    )
    assert response.status_code == 302
    listed = text_of(client.get(response.headers["Location"]))
    assert "Greta Gäst" in listed and "greta@kommun.se" in listed

    invitation = db.session.scalar(select(Invitation))
    assert (invitation.agenda_item_id, invitation.language) == (item.id, "en")
    assert invitation.administration_id == world.social.id
    assert invitation.invited_by_id == world.representative.id
    assert invitation.last_mailed_at is not None
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.template == "invitation"))
    assert (mail.recipient, mail.language) == ("greta@kommun.se", "en")
    assert "Klimatanpassning" in mail.subject
    assert item.title in mail.text and "Rita Representant" in mail.text
    link = link_in(mail)
    assert link == invitation_url(invitation) and f'href="{link}"' in mail.html
    event_row = db.session.scalar(select(Event).where(Event.action == "invited"))
    assert event_row.meeting_id == world.neh_meeting.id

    anonymous(client)
    guest = client.get(link)
    assert guest.status_code == 200
    html = text_of(guest)
    assert '<html lang="en">' in html
    assert "Klimatanpassning" in html and item.title in html
    assert "You are invited for this item" in html
    assert f'id="item-{item.id}" class="agenda-row--invited"' in html
    assert "Set-Cookie" not in guest.headers
    assert guest.headers["X-Robots-Tag"].startswith("noindex")
    assert guest.headers["Referrer-Policy"] == "no-referrer"


def test_revoking_stops_the_link_at_once_and_is_recorded(client, world, login_as):
    invitation = invited(world)
    link = invitation_url(invitation)
    assert client.get(link).status_code == 200
    login_as("representative", lang="en")
    url = f"/meetings/{world.neh_meeting.id}/invitations/{invitation.id}/revoke"
    response = client.post(url)
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert "Revoked" in page
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).revoked_at is not None
    recorded = db.session.scalar(select(Event).where(Event.action == "invitation_revoked"))
    assert (recorded.meeting_id, recorded.actor_id) == (
        world.neh_meeting.id,
        world.representative.id,
    )
    assert recorded.message == "Greta Gäst"

    assert client.post(url).status_code == 409
    anonymous(client)
    response = client.get(link)
    assert response.status_code == 410 and "Klimatanpassning" not in text_of(response)
    # The invitation is kept, revoked, in the list: nothing is destroyed by a click.
    login_as("coordinator")
    listed = text_of(client.get(f"/meetings/{world.neh_meeting.id}/invitations"))
    assert "Greta Gäst" in listed and "Send again" not in listed


def test_revoking_with_htmx_answers_with_the_list(client, world, login_as):
    invitation = invited(world)
    login_as("representative", lang="en")
    response = client.post(
        f"/meetings/{world.neh_meeting.id}/invitations/{invitation.id}/revoke", headers=HTMX
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "<html" not in html and 'id="invitations-heading"' in html
    assert 'data-hx-swap-oob="innerHTML"' in html and "no longer works" in html


def test_sending_again_mails_the_same_link(client, world, login_as):
    invitation = invited(world)
    login_as("representative")
    url = f"/meetings/{world.neh_meeting.id}/invitations/{invitation.id}/resend"
    assert client.post(url).status_code == 302
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert len(mails) == 2 and link_in(mails[0]) == link_in(mails[1])
    assert db.session.scalar(select(Event).where(Event.action == "invitation_resent"))
    client.post(f"/meetings/{world.neh_meeting.id}/invitations/{invitation.id}/revoke")
    assert client.post(url).status_code == 409
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 2


def test_another_meetings_invitation_is_not_found_on_this_meetings_address(client, world, login_as):
    invitation = invited(world)
    login_as("coordinator")
    for action in ("revoke", "resend"):
        url = f"/meetings/{world.neh_later.id}/invitations/{invitation.id}/{action}"
        assert client.post(url).status_code == 404
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).revoked_at is None
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 1


def test_who_may_invite(client, world, login_as):
    nsh_only = make_user(
        "nsh-rep@test.se",
        "Nora NSH",
        administration=world.social,
        roles={world.nsh: Role.REPRESENTATIVE},
    )
    db.session.commit()
    url = f"/meetings/{world.neh_meeting.id}/invitations"
    for role, seen, sent in (
        ("participant", 403, 403),
        ("outsider", 404, 403),
        ("neh_coordinator", 200, 302),
    ):
        login_as(role)
        assert client.get(url).status_code == seen, role
        response = client.post(url, data=invite_form(email=f"{role}@kommun.se"))
        assert response.status_code == sent, role
    login_as("participant")
    assert "/invitations" not in text_of(client.get(f"/meetings/{world.neh_meeting.id}"))
    with client.session_transaction() as session:
        session["_user_id"] = nsh_only.get_id()
    assert client.get(url).status_code == 404
    assert client.post(url, data=invite_form(email="nora@kommun.se")).status_code == 403
    assert db.session.scalar(select(func.count(Invitation.id))) == 1


def test_representatives_see_their_administrations_invitations_coordinators_all(
    client, world, login_as
):
    own = invited(world, name="Egen Gäst", email="egen@kommun.se")
    invited(
        world,
        world.other_representative,
        name="Miljögäst",
        email="miljo@kommun.se",
        administration_id=world.env.id,
    )
    social = invited(world, world.other_representative, name="Socialgäst", email="soc@kommun.se")
    db.session.commit()
    url = f"/meetings/{world.neh_meeting.id}/invitations"
    login_as("representative")
    page = text_of(client.get(url))
    assert "Egen Gäst" in page and "Miljögäst" in page and "Socialgäst" not in page
    assert not sees_invitation(world.representative, social)
    response = client.post(f"{url}/{social.id}/revoke")
    assert response.status_code == 404
    login_as("coordinator")
    page = text_of(client.get(url))
    assert all(name in page for name in ("Egen Gäst", "Miljögäst", "Socialgäst"))
    assert sees_invitation(world.coordinator, own)


def test_before_publishing_a_representative_invites_only_for_the_own_questions(world):
    own = scheduled_item(world)
    others = scheduled_item(world, submitter=world.other_representative, title="Annans fråga")
    meeting = world.neh_meeting
    assert invitable_items(world.representative, meeting) == [own]
    assert set(invitable_items(world.coordinator, meeting)) == {own, others}
    publish(meeting)
    assert set(invitable_items(world.representative, meeting)) == {own, others}
    assert all(
        item.kind != ItemKind.STANDING for item in invitable_items(world.coordinator, meeting)
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"email": "greta.kommun.se"}, "email", "Write an e-mail address"),
        ({"email": "greta@kommun"}, "email", "Write an e-mail address"),
        ({"email": "greta@kommun.se, eve@evil.example"}, "email", "Write an e-mail address"),
        ({"email": ""}, "email", "Write an e-mail address"),
        ({"name": "   "}, "name", "Write the colleague's name"),
        ({"name": "x" * 201}, "name", "at most 200"),
        ({"administration": "999999"}, "administration", "Choose an administration"),
        ({"administration": "abc"}, "administration", "Choose an administration"),
        ({"item": "999999"}, "item", "Choose an item on this meeting"),
        ({"language": "de"}, "language", "Choose Swedish or English"),
    ],
)
def test_bad_input_is_told_beside_the_field_and_nothing_is_saved(
    client, world, login_as, values, field, message
):
    login_as("representative", lang="en")
    response = client.post(
        f"/meetings/{world.neh_meeting.id}/invitations", data=invite_form(**values)
    )
    assert response.status_code == 422
    html = text_of(response)
    error = re.search(rf'<p class="field__error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1), html
    assert f'aria-describedby="{field}-error"' in html or f'{field}-error"' in html
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0
    assert db.session.scalar(select(func.count(Event.id)).where(Event.action == "invited")) == 0


def test_an_item_of_another_meeting_or_a_duplicate_is_refused(client, world, login_as):
    elsewhere = scheduled_item(world, world.neh_later)
    login_as("representative", lang="en")
    url = f"/meetings/{world.neh_meeting.id}/invitations"
    response = client.post(url, data=invite_form(item=elsewhere.id))
    assert response.status_code == 422 and "Choose an item on this meeting" in text_of(response)
    assert client.post(url, data=invite_form()).status_code == 302
    response = client.post(url, data=invite_form(email="GRETA@kommun.se"))
    assert response.status_code == 422 and "is already invited" in text_of(response)
    assert db.session.scalar(select(func.count(Invitation.id))) == 1


@pytest.mark.parametrize("state", ["cancelled", "past"])
def test_no_invitations_to_a_cancelled_or_past_meeting(client, world, login_as, state):
    meeting = world.neh_meeting
    if state == "cancelled":
        meeting.status, meeting.cancelled_at = MeetingStatus.CANCELLED, utcnow()
    else:
        meeting.starts_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert not takes_invitations(meeting)
    login_as("representative", lang="en")
    url = f"/meetings/{meeting.id}/invitations"
    page = text_of(client.get(url))
    assert "can no longer be invited" in page and 'name="email"' not in page
    response = client.post(url, data=invite_form())
    assert response.status_code == 422 and "can no longer be invited" in text_of(response)
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    with pytest.raises(Invalid):
        invited(world)


def test_the_rules_refuse_what_the_form_would(world):
    with pytest.raises(InvalidField) as refused:
        invited(world, email="not an address")
    assert refused.value.field == "email"
    with pytest.raises(InvalidField) as refused:
        invited(world, agenda_item_id=world.nsh_meeting.items[0].id)
    assert refused.value.field == "item"
    invitation = invited(world)
    revoke(world.coordinator, world.neh_meeting, invitation.id)
    # A revoked invitation frees the address for a new one.
    assert invited(world).id != invitation.id


def test_every_wrong_field_is_told_at_once(client, world, login_as):
    login_as("representative", lang="en")
    response = client.post(
        f"/meetings/{world.neh_meeting.id}/invitations", data=invite_form(name="", email="bad")
    )
    assert response.status_code == 422
    html = text_of(response)
    assert 'id="name-error"' in html and 'id="email-error"' in html
