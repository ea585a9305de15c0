"""Planning a semester in one form: the rows saved as meetings with their standing items and
Events, or, when one field is wrong, nothing saved and the message beside that field."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import plan_meeting, standing_items
from hallbarhet.meetings.planning.operations import MeetingPlan, PlanRefused, plan_semester
from hallbarhet.meetings.planning.rules import Semester
from hallbarhet.models import (
    Event,
    ItemKind,
    Meeting,
    MeetingForm,
    MeetingStatus,
    StandingItem,
)
from hallbarhet.models.base import LOCAL_TZ

HTMX = {"HX-Request": "true"}


def today() -> date:
    """Today in the municipality's time zone."""
    return datetime.now(LOCAL_TZ).date()


def coming_semester() -> Semester:
    """A semester wholly in the future, so that every date in it may be planned."""
    return Semester.of(today()).next()


def day_in(semester: Semester, offset: int) -> date:
    return semester.first_day + timedelta(days=offset)


def row(day: date, start="13:00", minutes="120", theme="Klimatanpassning", **extra) -> dict:
    return {
        "day": day.isoformat(),
        "start": start,
        "duration_minutes": minutes,
        "meeting_form": extra.pop("form", "physical"),
        "place": extra.pop("place", "Stadshuset, sal Älven"),
        "theme": theme,
        "theme_description": extra.pop("description", "Skyfall och värmeböljor."),
    }


def plan_form(semester: Semester, rows: list[dict], blank_rows: int = 0) -> dict:
    data = {"semester": semester.key}
    for index, values in enumerate(rows + [{}] * blank_rows):
        for name, value in values.items():
            data[f"meetings-{index}-{name}"] = value
        if not values:
            data[f"meetings-{index}-duration_minutes"] = "120"
            data[f"meetings-{index}-meeting_form"] = "physical"
    return data


def meeting_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Meeting.id)))


def error_of(page: str, field_id: str) -> str:
    """The error shown beside a field, which the field names in its aria-describedby."""
    control = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', page)
    assert control is not None, field_id
    assert re.search(rf'aria-describedby="[^"]*{field_id}-error', control.group(0)), field_id
    assert 'aria-invalid="true"' in control.group(0)
    start = page.index(f'id="{field_id}-error"')
    return page[page.index(">", start) + 1 : page.index("</p>", start)]


def local(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), LOCAL_TZ).astimezone(UTC)


# Planning a semester.


def test_a_coordinator_plans_a_semester_in_one_form(client, world, login_as):
    semester = coming_semester()
    days = [day_in(semester, offset) for offset in (20, 50, 80)]
    login_as("coordinator", lang="en")
    page = client.get("/networks/neh/meetings/new").get_data(as_text=True)
    assert page.count("<fieldset") == 6 and 'name="meetings-5-day"' in page
    before = meeting_count()
    rows = [row(days[0]), row(days[1], theme="Avfallsplan", form="hybrid"), row(days[2])]
    rows[2]["place"] = "https://teams.example/join"
    response = client.post("/networks/neh/meetings/new", data=plan_form(semester, rows, 3))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/meetings#semester-{semester.key}")
    assert meeting_count() == before + 3
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.starts_at >= semester.starts_at).order_by(Meeting.starts_at)
    ).all()
    meetings = [m for m in meetings if m.starts_at in {local(d, "13:00") for d in days}]
    assert [m.theme for m in meetings] == ["Klimatanpassning", "Avfallsplan", "Klimatanpassning"]
    assert meetings[1].form == MeetingForm.HYBRID and meetings[1].duration_minutes == 120
    assert meetings[2].place == "https://teams.example/join"
    titles = [title for title, _minutes in standing_items(world.neh)]
    for meeting in meetings:
        assert [item.title for item in meeting.items] == titles
        assert all(item.kind == ItemKind.STANDING for item in meeting.items)
        (planned,) = db.session.scalars(
            select(Event).where(Event.meeting_id == meeting.id, Event.action == "planned")
        ).all()
        assert planned.actor_id == world.coordinator.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 meetings planned for" in page and "Avfallsplan" in page


def test_planned_meetings_get_the_networks_standing_item_template(client, world, login_as):
    world.neh.standing_items = [
        StandingItem(position=0, title="Inledning", minutes=10),
        StandingItem(position=1, title="Förvaltningarnas runda", minutes=25),
    ]
    db.session.commit()
    semester = coming_semester()
    login_as("coordinator")
    data = plan_form(semester, [row(day_in(semester, 30))])
    assert client.post("/networks/neh/meetings/new", data=data).status_code == 302
    meeting = db.session.scalar(select(Meeting).order_by(Meeting.id.desc()))
    assert [(i.title, i.allotted_minutes) for i in meeting.items] == [
        ("Inledning", 10),
        ("Förvaltningarnas runda", 25),
    ]


