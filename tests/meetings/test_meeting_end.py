"""The meeting's end follows its agenda: on its page, in its .ics and on /agenda, an agenda
that runs past the planned length shows its own end, marked, with the planned end kept."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from hallbarhet.meetings.budget import expected_end
from hallbarhet.meetings.operations import update_item
from tests.agenda.test_agenda_page import agenda_page, section
from tests.meetings.test_meeting_page import current, local_time, publish, schedule_question

START = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


def test_an_agenda_that_fits_ends_as_planned():
    end = expected_end(START, 120, 90)
    assert end.expected == end.planned == START + timedelta(minutes=120)
    assert not end.over and end.overrun == 0


def test_an_agenda_that_runs_over_ends_later_by_its_overrun():
    end = expected_end(START, 120, 150)
    assert end.planned == START + timedelta(minutes=120)
    assert end.expected == START + timedelta(minutes=150)
    assert end.over and end.overrun == 30


def overrun_by_30(world):
    """Scheduled so that the items (standing items included) take 30 min more than planned."""
    meeting = current(world.neh_meeting)
    taken = sum(item.allotted_minutes for item in meeting.items)
    item = schedule_question(world, minutes=meeting.duration_minutes - taken + 30)
    return item, current(world.neh_meeting)


def meeting_page(client, meeting):
    response = client.get(f"/meetings/{meeting.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def dtend(client, meeting):
    response = client.get(f"/meetings/{meeting.id}.ics")
    [event] = Calendar.from_ical(response.get_data()).walk("VEVENT")
    return event.decoded("dtend")


def test_page_and_calendar_keep_the_planned_end_when_the_agenda_fits(client, world, login_as):
    schedule_question(world, minutes=5)
    publish(world)
    meeting = current(world.neh_meeting)
    login_as("participant", lang="en")
    page = meeting_page(client, meeting)
    assert f'–<time datetime="{meeting.ends_at.isoformat()}">' in page
    assert "min after the planned" not in page
    assert dtend(client, meeting) == meeting.ends_at


def test_page_print_and_calendar_follow_an_agenda_that_runs_over(client, world, login_as):
    _, meeting = overrun_by_30(world)
    publish(world)
    meeting = current(world.neh_meeting)
    later = meeting.ends_at + timedelta(minutes=30)
    login_as("participant", lang="en")
    marked = f"ends {local_time(later)}, 30 min after the planned {local_time(meeting.ends_at)}"
    page = meeting_page(client, meeting)
    assert f'–<time datetime="{later.isoformat()}">{local_time(later)}</time>' in page
    assert marked in page
    assert marked in client.get(f"/meetings/{meeting.id}/print").get_data(as_text=True)
    assert dtend(client, meeting) == later


def test_calendar_keeps_the_planned_end_until_the_agenda_is_published(client, world, login_as):
    _, meeting = overrun_by_30(world)
    login_as("participant", lang="en")
    assert dtend(client, meeting) == meeting.ends_at
    assert "min after the planned" not in meeting_page(client, meeting)


def test_swedish_marks_the_overrun(client, world, login_as):
    _, meeting = overrun_by_30(world)
    publish(world)
    login_as("participant", lang="sv")
    assert "30 min efter planerat" in meeting_page(client, current(world.neh_meeting))


def test_agenda_page_follows_the_end_when_an_item_grows(client, world, login_as):
    """/agenda is rendered once per version: the copy must not keep the old end."""
    item = schedule_question(world, minutes=5)
    publish(world)
    login_as("participant", lang="en")
    assert "min after the planned" not in section(agenda_page(client), world.neh)
    meeting = current(world.neh_meeting)
    taken = sum(other.allotted_minutes for other in meeting.items)
    grown = meeting.duration_minutes - taken + 5 + 30
    update_item(world.coordinator, meeting, item.id, meeting.version, minutes=grown, presenter="")
    meeting = current(world.neh_meeting)
    later = meeting.ends_at + timedelta(minutes=30)
    after = section(agenda_page(client), world.neh)
    assert f"ends {local_time(later)}, 30 min after the planned" in after
