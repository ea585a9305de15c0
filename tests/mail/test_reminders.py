"""Reminders: who hears what when (the rules), and send-reminders end to end with the
outbox: each reminder once, in the recipient's language, with working links."""

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from hallbarhet.dates import local_day as local_date
from hallbarhet.extensions import db
from hallbarhet.invitations.urls import invitation_url
from hallbarhet.mail.reminders import (
    AGENDA_DUE,
    DEADLINE,
    INVITED,
    agenda_reminder_due,
    deadline_reminder_due,
    invited_reminder_due,
    reminders_due,
    send_reminders,
)
from hallbarhet.meetings.operations import plan_meeting
from hallbarhet.models import (
    Invitation,
    MailStatus,
    MeetingStatus,
    Membership,
    OutboxMail,
    SentReminder,
)
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _outbox_in_tmp(app, tmp_path):
    app.config.update(MAIL_BACKEND="files", MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))


def meeting_at(network, starts_at, theme="Tema"):
    meeting = plan_meeting(network, starts_at, theme=theme)
    db.session.commit()
    return meeting


def local(day, hour=10) -> datetime:
    return datetime.combine(day, time(hour), LOCAL_TZ)


def invitation_to(meeting, world, created_days_before=10, **values) -> Invitation:
    invitation = Invitation(
        meeting=meeting,
        name=values.pop("name", "Greta Gäst"),
        email=values.pop("email", "greta@kommun.se"),
        **values,
    )
    invitation.invited_by = world.representative
    invitation.created_at = meeting.starts_at - timedelta(days=created_days_before)
    db.session.add(invitation)
    db.session.commit()
    return invitation


def members():
    return list(db.session.scalars(select(Membership).order_by(Membership.id)))


# The rules.


def test_representatives_are_reminded_from_a_few_days_before_the_deadline(world):
    meeting = world.neh_meeting
    deadline = meeting.submission_deadline
    day = local_date(deadline)
    assert not deadline_reminder_due(meeting, local(day - timedelta(days=4), 23), 3)
    assert deadline_reminder_due(meeting, local(day - timedelta(days=3), 0), 3)
    assert deadline_reminder_due(meeting, deadline - timedelta(minutes=1), 3)
    assert not deadline_reminder_due(meeting, deadline + timedelta(minutes=1), 3)
    assert deadline_reminder_due(meeting, local(day - timedelta(days=6), 9), 6)
    meeting.status = MeetingStatus.CANCELLED
    assert not deadline_reminder_due(meeting, deadline - timedelta(hours=1), 3)


def test_coordinators_are_reminded_when_the_agenda_is_due_and_unpublished(world):
    meeting = world.neh_meeting
    due = meeting.agenda_due
    assert not agenda_reminder_due(meeting, local(local_date(due) - timedelta(days=1), 23))
    assert agenda_reminder_due(meeting, local(local_date(due), 0))
    assert agenda_reminder_due(meeting, meeting.starts_at - timedelta(minutes=1))
    assert not agenda_reminder_due(meeting, meeting.starts_at + timedelta(minutes=1))
    for status in (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.CANCELLED):
        meeting.status = status
        assert not agenda_reminder_due(meeting, due + timedelta(hours=1))


def test_invited_colleagues_are_reminded_the_day_before(world):
    meeting = world.neh_meeting
    invitation = invitation_to(meeting, world)
    day = local_date(meeting.starts_at)
    assert not invited_reminder_due(invitation, local(day - timedelta(days=2), 23))
    assert invited_reminder_due(invitation, local(day - timedelta(days=1), 0))
    assert invited_reminder_due(invitation, meeting.starts_at - timedelta(minutes=1))
    assert not invited_reminder_due(invitation, meeting.starts_at + timedelta(minutes=1))
    day_before = local(day - timedelta(days=1), 9)
    invitation.revoked_at = utcnow()
    assert not invited_reminder_due(invitation, day_before)
    invitation.revoked_at = None
    meeting.status = MeetingStatus.CANCELLED
    assert not invited_reminder_due(invitation, day_before)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    # Invited the day before: the invitation mail itself is the reminder.
    invitation.created_at = local(day - timedelta(days=1), 8)
    assert not invited_reminder_due(invitation, day_before)


