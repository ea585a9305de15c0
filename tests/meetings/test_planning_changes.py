"""Changing a planned meeting and cancelling one: versions, Events, the queue, the mails."""

from datetime import timedelta

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import publish_agenda
from hallbarhet.meetings.planning import rules
from hallbarhet.meetings.planning.operations import cancel_meeting
from hallbarhet.models import (
    AgendaItem,
    Event,
    Issue,
    IssueStatus,
    ItemKind,
    Meeting,
    MeetingForm,
    MeetingStatus,
    OutboxMail,
)
from hallbarhet.models.base import LOCAL_TZ
from hallbarhet.triage.operations import schedule
from tests.factories import make_issue
from tests.meetings.test_planning import error_of


def edit_data(meeting, **changes) -> dict:
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    data = {
        "version": str(meeting.version),
        "day": local.date().isoformat(),
        "start": local.strftime("%H:%M"),
        "duration_minutes": str(meeting.duration_minutes),
        "meeting_form": meeting.form.value,
        "place": meeting.place,
        "theme": meeting.theme,
        "theme_description": meeting.theme_description,
    }
    return data | changes


def current(meeting) -> Meeting:
    db.session.expire_all()
    return db.session.get(Meeting, meeting.id)


def meeting_events(meeting, action) -> list[Event]:
    return db.session.scalars(
        select(Event)
        .where(Event.meeting_id == meeting.id, Event.action == action)
        .order_by(Event.id)
    ).all()


def scheduled(world, meeting, submitter, title) -> Issue:
    issue = make_issue(meeting.network, submitter, title=title)
    db.session.commit()
    schedule(world.coordinator, issue, meeting, issue.version, kind=ItemKind.DIALOGUE, minutes=20)
    return issue


# Editing.


