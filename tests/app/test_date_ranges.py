"""Every date a person types is one of the years the tool plans for (2000 to 2100): a date
far outside them (year 1, 9999 or 10000) is a message beside its field, never an error."""

import pytest
from sqlalchemy import func, select

from hallbarhet.extensions import db
from hallbarhet.models import ActionItem, Issue
from tests.helpers import valid
from tests.meetings.test_planning import coming_semester, error_of, meeting_count, plan_form, row
from tests.meetings.test_planning_changes import current, edit_data
from tests.minutes_data import add_action, meeting_day, past_meeting, question_items

OUTSIDE = ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"]
UNREADABLE = ["10000-01-01", "99999-12-31"]
RANGE = "Enter a date between 2000 and 2100."


def page_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("day", OUTSIDE + UNREADABLE)
def test_a_semester_plans_meeting_date_must_be_within_the_years(client, world, login_as, day):
    login_as("coordinator", lang="en")
    semester = coming_semester()
    data = plan_form(semester, [row(semester.first_day), row(semester.first_day)])
    data["meetings-1-day"] = day
    response = client.post("/networks/neh/meetings/new", data=data)
    assert response.status_code == 422
    expected = RANGE if day in OUTSIDE else "Write the date as 2026-09-15."
    assert expected in error_of(page_of(response), "meetings-1-day")
    assert meeting_count() == 3


@pytest.mark.parametrize("day", OUTSIDE + UNREADABLE)
def test_a_meetings_new_date_must_be_within_the_years(client, world, login_as, day):
    login_as("coordinator", lang="en")
    meeting = world.neh_meeting
    starts_at = meeting.starts_at
    response = client.post(f"/meetings/{meeting.id}/edit", data=edit_data(meeting, day=day))
    assert response.status_code == 422
    expected = RANGE if day in OUTSIDE else "Write the date as 2026-09-15."
    assert expected in error_of(page_of(response), "day")
    assert current(meeting).starts_at == starts_at


@pytest.mark.parametrize("day", OUTSIDE + UNREADABLE)
def test_an_action_items_due_date_must_be_within_the_years(client, world, login_as, day):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    login_as("coordinator", lang="en")
    good = {"what": "Skicka underlag", "administration": str(world.env.id)}
    response = add_action(client, meeting, item, **good, due_date=day)
    assert response.status_code == 422
    page = page_of(response)
    expected = RANGE if day in OUTSIDE else "Enter the due date as 2026-11-22."
    assert f'aria-describedby="due-{item.id}-error"' in page and expected in page
    assert db.session.scalar(select(ActionItem.id)) is None
    due = str(meeting_day(meeting))
    assert add_action(client, meeting, item, **good, due_date=due).status_code == 302


@pytest.mark.parametrize("day", OUTSIDE + UNREADABLE)
def test_a_questions_latest_date_must_be_within_the_years(client, world, login_as, day):
    login_as("representative", lang="en")
    response = client.post("/issues/new", data=valid(world, latest_date=day))
    assert response.status_code == 422
    expected = RANGE if day in OUTSIDE else "Not a valid date value."
    assert expected in error_of(page_of(response), "latest_date")
    assert db.session.scalar(select(func.count(Issue.id))) == 0


@pytest.mark.parametrize("semester", ["0001-HT", "9999-VT", "1999-HT", "2101-VT", "10000-VT"])
def test_a_semester_outside_the_years_is_no_page(client, world, login_as, semester):
    login_as("coordinator", lang="en")
    response = client.get(f"/meetings?semester={semester}")
    assert response.status_code == 404
    assert "There is no such semester" in page_of(response)


def test_the_first_and_last_days_of_the_years_are_taken(client, world, login_as):
    login_as("representative", lang="en")
    response = client.post("/issues/new", data=valid(world, latest_date="2100-12-31"))
    assert response.status_code == 302
    # The first day is within the years; as a question's latest date it has passed.
    response = client.post("/issues/new", data=valid(world, latest_date="2000-01-01"))
    html = response.get_data(as_text=True)
    assert "that day has passed" in html and "between 2000 and 2100" not in html
    login_as("coordinator", lang="en")
    assert client.get("/meetings?semester=2100-HT").status_code == 200
    assert client.get("/meetings?semester=2000-VT").status_code == 200
