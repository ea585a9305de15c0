"""Bad input on a new question or an edit: nothing is saved, and the message stands beside
its field."""

from datetime import timedelta

import pytest

from hallbarhet.dates import local_today
from hallbarhet.extensions import db
from hallbarhet.models import Issue, MeetingStatus
from tests.helpers import actions, count, edit_data, issue_events, page, valid

BAD_INPUT = [
    ("title", ""),
    ("title", "   "),
    ("title", "x" * 201),
    ("description", "x" * 5001),
    ("presenter", "x" * 201),
    ("estimated_minutes", "0"),
    ("estimated_minutes", "121"),
    ("estimated_minutes", "ett kvarts"),
    ("estimated_minutes", ""),
    ("kind", "gossip"),
    ("asked_for", ""),
    ("network", "999"),
    ("network", "neh"),
    ("work_area", "nsh-area"),
    ("work_area", "999"),
    ("desired_meeting", "nsh-meeting"),
    ("desired_meeting", "999"),
    ("desired_meeting", "cancelled"),
    ("affected", ["999"]),
    ("affected", ["many"]),
    ("goals", ["0"]),
    ("goals", ["18"]),
    ("latest_date", "next friday"),
]


def _bad_value(world, value):
    return (
        {
            "nsh-area": world.nsh.work_areas[0].id,
            "nsh-meeting": world.nsh_meeting.id,
            "cancelled": world.neh_later.id,
        }.get(value, value)
        if isinstance(value, str)
        else value
    )


@pytest.mark.parametrize("name, value", BAD_INPUT)
def test_bad_input_on_a_new_question_saves_nothing(client, login_as, world, name, value):
    world.neh_later.status = MeetingStatus.CANCELLED
    db.session.commit()
    login_as("representative", lang="en")
    response = client.post(
        "/issues/new", data=valid(world, action="submit", **{name: _bad_value(world, value)})
    )
    assert response.status_code == 422
    html = page(response)
    assert 'class="field__error"' in html and "The question was not saved." in html
    assert count(Issue) == 0 and issue_events() == 0


@pytest.mark.parametrize("name, value", BAD_INPUT[:8] + BAD_INPUT[13:17] + BAD_INPUT[20:])
def test_bad_input_on_an_edit_changes_nothing(client, login_as, world, submitted, name, value):
    login_as("representative", lang="en")
    before = (submitted.title, submitted.version, submitted.estimated_minutes)
    response = client.post(
        f"/issues/{submitted.id}/edit",
        data=edit_data(world, submitted, **{name: _bad_value(world, value)}),
    )
    assert response.status_code == 422
    assert 'class="field__error"' in page(response)
    db.session.refresh(submitted)
    assert (submitted.title, submitted.version, submitted.estimated_minutes) == before
    assert actions(submitted.id) == []


def test_an_edit_without_its_version_is_refused(client, login_as, world, submitted):
    login_as("representative", lang="en")
    data = edit_data(world, submitted, title="Utan version")
    del data["version"]
    response = client.post(f"/issues/{submitted.id}/edit", data=data)
    assert response.status_code == 422 and "The page was out of date." in page(response)
    db.session.refresh(submitted)
    assert submitted.title == "Klimatanpassningsplanen"


def test_errors_stand_beside_their_fields(client, login_as, world):
    login_as("representative", lang="en")
    html = page(client.post("/issues/new", data=valid(world, title="", estimated_minutes="500")))
    assert 'id="title-error"' in html and "Give the question a title." in html
    assert 'aria-describedby="title-help title-error"' in html
    assert 'id="estimated_minutes-error"' in html and "between 1 and 120" in html
    assert 'value="Utkastet' not in html and "Utkastet behöver synpunkter." in html


def test_a_latest_date_in_the_past_is_refused_beside_its_field(client, login_as, world):
    login_as("representative", lang="en")
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    response = client.post("/issues/new", data=valid(world, latest_date=yesterday))
    assert response.status_code == 422
    html = page(response)
    assert 'id="latest_date-error"' in html and "today or later" in html
    assert count(Issue) == 0
    today = local_today().isoformat()
    assert client.post("/issues/new", data=valid(world, latest_date=today)).status_code == 302


def test_a_latest_date_that_has_passed_since_may_stay_on_an_edit(
    client, login_as, world, submitted
):
    # The question was sent in time; its date has passed since. Editing something else
    # keeps it; only a new date in the past is refused.
    submitted.latest_date = local_today() - timedelta(days=3)
    db.session.commit()
    login_as("representative", lang="en")
    data = edit_data(
        world, submitted, title="Ny titel", latest_date=submitted.latest_date.isoformat()
    )
    assert client.post(f"/issues/{submitted.id}/edit", data=data).status_code == 302
    db.session.refresh(submitted)
    earlier = (local_today() - timedelta(days=5)).isoformat()
    data = edit_data(world, submitted, latest_date=earlier)
    assert client.post(f"/issues/{submitted.id}/edit", data=data).status_code == 422
