"""An invitation's signed link names its invitation and meeting; a tampered link or one
signed with another key names none; it is valid until a week after the meeting, or until
revoked."""

from datetime import timedelta

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import Invitation
from hallbarhet.models.base import utcnow


def invite(world, **kwargs):
    invitation = Invitation(
        meeting=world.neh_meeting,
        name="Ingrid Inbjuden",
        email="ingrid@test.se",
        administration=world.culture,
        invited_by=world.representative,
        **kwargs,
    )
    db.session.add(invitation)
    db.session.commit()
    return invitation


def test_an_invitation_link_names_its_invitation_and_meeting(world):
    invitation = invite(world, agenda_item=world.neh_meeting.items[1])

    token = invitation.token()

    assert Invitation.from_token(token) is invitation
    assert Invitation.from_token(token, meeting_id=world.neh_meeting.id) is invitation
    assert Invitation.from_token(token, meeting_id=world.neh_later.id) is None
    assert invitation.is_valid()


@pytest.mark.parametrize("tamper", ["", "x", "not.a.token", "WzEsIDFd.abc"])
def test_a_tampered_link_names_no_invitation(world, tamper):
    token = invite(world).token()
    assert Invitation.from_token(tamper) is None
    assert Invitation.from_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None


def test_a_link_signed_with_another_key_names_no_invitation(app, world):
    token = invite(world).token()
    app.config["SECRET_KEY"] = "another-secret"
    assert Invitation.from_token(token) is None


def test_an_invitation_is_valid_until_a_week_after_the_meeting_and_until_revoked(world):
    invitation = invite(world)
    ends = world.neh_meeting.ends_at

    assert invitation.valid_until == ends + timedelta(days=7)
    assert invitation.is_valid(ends + timedelta(days=7))
    assert not invitation.is_valid(ends + timedelta(days=7, seconds=1))

    invitation.revoked_at = utcnow()
    db.session.commit()
    assert Invitation.from_token(invitation.token()) is invitation  # still the link's
    assert not invitation.is_valid()