def test_who_gets_which_reminder(world):
    meeting = world.neh_meeting
    invitation = invitation_to(meeting, world, language="en")
    world.other_representative.active = False
    db.session.commit()
    deadline_day = meeting.submission_deadline - timedelta(hours=1)
    due = reminders_due([meeting], members(), [invitation], deadline_day, 3)
    assert {(r.kind, r.recipient) for r in due} == {(DEADLINE, "representative@test.se")}
    (reminder,) = due
    assert reminder.template == "reminder_deadline" and reminder.language == "sv"
    assert reminder.key == (
        f"meeting:{meeting.id}:{local_date(meeting.submission_deadline)}"
        f":user:{world.representative.id}"
    )

    agenda_day = meeting.agenda_due + timedelta(hours=1)
    due = reminders_due([meeting], members(), [invitation], agenda_day, 3)
    # Coordinators of the network, both who coordinate NEH; no participant, no admin.
    assert {(r.kind, r.recipient) for r in due} == {
        (AGENDA_DUE, "coordinator@test.se"),
        (AGENDA_DUE, "neh-coordinator@test.se"),
    }

    day_before = local(local_date(meeting.starts_at) - timedelta(days=1), 9)
    due = reminders_due([meeting], members(), [invitation], day_before, 3)
    invited = [r for r in due if r.kind == INVITED]
    assert [(r.recipient, r.language, r.key) for r in invited] == [
        ("greta@kommun.se", "en", f"invitation:{invitation.id}:{local_date(meeting.starts_at)}")
    ]


def test_a_moved_meeting_reminds_again_for_its_new_date(world):
    meeting = world.neh_meeting
    first = reminders_due([meeting], members(), [], meeting.submission_deadline, 3)
    meeting.starts_at += timedelta(days=7)
    moved = reminders_due(
        [meeting], members(), [], meeting.submission_deadline - timedelta(hours=1), 3
    )
    assert first == [] and moved and {r.key for r in moved}.isdisjoint({r.key for r in first})


# The command, end to end.


def arrange(world):
    """Today: the NSH deadline in two days, an NEH agenda overdue, an invited colleague's
    meeting tomorrow; and a cancelled meeting that would otherwise remind all three."""
    now = utcnow()
    today = local_date(now)
    deadline_soon = meeting_at(world.nsh, now + timedelta(days=14 + 2), "Trygghet")
    agenda_late = meeting_at(world.neh, now + timedelta(days=4), "Avfall")
    tomorrow = meeting_at(world.neh, local(today + timedelta(days=1), 13), "Klimat i morgon")
    tomorrow.status = MeetingStatus.AGENDA_PUBLISHED
    cancelled = meeting_at(world.nsh, now + timedelta(days=3), "Inställt")
    cancelled.status, cancelled.cancelled_at = MeetingStatus.CANCELLED, now
    db.session.commit()
    guest = invitation_to(tomorrow, world, language="en")
    invitation_to(cancelled, world, email="inst@kommun.se")
    revoked = invitation_to(tomorrow, world, email="revoked@kommun.se")
    revoked.revoked_at = now
    db.session.commit()
    return deadline_soon, agenda_late, tomorrow, guest


