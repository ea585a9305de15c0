from datetime import timedelta

import pytest
from icalendar import Calendar

from hallbarhet.extensions import db
from hallbarhet.models import MeetingStatus
from hallbarhet.models.base import LOCAL_TZ

from .test_meetings import current, local_time, publish, schedule_question


def calendar_of(client, meeting):
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.get_data())


def only_event(calendar):
    [event] = calendar.walk("VEVENT")
    return event


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 200),
        ("neh_coordinator", 200),
        ("admin", 200),
        ("representative", 200),
        ("participant", 200),
        ("outsider", 404),
    ],
)
def test_calendar_file_per_role(client, world, login_as, role, status):
    login_as(role)
    assert client.get(f"/meetings/{world.neh_meeting.id}.ics").status_code == status


def test_calendar_file_of_a_network_the_user_is_not_in_is_not_found(client, world, login_as):
    login_as("neh_coordinator")
    assert client.get(f"/meetings/{world.nsh_meeting.id}.ics").status_code == 404
    assert client.get("/meetings/9999.ics").status_code == 404


def test_signed_out_user_is_sent_to_login(client, world):
    response = client.get(f"/meetings/{world.neh_meeting.id}.ics")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_calendar_file_describes_the_meeting(client, world, login_as):
    meeting = world.neh_meeting
    meeting.place = "Stadshuset, sal B"
    meeting.theme_description = "Hur rustar vi staden för skyfall?"
    db.session.commit()
    login_as("participant", lang="en")
    response, calendar = calendar_of(client, meeting)
    local_date = meeting.starts_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="neh-{local_date}.ics"'
    )
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    event = only_event(calendar)
    assert str(event["UID"]) == f"meeting-{meeting.id}@localhost"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.starts_at + timedelta(minutes=120)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert f"DTSTART:{meeting.starts_at:%Y%m%dT%H%M%SZ}" in response.get_data(as_text=True)
    assert str(event["SUMMARY"]) == "Nätverk för ekologisk hållbarhet: Klimatanpassning"
    assert str(event["LOCATION"]) == "Stadshuset, sal B"
    assert "Hur rustar vi staden för skyfall?" in str(event["DESCRIPTION"])
    assert "Agenda not yet published" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == meeting.version
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == f"http://localhost/meetings/{meeting.id}"
    assert event["DTSTAMP"]


def test_published_agenda_is_in_the_description(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    _response, calendar = calendar_of(client, meeting)
    description = str(only_event(calendar)["DESCRIPTION"])
    assert "Agenda not yet published" not in description
    assert f"{item.issue.reference} Solceller på kommunens tak (15 min)" in description
    start = local_time(meeting.starts_at + timedelta(minutes=25))
    assert f"{start} {item.issue.reference}" in description
    for standing in current(meeting).items:
        assert standing.title in description


def test_uid_is_stable_and_sequence_grows_with_changes(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator")
    _response, before = calendar_of(client, meeting)
    schedule_question(world)
    _response, after = calendar_of(client, meeting)
    assert str(only_event(before)["UID"]) == str(only_event(after)["UID"])
    assert int(only_event(after)["SEQUENCE"]) > int(only_event(before)["SEQUENCE"])


def test_cancelled_meeting_is_cancelled_in_the_calendar(client, world, login_as):
    meeting = world.neh_meeting
    meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    login_as("participant")
    _response, calendar = calendar_of(client, meeting)
    assert str(only_event(calendar)["STATUS"]) == "CANCELLED"
