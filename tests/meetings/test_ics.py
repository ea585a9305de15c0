from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from hallbarhet.extensions import cache, db
from hallbarhet.models import MeetingStatus, Network
from hallbarhet.models.base import LOCAL_TZ
from tests.factories import make_meeting
from tests.meetings.test_meeting_page import (
    current,
    local_time,
    measure,
    publish,
    schedule_question,
)


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


# The network's feed.


def feed_of(client, slug="neh"):
    response = client.get(f"/networks/{slug}/meetings.ics")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.get_data())


def by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize(
    "role, slug, status",
    [
        ("participant", "neh", 200),
        ("representative", "nsh", 200),
        ("admin", "nsh", 200),
        ("neh_coordinator", "neh", 200),
        ("neh_coordinator", "nsh", 404),
        ("outsider", "neh", 404),
        ("coordinator", "xyz", 404),
    ],
)
def test_network_feed_per_role(client, world, login_as, role, slug, status):
    login_as(role)
    assert client.get(f"/networks/{slug}/meetings.ics").status_code == status


def test_network_feed_needs_signing_in(client, world):
    response = client.get("/networks/neh/meetings.ics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_network_feed_has_every_meeting_of_the_network(client, world, login_as):
    item = schedule_question(world)
    publish(world)
    held = make_meeting(world.neh, -30, "Avfallsplanen")
    held.status = MeetingStatus.HELD
    db.session.commit()
    login_as("participant", lang="en")
    response, calendar = feed_of(client)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "METHOD" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == "Nätverk för ekologisk hållbarhet"
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    events = by_uid(calendar)
    meetings = [held, world.neh_meeting, world.neh_later]
    assert list(events) == [f"meeting-{meeting.id}@localhost" for meeting in meetings]
    published = events[f"meeting-{world.neh_meeting.id}@localhost"]
    meeting = current(world.neh_meeting)
    assert published.decoded("DTSTART") == meeting.starts_at
    assert published.decoded("DTEND") == meeting.starts_at + timedelta(minutes=120)
    assert int(published["SEQUENCE"]) == meeting.version
    assert published.decoded("LAST-MODIFIED") == meeting.updated_at.replace(microsecond=0)
    assert published.decoded("DTSTAMP") == meeting.updated_at.replace(microsecond=0)
    assert str(published["SUMMARY"]) == "Nätverk för ekologisk hållbarhet: Klimatanpassning"
    assert str(published["STATUS"]) == "CONFIRMED"
    description = str(published["DESCRIPTION"])
    start = local_time(meeting.starts_at + timedelta(minutes=25))
    assert f"{start} {item.issue.reference} Solceller på kommunens tak (15 min)" in description
    assert f"{local_time(meeting.starts_at)} Inledning och dagens dagordning (5 min)" in description
    later = str(events[f"meeting-{world.neh_later.id}@localhost"]["DESCRIPTION"])
    assert "Agenda not yet published" in later
    assert str(world.nsh_meeting.theme) not in response.get_data(as_text=True)


def test_network_feed_follows_changes(client, world, login_as):
    login_as("participant")
    uid = f"meeting-{world.neh_meeting.id}@localhost"
    _response, before = feed_of(client)
    etag = _response.headers["ETag"]
    assert (
        client.get("/networks/neh/meetings.ics", headers={"If-None-Match": etag}).status_code == 304
    )
    schedule_question(world)
    response, after = feed_of(client)
    assert response.headers["ETag"] != etag
    first, then = by_uid(before)[uid], by_uid(after)[uid]
    assert int(then["SEQUENCE"]) > int(first["SEQUENCE"])
    assert then.decoded("DTSTAMP") >= first.decoded("DTSTAMP")
    assert then.decoded("LAST-MODIFIED") >= first.decoded("LAST-MODIFIED")


def test_cancelled_meeting_stays_in_the_feed_as_cancelled(client, world, login_as):
    meeting = world.neh_later
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = "Lokalen är inte tillgänglig"
    db.session.commit()
    login_as("participant", lang="en")
    _response, calendar = feed_of(client)
    event = by_uid(calendar)[f"meeting-{meeting.id}@localhost"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Cancelled: ")
    assert "Lokalen är inte tillgänglig" in str(event["DESCRIPTION"])


def test_network_feed_statements_do_not_grow_with_the_meetings(client, world, login_as):
    login_as("participant")
    for days in range(70, 100, 3):
        meeting = make_meeting(world.neh, days, "Fler möten")
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
    db.session.commit()
    cache.clear()
    few, _page = measure(client, "/networks/neh/meetings.ics")
    neh = db.session.scalar(select(Network).where(Network.slug == "neh"))
    for days in range(100, 400, 3):
        meeting = make_meeting(neh, days, "Ännu fler möten")
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
    db.session.commit()
    many, page = measure(client, "/networks/neh/meetings.ics")
    assert page.count("BEGIN:VEVENT") == 2 + 10 + 100
    assert len(many) == len(few), "\n".join(many)
    cached, _page = measure(client, "/networks/neh/meetings.ics")
    assert len(cached) < len(many)