def test_the_edit_form_shows_the_meeting_as_it_is(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    assert f'value="{local.date().isoformat()}"' in page
    assert f'value="{local:%H:%M}"' in page and 'value="Klimatanpassning"' in page
    assert f'name="version" type="hidden" value="{meeting.version}"' in page


def test_a_coordinator_edits_a_meeting_with_an_event_per_change(client, world, login_as):
    meeting = world.neh_meeting
    later = (meeting.starts_at + timedelta(days=1)).astimezone(LOCAL_TZ)
    login_as("coordinator", lang="en")
    data = edit_data(
        meeting,
        day=later.date().isoformat(),
        start="13:15",
        duration_minutes="90",
        meeting_form="digital",
        place="https://teams.example/abc",
        theme="Klimatanpassning och skyfall",
    )
    response = client.post(f"/meetings/{meeting.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    edited = current(meeting)
    assert edited.starts_at == rules.local_start(later.date(), later.time().replace(13, 15))
    assert (edited.duration_minutes, edited.form) == (90, MeetingForm.DIGITAL)
    assert edited.place == "https://teams.example/abc"
    changes = {e.message: (e.from_value, e.to_value) for e in meeting_events(meeting, "edited")}
    assert set(changes) == {"starts_at", "duration_minutes", "form", "place", "theme"}
    assert changes["duration_minutes"] == ("120", "90")
    assert changes["theme"] == ("Klimatanpassning", "Klimatanpassning och skyfall")
    assert changes["starts_at"][1] == f"{later.date().isoformat()} 13:15"
    assert all(e.actor_id == world.coordinator.id for e in meeting_events(meeting, "edited"))
    # Sending the same again changes nothing and records nothing.
    again = edit_data(edited)
    assert client.post(f"/meetings/{meeting.id}/edit", data=again).status_code == 302
    assert len(meeting_events(meeting, "edited")) == 5
    page = client.get("/meetings").get_data(as_text=True)
    assert "Klimatanpassning och skyfall" in page
    assert ">13:15</time>–<time" in page and ">14:45</time>" in page


def test_editing_a_published_agendas_meeting_marks_the_agenda_changed(client, world, login_as):
    meeting = world.neh_meeting
    scheduled(world, meeting, world.representative, "Skyfallsplan")
    meeting = current(meeting)
    publish_agenda(world.coordinator, meeting, meeting.version)
    published = current(meeting)
    version = published.version
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert "The agenda is published: a change is marked on the agenda" in page
    data = edit_data(published, place="Miljöhuset")
    assert client.post(f"/meetings/{meeting.id}/edit", data=data).status_code == 302
    changed = current(meeting)
    assert changed.status == MeetingStatus.AGENDA_PUBLISHED
    assert changed.version > version
    assert changed.updated_at > changed.published_at


def test_a_stale_edit_is_refused_with_the_current_state(client, world, login_as):
    meeting = world.neh_meeting
    stale = edit_data(meeting, place="Rådhuset")
    meeting.place = "Stadshuset, sal Ån"
    db.session.commit()
    login_as("coordinator", lang="en")
    response = client.post(f"/meetings/{meeting.id}/edit", data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this meeting" in page
    # The form now holds the meeting as it is, and what was sent is shown beside it.
    assert 'value="Stadshuset, sal Ån"' in page and "Rådhuset" in page
    assert f'value="{current(meeting).version}"' in page
    assert current(meeting).place == "Stadshuset, sal Ån"
    assert meeting_events(meeting, "edited") == []


def test_bad_edits_are_refused_beside_the_field(client, world, login_as):
    meeting, other = world.neh_meeting, world.neh_later
    login_as("coordinator", lang="en")
    local_other = other.starts_at.astimezone(LOCAL_TZ)
    cases = [
        ({"duration_minutes": "0"}, "duration_minutes", "Give a duration from 1 to 480"),
        ({"duration_minutes": "481"}, "duration_minutes", "Give a duration from 1 to 480"),
        ({"theme": ""}, "theme", "Give the meeting a theme"),
        ({"place": "p" * 301}, "place", "Write at most 300 characters."),
        ({"day": "2020-01-07"}, "day", "That is in the past."),
        ({"day": "igår"}, "day", "Write the date as 2026-09-15."),
        (
            {"day": local_other.date().isoformat(), "start": local_other.strftime("%H:%M")},
            "start",
            f"Overlaps with the meeting {other.name}",
        ),
    ]
    for changes, field, message in cases:
        response = client.post(f"/meetings/{meeting.id}/edit", data=edit_data(meeting, **changes))
        assert response.status_code == 422, changes
        assert message in error_of(response.get_data(as_text=True), field), changes
    assert meeting_events(meeting, "edited") == []
    assert current(meeting).duration_minutes == 120


def test_only_the_networks_coordinator_edits_and_not_after_cancelling(client, world, login_as):
    meeting = world.nsh_meeting
    for role in ("neh_coordinator", "participant", "representative", "outsider"):
        login_as(role)
        assert client.get(f"/meetings/{meeting.id}/edit").status_code == 403, role
        response = client.post(f"/meetings/{meeting.id}/edit", data=edit_data(meeting))
        assert response.status_code == 403, role
    login_as("coordinator", lang="en")
    assert client.get("/meetings/999999/edit").status_code == 404
    meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    response = client.post(f"/meetings/{meeting.id}/edit", data=edit_data(meeting, theme="Nytt"))
    assert response.status_code == 409
    assert "The meeting is cancelled; it can no longer change." in response.get_data(True)
    assert current(meeting).theme == "Barnperspektiv"


# Cancelling.


def test_cancelling_asks_first_and_names_the_questions_that_go_back(client, world, login_as):
    meeting = world.neh_meeting
    scheduled(world, meeting, world.representative, "Gröna tak")
    login_as("coordinator", lang="en")
    response = client.get(f"/meetings/{meeting.id}/cancel")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Cancel {meeting.name}?" in page and "Gröna tak" in page
    assert 'name="reason"' in page and "Keep the meeting" in page
    assert current(meeting).status == MeetingStatus.PLANNED


def test_cancelling_sends_the_questions_back_and_tells_their_submitters(client, world, login_as):
    meeting = world.neh_meeting
    world.other_representative.language = "en"
    mine = scheduled(world, meeting, world.representative, "Gröna tak")
    theirs = scheduled(world, meeting, world.other_representative, "Trygga parker")
    meeting = current(meeting)
    publish_agenda(world.coordinator, meeting, meeting.version)
    meeting = current(meeting)
    standing = [item.title for item in meeting.items if item.issue is None]
    login_as("coordinator", lang="en")
    data = {"version": meeting.version, "reason": "Lokalen är inte tillgänglig"}
    response = client.post(f"/meetings/{meeting.id}/cancel", data=data)
    assert response.status_code == 302
    cancelled = current(meeting)
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.cancelled_at is not None
    assert cancelled.cancel_reason == "Lokalen är inte tillgänglig"
    # The agenda keeps its standing items; the questions' items are taken off.
    assert [item.title for item in cancelled.items] == standing
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id == mine.id)) is None
    for issue in (mine, theirs):
        issue = db.session.get(Issue, issue.id)
        assert issue.status == IssueStatus.SUBMITTED
        last = db.session.scalars(
            select(Event).where(Event.issue_id == issue.id).order_by(Event.id.desc())
        ).first()
        assert (last.action, last.from_value, last.to_value) == ("status", "scheduled", "submitted")
        assert "Lokalen är inte tillgänglig" in last.message
    removed = {e.from_value for e in meeting_events(meeting, "item_removed")}
    assert removed == {mine.reference, theirs.reference}
    (status,) = [e for e in meeting_events(meeting, "status") if e.to_value == "cancelled"]
    assert status.from_value == "agenda_published" and status.message == cancelled.cancel_reason
    told = select(OutboxMail).where(OutboxMail.template == "meeting_cancelled")
    mails = {m.recipient: m for m in db.session.scalars(told)}
    assert set(mails) == {"representative@test.se", "other@test.se"}
    assert mails["representative@test.se"].language == "sv"
    assert mails["other@test.se"].language == "en"
    assert mails["other@test.se"].subject == f"Cancelled: {meeting.name}"
    assert f"{theirs.reference} “Trygga parker” is back in the queue" in mails["other@test.se"].text
    assert "Gröna tak" in mails["representative@test.se"].text
    page = client.get("/meetings").get_data(as_text=True)
    row = page[page.index(f'id="meeting-{meeting.id}"') :]
    row = row[: row.index("</tr>")]
    assert "Cancelled" in row and "Lokalen är inte tillgänglig" in row
    assert f"/meetings/{meeting.id}/cancel" not in row and f"/meetings/{meeting.id}" in row
    # The questions are in the triage queue again.
    queue = client.get("/triage").get_data(as_text=True)
    assert "Gröna tak" in queue and "Trygga parker" in queue


def test_a_cancellation_needs_a_reason_and_the_current_version(client, world, login_as):
    meeting = world.neh_meeting
    issue = scheduled(world, meeting, world.representative, "Gröna tak")
    meeting = current(meeting)
    login_as("coordinator", lang="en")
    response = client.post(f"/meetings/{meeting.id}/cancel", data={"version": meeting.version})
    assert response.status_code == 422
    assert "Say why the meeting is cancelled." in error_of(response.get_data(True), "reason")
    data = {"version": meeting.version - 1, "reason": "Krockar med budgetdagen"}
    response = client.post(f"/meetings/{meeting.id}/cancel", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Someone else changed this meeting" in page
    assert "Krockar med budgetdagen" in page
    assert current(meeting).status == MeetingStatus.PLANNED
    assert db.session.get(Issue, issue.id).status == IssueStatus.SCHEDULED
    # Only the submitter's notice of the scheduling; nothing of the refused cancellation.
    assert [m.template for m in db.session.scalars(select(OutboxMail))] == ["decision_scheduled"]


def test_a_cancelled_or_held_meeting_cannot_be_cancelled(client, world, login_as):
    meeting = world.neh_meeting
    cancel_meeting(world.coordinator, meeting, meeting.version, "Sjukdom")
    login_as("coordinator", lang="en")
    meeting = current(meeting)
    data = {"version": meeting.version, "reason": "Igen"}
    for response in (
        client.get(f"/meetings/{meeting.id}/cancel"),
        client.post(f"/meetings/{meeting.id}/cancel", data=data),
    ):
        assert response.status_code == 409
        assert "The meeting is cancelled" in response.get_data(as_text=True)
    assert current(meeting).cancel_reason == "Sjukdom"
    held = world.neh_later
    held.status = MeetingStatus.HELD
    db.session.commit()
    response = client.post(f"/meetings/{held.id}/cancel", data={"version": 1, "reason": "x"})
    assert response.status_code == 409 and "has been held" in response.get_data(True)


def test_only_the_networks_coordinator_cancels(client, world, login_as):
    meeting = world.nsh_meeting
    data = {"version": meeting.version, "reason": "Sjukdom"}
    for role in ("neh_coordinator", "participant", "representative", "outsider"):
        login_as(role)
        assert client.get(f"/meetings/{meeting.id}/cancel").status_code == 403, role
        assert client.post(f"/meetings/{meeting.id}/cancel", data=data).status_code == 403
    assert current(meeting).status == MeetingStatus.PLANNED
