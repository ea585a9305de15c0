"""Publishing an agenda mails the network and its invited colleagues; changes after
publishing are announced with one button."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Invitation, MeetingStatus, OutboxMail
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.meetings.test_meeting_page import (
    change,
    current,
    events,
    local_time,
    publish,
    schedule_question,
)

NEH_MEMBERS = {
    "coordinator@test.se",
    "neh-coordinator@test.se",
    "representative@test.se",
    "other@test.se",
    "participant@test.se",
}


def mails(template):
    db.session.expire_all()
    found = db.session.scalars(
        select(OutboxMail).where(OutboxMail.template == template).order_by(OutboxMail.id)
    ).all()
    return {mail.recipient: mail for mail in found}


def invite(world, meeting, email="gast@kommun.se", language="en", revoked=False):
    invitation = Invitation(
        meeting=meeting,
        name="Gun Gäst",
        email=email,
        invited_by=world.representative,
        language=language,
        revoked_at=utcnow() if revoked else None,
    )
    db.session.add(invitation)
    db.session.commit()
    return invitation


def announce(client, meeting, version=None):
    version = current(meeting).version if version is None else version
    return client.post(f"/meetings/{meeting.id}/announce", data={"version": version})


def test_publishing_mails_every_member_in_their_language(client, world, login_as):
    meeting = world.neh_meeting
    meeting.place = "Stadshuset, sal B"
    meeting.theme_description = "Hur rustar vi staden för skyfall?"
    world.participant.language = "en"
    world.other_representative.active = False
    db.session.commit()
    item = schedule_question(world)
    login_as("coordinator", lang="en")
    response = client.post(f"/meetings/{meeting.id}/publish", data={"version": meeting.version})
    assert response.status_code == 302
    sent = mails("agenda_published")
    assert set(sent) == NEH_MEMBERS - {"other@test.se"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The agenda is published and mailed to 4 people." in page
    english, swedish = sent["participant@test.se"], sent["representative@test.se"]
    assert english.language == "en" and swedish.language == "sv"
    assert english.subject == f"Agenda: {meeting.name} Klimatanpassning"
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    for text in (english.text, english.html):
        assert "Hello Pia Deltagare," in text
        assert "Theme: Klimatanpassning" in text
        assert local.strftime("%Y-%m-%d") in text and local.strftime("%H:%M") in text
        assert "Stadshuset, sal B" in text and "skyfall" in text
        assert f"{item.issue.reference} Solceller på kommunens tak" in text
        assert f"http://localhost/meetings/{meeting.id}" in text
    start = local_time(meeting.starts_at + timedelta(minutes=25))
    assert f"  {start}  {item.issue.reference} Solceller på kommunens tak (15 min, Dialogue)" in (
        english.text
    )
    assert "Stående punkt" in swedish.text and "Standing item" not in swedish.text
    assert "(changed)" not in english.text


def test_invited_colleagues_get_their_own_link(client, world, login_as):
    meeting = world.neh_meeting
    schedule_question(world)
    guest = invite(world, meeting)
    invite(world, meeting, email="borta@kommun.se", revoked=True)
    invite(world, meeting, email="participant@test.se", language="sv")
    invite(world, world.neh_later, email="senare@kommun.se")
    publish(world)
    sent = mails("agenda_published")
    assert set(sent) == NEH_MEMBERS | {"gast@kommun.se"}
    mail = sent["gast@kommun.se"]
    assert mail.language == "en" and "Hello Gun Gäst," in mail.text
    assert f"http://localhost/invitations/{guest.token()}" in mail.text
    assert f"/meetings/{meeting.id}" not in mail.text
    assert sent["participant@test.se"].text.count("/invitations/") == 0


def test_a_failed_publish_mails_nobody(client, world, login_as):
    login_as("coordinator")
    meeting = world.neh_meeting
    assert (
        client.post(
            f"/meetings/{meeting.id}/publish", data={"version": meeting.version}
        ).status_code
        == 422
    )
    assert mails("agenda_published") == {}


# Announcing changes.


def test_nothing_to_announce_right_after_publishing(client, world, login_as):
    schedule_question(world)
    publish(world)
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    assert "Announce the changes" not in page
    response = announce(client, world.neh_meeting)
    assert response.status_code == 409
    assert "Every change has been announced already." in response.get_data(as_text=True)
    assert mails("agenda_changed") == {}


def test_coordinator_announces_the_changes(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    publish(world)
    invite(world, meeting)
    login_as("coordinator", lang="en")
    assert change(client, current(meeting), item, minutes="25", presenter="Rita").status_code == 302
    opening = current(meeting).items[0]
    client.post(
        f"/meetings/{meeting.id}/items/{current(meeting).items[1].id}/remove",
        data={"version": current(meeting).version},
    )
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "The agenda has changed since it was last sent to the network." in page
    assert "Announce the changes" in page
    response = announce(client, meeting)
    assert response.status_code == 302
    sent = mails("agenda_changed")
    assert set(sent) == NEH_MEMBERS | {"gast@kommun.se"}
    mail = sent["gast@kommun.se"]
    assert mail.subject == f"Changed agenda: {meeting.name} Klimatanpassning"
    assert "Taken off the agenda: Förvaltningsrunda" in mail.text
    changed = [line for line in mail.text.splitlines() if line.startswith("* ")]
    assert len(changed) == 2  # the question, and the closing item that moved up
    assert any(item.title in line and "25 min" in line for line in changed)
    assert not any(opening.title in line for line in changed)
    assert "Taken off the agenda: Förvaltningsrunda" in mail.html
    assert "(Changed)" in mail.html
    announced = current(meeting)
    assert announced.changed_announced_at is not None
    [event] = events(meeting, "changes_announced")
    assert event.to_value == "6" and item.title in event.message
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The changes are announced and mailed to 6 people." in page
    assert "Announce the changes" not in page
    assert announce(client, meeting).status_code == 409


def test_only_what_changed_since_the_last_announcement_is_marked(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    publish(world)
    login_as("coordinator", lang="en")
    change(client, current(meeting), item, minutes="25")
    assert announce(client, meeting).status_code == 302
    opening = current(meeting).items[0]
    change(client, current(meeting), opening, minutes="10")
    db.session.query(OutboxMail).delete()
    db.session.commit()
    assert announce(client, meeting).status_code == 302
    text = mails("agenda_changed")["participant@test.se"].text
    changed = [line for line in text.splitlines() if line.startswith("* ")]
    assert len(changed) == 1 and opening.title in changed[0]
    assert "Taken off" not in text


@pytest.mark.parametrize("status", [MeetingStatus.PLANNED, MeetingStatus.HELD])
def test_only_a_published_agenda_is_announced(client, world, login_as, status):
    meeting = world.neh_meeting
    schedule_question(world)
    meeting = current(meeting)
    meeting.status = status
    db.session.commit()
    login_as("coordinator")
    assert announce(client, meeting).status_code == 409
    assert mails("agenda_changed") == {}


def test_announcing_needs_the_current_version_and_the_coordinator(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    publish(world)
    login_as("coordinator")
    stale = current(meeting).version
    change(client, current(meeting), item, minutes="25")
    assert announce(client, meeting, version=stale).status_code == 409
    assert client.post(f"/meetings/{meeting.id}/announce", data={}).status_code == 422
    login_as("participant")
    assert announce(client, meeting).status_code == 403
    assert mails("agenda_changed") == {}
    assert current(meeting).changed_announced_at is None


def test_the_mail_template_marks_changes_in_swedish(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    publish(world)
    login_as("coordinator")
    change(client, current(meeting), item, minutes="25")
    announce(client, meeting)
    text = mails("agenda_changed")["representative@test.se"].text
    assert re.search(r"^\* \d\d:\d\d  .*Solceller", text, re.M)


def test_a_changed_place_is_announced_too(client, world, login_as):
    from hallbarhet.meetings.planning.operations import MeetingPlan, edit_meeting

    meeting = world.neh_meeting
    schedule_question(world)
    publish(world)
    meeting = current(meeting)
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    plan = MeetingPlan(
        day=local.date(),
        start=local.time(),
        duration_minutes=meeting.duration_minutes,
        form=meeting.form,
        place="Stadshuset, sal C",
        theme=meeting.theme,
    )
    assert edit_meeting(world.coordinator, meeting, meeting.version, plan)
    login_as("coordinator", lang="en")
    assert "Announce the changes" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert announce(client, meeting).status_code == 302
    text = mails("agenda_changed")["participant@test.se"].text
    assert "Mötets tid, plats eller tema har också ändrats." in text
    assert "Stadshuset, sal C" in text