def test_add_a_meeting_gives_another_row_and_saves_nothing(client, world, login_as):
    semester = coming_semester()
    login_as("coordinator", lang="en")
    before = meeting_count()
    data = plan_form(semester, [row(day_in(semester, 30))], 5) | {"add_row": "1"}
    response = client.post("/networks/neh/meetings/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count("<fieldset") == 7
    assert 'value="Klimatanpassning"' in page and meeting_count() == before
    # With htmx, only the form comes back, the new row's date focused.
    response = client.post("/networks/neh/meetings/new", data=data, headers=HTMX)
    partial = response.get_data(as_text=True)
    assert "<html" not in partial and partial.count("<fieldset") == 7
    assert 'id="meetings-6-day"' in partial and "data-focus-now" in partial


def refused(client, data, slug="neh"):
    before = meeting_count()
    response = client.post(f"/networks/{slug}/meetings/new", data=data)
    assert response.status_code == 422, response.status_code
    assert meeting_count() == before, "nothing may be saved"
    page = response.get_data(as_text=True)
    assert "Nothing was saved." in page
    return page


def test_meetings_that_overlap_each_other_in_the_form_are_refused(client, world, login_as):
    semester = coming_semester()
    day = day_in(semester, 30)
    login_as("coordinator", lang="en")
    rows = [row(day_in(semester, 10)), row(day, "09:00"), row(day, "10:30", theme="Avfall")]
    page = refused(client, plan_form(semester, rows, 3))
    assert "Overlaps with meeting 3 in this form (10:30–12:30)." in error_of(
        page, "meetings-1-start"
    )
    assert "Overlaps with meeting 2 in this form" in error_of(page, "meetings-2-start")
    assert 'id="meetings-0-start-error"' not in page


def test_a_meeting_overlapping_an_existing_one_is_refused_unless_that_is_cancelled(
    client, world, login_as
):
    semester = coming_semester()
    day = day_in(semester, 40)
    existing = plan_meeting(world.neh, local(day, "09:00"), theme="Giftfri miljö")
    db.session.commit()
    login_as("coordinator", lang="en")
    # A blank row before it: the message is beside the row that was typed.
    data = plan_form(semester, [{}, row(day, "10:00")])
    data["meetings-0-duration_minutes"] = "120"
    page = refused(client, data)
    message = error_of(page, "meetings-1-start")
    assert f"Overlaps with the meeting {existing.name}, 09:00–11:00 (Giftfri miljö)." in message
    # Another network's meeting at the same time is no overlap.
    nsh_data = plan_form(semester, [row(day, "10:00")])
    assert client.post("/networks/nsh/meetings/new", data=nsh_data).status_code == 302
    existing.status = MeetingStatus.CANCELLED
    db.session.commit()
    assert client.post("/networks/neh/meetings/new", data=data).status_code == 302


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "Give a duration from 1 to 480 minutes (8 hours)."),
        ("481", "Give a duration from 1 to 480 minutes (8 hours)."),
        ("-30", "Give a duration from 1 to 480 minutes (8 hours)."),
        ("två timmar", "Write the duration as a whole number of minutes"),
        ("", "Write the duration as a whole number of minutes"),
    ],
)
def test_a_duration_of_zero_or_over_eight_hours_is_refused(
    client, world, login_as, minutes, message
):
    semester = coming_semester()
    login_as("coordinator", lang="en")
    page = refused(client, plan_form(semester, [row(day_in(semester, 30), minutes=minutes)]))
    assert message in error_of(page, "meetings-0-duration_minutes")


def test_a_meeting_that_would_end_before_its_start_on_the_clock_is_refused(client, world, login_as):
    semester = coming_semester()
    login_as("coordinator", lang="en")
    data = plan_form(semester, [row(day_in(semester, 30), start="22:00", minutes="180")])
    page = refused(client, data)
    assert "end after midnight" in error_of(page, "meetings-0-duration_minutes")


