"""What a request may send: no more fields and bytes than the largest form needs, with
room to spare; more is refused unread with a 413 that says so."""

from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from hallbarhet.extensions import db
from hallbarhet.models import LoginFailure, Meeting
from tests.meetings.test_planning import coming_semester, day_in, plan_form, row
from tests.minutes_data import fresh, past_meeting, question_items, save

URLENCODED = "application/x-www-form-urlencoded"
TOO_LARGE = "Formuläret du skickade var större än något formulär här tar emot"


def assert_too_large(response):
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "<h1>För stort</h1>" in page and TOO_LARGE in page
    return page


def test_many_empty_fields_to_the_sign_in_form_are_refused_unread(app, client, world):
    body = b"a=&" * 270_000  # about 0.8 MB, below the limit on bytes
    assert len(body) < app.config["MAX_CONTENT_LENGTH"]
    assert_too_large(client.post("/login", data=body, content_type=URLENCODED))
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 0


def test_many_fields_in_a_multipart_form_are_refused_too(client, world):
    boundary = "b0undary"
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n'
    body = (part * 2000 + f"--{boundary}--\r\n").encode()
    response = client.post(
        "/login", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert_too_large(response)


def test_a_body_larger_than_any_form_is_refused(app, client, world):
    body = urlencode({"email": "a" * app.config["MAX_CONTENT_LENGTH"], "password": "x"})
    assert_too_large(client.post("/login", data=body, content_type=URLENCODED))


def test_the_largest_form_a_coordinator_sends_still_passes(app, client, world, login_as):
    """A semester of 20 meetings (the most the form takes), every text at its longest and
    in letters that travel as six bytes each (å is %C3%A5): the largest body and the most
    fields of any form."""
    login_as("coordinator")
    semester = coming_semester()
    rows = [
        row(
            day_in(semester, 2 * number),
            theme="å" * 200,
            place="ä" * 300,
            description="ö" * 5000,
        )
        for number in range(20)
    ]
    data = plan_form(semester, rows) | {"csrf_token": "x" * 91}
    body = urlencode(data)
    assert len(data) <= app.config["MAX_FORM_PARTS"] // 3
    assert len(body) <= app.config["MAX_CONTENT_LENGTH"] * 0.7
    response = client.post("/networks/neh/meetings/new", data=body, content_type=URLENCODED)
    assert response.status_code == 302
    themes = db.session.scalars(select(Meeting.theme).where(Meeting.theme == "å" * 200)).all()
    assert len(themes) == 20


def test_the_longest_minutes_notes_still_pass(client, world, login_as):
    meeting = past_meeting(world, questions=[("Solceller", world.representative)])
    (item,) = question_items(meeting)
    login_as("coordinator")
    assert save(client, meeting, item, notes="å" * 20_000).status_code == 302
    assert question_items(fresh(meeting))[0].notes == "å" * 20_000


@pytest.mark.parametrize("name", ["MAX_CONTENT_LENGTH", "MAX_FORM_PARTS", "MAX_FORM_MEMORY_SIZE"])
def test_every_limit_on_a_request_is_set(app, name):
    assert app.config[name]
