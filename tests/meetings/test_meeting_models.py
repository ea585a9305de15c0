"""What issue 5's screens store: standing items per network, invitations and their signed
links, action items, outcomes and reports back."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import standing_items
from hallbarhet.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Invitation,
    ItemKind,
    ItemOutcome,
    ReportBack,
    StandingItem,
)
from hallbarhet.models.base import utcnow
from hallbarhet.models.reports import last_reported_at
from tests.factories import make_meeting


def titles(meeting):
    return [(item.title, item.allotted_minutes, item.kind) for item in meeting.items]


def test_a_network_without_a_template_gets_the_three_standing_items(world):
    defaults = standing_items()
    assert len(defaults) == 3
    assert standing_items(world.neh) == defaults
    assert [(item.title, item.allotted_minutes) for item in world.neh_meeting.items] == defaults


def test_a_network_with_a_template_plans_its_meetings_with_it(world):
    world.nsh.standing_items = [
        StandingItem(position=0, title="Välkommen", minutes=10),
        StandingItem(position=2, title="Nästa möte och avslut", minutes=5),
        StandingItem(position=1, title="Aktuellt från förvaltningarna", minutes=30),
    ]
    db.session.commit()

    meeting = make_meeting(world.nsh, 40, "Folkhälsa")
    other = make_meeting(world.neh, 40, "Avfall")
    db.session.commit()

    assert titles(meeting) == [
        ("Välkommen", 10, ItemKind.STANDING),
        ("Aktuellt från förvaltningarna", 30, ItemKind.STANDING),
        ("Nästa möte och avslut", 5, ItemKind.STANDING),
    ]
    assert [(title, minutes) for title, minutes, _ in titles(other)] == standing_items()


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


def test_action_items_and_outcomes_are_kept_with_the_item(world):
    item = world.neh_meeting.items[1]
    item.outcome = ItemOutcome.NEEDS_FOLLOW_UP
    item.action_items.append(
        ActionItem(
            what="Ta fram underlag om solceller",
            responsible_administration=world.env,
            responsible_name="Rita Representant",
            due_date=date.today() + timedelta(days=60),
        )
    )
    db.session.commit()
    db.session.expire_all()

    item = db.session.get(AgendaItem, item.id)
    (action,) = item.action_items
    assert item.outcome is ItemOutcome.NEEDS_FOLLOW_UP
    assert action.status is ActionStatus.OPEN and action.version == 1 and action.done_at is None
    # Stored by value, in the same VARCHAR column as before.
    stored = db.session.execute(
        text("SELECT outcome FROM agenda_item WHERE id = :id"), {"id": item.id}
    ).scalar()
    assert stored == "needs_follow_up"


def test_last_report_back_counts_reports_for_every_network(world):
    assert last_reported_at(world.env.id) is None
    everything = ReportBack(administration=world.env, reported_by=world.representative)
    db.session.add(everything)
    db.session.commit()
    later = ReportBack(
        administration=world.env,
        network=world.nsh,
        reported_by=world.representative,
        reported_at=everything.reported_at + timedelta(days=30),
    )
    db.session.add(later)
    db.session.commit()

    assert last_reported_at(world.env.id) == later.reported_at
    assert last_reported_at(world.env.id, world.nsh.id) == later.reported_at
    assert last_reported_at(world.env.id, world.neh.id) == everything.reported_at
    assert last_reported_at(world.social.id) is None
    assert last_reported_at(world.env.id).tzinfo is not None
    assert db.session.scalars(select(ReportBack)).all()