def test_a_meeting_in_the_past_is_refused(client, world, login_as):
    current = Semester.of(today())
    yesterday = today() - timedelta(days=1)
    if not current.contains(yesterday):
        yesterday = current.first_day
    login_as("coordinator", lang="en")
    page = refused(client, plan_form(current, [row(yesterday, start="00:00")]))
    if yesterday < today():
        assert "That is in the past." in error_of(page, "meetings-0-day")
    # Today, at a time that has passed.
    now = datetime.now(LOCAL_TZ)
    if now.hour >= 1:
        page = refused(client, plan_form(current, [row(today(), start="00:00", minutes="30")]))
        assert "That is in the past." in error_of(page, "meetings-0-start")


def test_a_date_outside_the_chosen_semester_is_refused(client, world, login_as):
    semester = coming_semester()
    outside = semester.next().first_day + timedelta(days=10)
    login_as("coordinator", lang="en")
    rows = [row(day_in(semester, 30)), row(outside)]
    page = refused(client, plan_form(semester, rows))
    message = error_of(page, "meetings-1-day")
    assert f"{outside.isoformat()} is not in the chosen semester" in message
    assert f"({semester.first_day.isoformat()} to {semester.last_day.isoformat()})" in message
    assert 'id="meetings-0-day-error"' not in page


def test_a_missing_theme_a_long_place_and_bad_formats_are_refused(client, world, login_as):
    semester = coming_semester()
    login_as("coordinator", lang="en")
    rows = [
        row(day_in(semester, 10), theme="   "),
        row(day_in(semester, 20), place="x" * 301),
        row(day_in(semester, 30), start="25:00"),
        row(day_in(semester, 40)) | {"day": "15/9/2027"},
        row(day_in(semester, 50), form="teleport"),
    ]
    page = refused(client, plan_form(semester, rows))
    assert "Give the meeting a theme" in error_of(page, "meetings-0-theme")
    assert "Write at most 300 characters." in error_of(page, "meetings-1-place")
    assert "Write the time as 09:00." in error_of(page, "meetings-2-start")
    assert "Write the date as 2026-09-15." in error_of(page, "meetings-3-day")
    assert error_of(page, "meetings-4-meeting_form")
    # What was typed is shown back beside its error.
    assert 'value="15/9/2027"' in page


def test_an_empty_form_or_an_unknown_semester_is_refused(client, world, login_as):
    semester = coming_semester()
    login_as("coordinator", lang="en")
    page = refused(client, plan_form(semester, [], 6))
    assert "Fill in at least one meeting." in error_of(page, "meetings-0-day")
    data = plan_form(semester.next().next().next(), [row(day_in(semester, 30))])
    assert "Choose one of the semesters offered." in error_of(refused(client, data), "semester")


def test_planning_needs_the_networks_coordinator(client, world, login_as):
    semester = coming_semester()
    data = plan_form(semester, [row(day_in(semester, 30))])
    for role in ("participant", "representative", "outsider", "neh_coordinator"):
        login_as(role)
        assert client.get("/networks/nsh/meetings/new").status_code == 403, role
        assert client.post("/networks/nsh/meetings/new", data=data).status_code == 403, role
    assert client.get("/networks/nope/meetings/new").status_code == 404
    assert client.post("/networks/nope/meetings/new", data=data).status_code == 404
    with pytest.raises(PlanRefused):
        plan_semester(world.coordinator, world.neh, semester, [])


def _free_days(network, semester: Semester, offset: int) -> date:
    """The first day from the offset on that, with the day after it, holds no meeting of
    the network (the test world's meetings lie at days from today)."""
    taken = {
        meeting.starts_at.astimezone(LOCAL_TZ).date()
        for meeting in db.session.scalars(select(Meeting).where(Meeting.network_id == network.id))
    }
    day = day_in(semester, offset)
    while day in taken or day + timedelta(days=1) in taken:
        day += timedelta(days=1)
    return day


def test_plan_semester_called_directly_refuses_every_bad_meeting_at_once(world):
    semester = coming_semester()
    day = _free_days(world.neh, semester, 5)
    good = MeetingPlan(day, time(9), 120, MeetingForm.DIGITAL, "Teams", "Tema")
    bad = MeetingPlan(day + timedelta(days=1), time(9), 0, MeetingForm.DIGITAL, "x" * 301, "")
    with pytest.raises(PlanRefused) as refusal:
        plan_semester(world.coordinator, world.neh, semester, [good, bad])
    assert {(p.row, p.field) for p in refusal.value.problems} == {
        (1, "duration_minutes"),
        (1, "place"),
        (1, "theme"),
    }
    db.session.rollback()
    (meeting,) = plan_semester(world.coordinator, world.neh, semester, [good])
    assert meeting.starts_at == local(good.day, "09:00") and meeting.form == MeetingForm.DIGITAL