def outbox() -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_send_reminders_end_to_end_once_and_in_each_language(runner, world, tmp_path):
    world.representative.language = "en"
    db.session.commit()
    deadline_soon, agenda_late, tomorrow, guest = arrange(world)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Reminders: 2 of submission deadlines, 2 of agendas due, 1 to invited" in result.output

    mails = outbox()
    sent = {(m.template, m.recipient, m.language) for m in mails}
    assert sent == {
        ("reminder_deadline", "representative@test.se", "en"),
        ("reminder_deadline", "other@test.se", "sv"),
        ("reminder_agenda_due", "coordinator@test.se", "sv"),
        ("reminder_agenda_due", "neh-coordinator@test.se", "sv"),
        ("reminder_invited", "greta@kommun.se", "en"),
    }
    assert all(m.status == MailStatus.SENT for m in mails)
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 5
    english = next(m for m in mails if m.recipient == "representative@test.se")
    deadline = deadline_soon.submission_deadline.astimezone(LOCAL_TZ)
    meeting_day = deadline_soon.starts_at.astimezone(LOCAL_TZ)
    assert (
        f"Questions for the meeting on {meeting_day:%Y-%m-%d} about Trygghet are due by "
        f"{deadline:%Y-%m-%d} at {deadline:%H:%M}." in english.text
    )
    swedish = next(m for m in mails if m.recipient == "other@test.se")
    assert f"{deadline:%Y-%m-%d} kl. {deadline:%H:%M}" in swedish.text
    assert "http://localhost/issues/new" in english.text
    assert f"http://localhost/meetings/{deadline_soon.id}" in english.html
    coordinator = next(m for m in mails if m.recipient == "coordinator@test.se")
    assert agenda_late.name in coordinator.subject
    assert f"http://localhost/meetings/{agenda_late.id}" in coordinator.text
    invited = next(m for m in mails if m.template == "reminder_invited")
    assert (
        invitation_url(guest) in invited.text and f'href="{invitation_url(guest)}"' in invited.html
    )
    assert "Klimat i morgon" in invited.subject
    assert "Inställt" not in " ".join(m.subject + m.text for m in mails)
    assert db.session.scalar(select(func.count(SentReminder.id))) == 5

    again = runner.invoke(args=["send-reminders"])
    assert "Reminders: 0 of submission deadlines, 0 of agendas due, 0 to invited" in again.output
    assert len(outbox()) == 5


def test_a_reminder_already_sent_by_another_run_is_not_sent(world):
    deadline_soon, *_ = arrange(world)
    key = (
        f"meeting:{deadline_soon.id}:{local_date(deadline_soon.submission_deadline)}"
        f":user:{world.representative.id}"
    )
    db.session.add(SentReminder(kind=DEADLINE, key=key))
    db.session.commit()
    sent = send_reminders()
    assert sent[DEADLINE] == 1
    assert "representative@test.se" not in {
        m.recipient for m in outbox() if m.template == "reminder_deadline"
    }


def test_the_deadline_warning_is_configurable(app, world):
    meeting_at(world.nsh, utcnow() + timedelta(days=14 + 5), "Fem dagar kvar")
    assert send_reminders()[DEADLINE] == 0
    app.config["REMINDER_DEADLINE_DAYS"] = 6
    assert send_reminders()[DEADLINE] == 2


def test_links_in_reminders_use_the_sites_public_address(app, world):
    *_, guest = arrange(world)
    app.config["BASE_URL"] = "https://hallbarhet.kommun.se"
    send_reminders()
    invited = next(m for m in outbox() if m.template == "reminder_invited")
    assert f"https://hallbarhet.kommun.se/invitations/{guest.token()}" in invited.text
    assert all("http://localhost" not in m.text for m in outbox())


def test_a_cancelled_meeting_sends_nothing(world):
    now = utcnow()
    meeting = meeting_at(world.neh, local(local_date(now) + timedelta(days=1), 13), "Inställt")
    invitation_to(meeting, world)
    meeting.status, meeting.cancelled_at = MeetingStatus.CANCELLED, now
    db.session.commit()
    assert sum(send_reminders().values()) == 0 and outbox() == []


def test_inactive_and_representatives_without_administration_are_not_mailed(world):
    make_user("noadmin@test.se", "Utan Förvaltning", roles={world.nsh: "representative"})
    world.other_representative.active = False
    db.session.commit()
    meeting_at(world.nsh, utcnow() + timedelta(days=16), "Trygghet")
    send_reminders()
    assert {m.recipient for m in outbox()} == {"representative@test.se"}


def test_the_command_asks_for_the_sites_address_first(app, runner):
    app.config.update(SERVER_NAME=None, BASE_URL="")
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code != 0 and "HALLBARHET_BASE_URL" in result.output
