"""The semester plan is rendered once per state and language and a revisit is a 304
(planning/queries.plan_state): a meeting planned, moved or cancelled, a deadline passing and
another reader's rights are never answered from an older copy."""

from datetime import timedelta

from hallbarhet.extensions import db
from hallbarhet.meetings.planning import queries as planning_queries
from hallbarhet.meetings.planning.operations import cancel_meeting
from hallbarhet.models import Meeting, User
from hallbarhet.models.base import utcnow
from tests.helpers import deadline_in


def _main(response) -> str:
    text = response.get_data(as_text=True)
    return text[text.find("<main") : text.find("</main>")]


def _row(response, meeting) -> str:
    text = _main(response)
    row = text[text.index(f'id="meeting-{meeting.id}"') :]
    return row[: row.index("</tr>")]


def test_a_revisit_is_a_304_until_a_meeting_changes(client, world, login_as):
    login_as("participant", lang="en")
    first = client.get("/meetings")
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    etag = {"If-None-Match": first.headers["ETag"]}
    assert client.get("/meetings", headers=etag).status_code == 304
    assert _main(client.get("/meetings")) == _main(first)

    # As a request of its own would: the plan's meetings were read without their items.
    meeting_id, coordinator_id = world.neh_meeting.id, world.coordinator.id
    db.session.expunge_all()
    meeting = db.session.get(Meeting, meeting_id)
    coordinator = db.session.get(User, coordinator_id)
    cancel_meeting(coordinator, meeting, meeting.version, "Lokalen är inte ledig")
    cancelled = client.get("/meetings", headers=etag)
    assert cancelled.status_code == 200
    assert "Lokalen är inte ledig" in _row(cancelled, meeting)


def test_a_changed_theme_is_shown_at_once(client, world, login_as):
    login_as("participant", lang="en")
    first = client.get("/meetings")
    meeting = db.session.get(Meeting, world.neh_meeting.id)
    meeting.theme = "Klimatanpassning och skyfall"
    db.session.commit()
    after = client.get("/meetings", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and "Klimatanpassning och skyfall" in _row(after, meeting)


def test_a_deadline_passing_is_shown_at_once(client, world, login_as, monkeypatch):
    # Nothing in the database changes when a deadline passes: only the time does.
    meeting = db.session.get(Meeting, world.neh_meeting.id)
    deadline_in(meeting, timedelta(hours=1))
    db.session.commit()
    login_as("participant", lang="en")
    first = client.get("/meetings")
    assert "passed" not in _row(first, meeting)
    later = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(planning_queries, "utcnow", lambda: later)
    after = client.get("/meetings", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and "passed" in _row(after, meeting)


def test_each_reader_gets_the_plan_as_it_is_for_them(client, world, login_as):
    login_as("participant", lang="en")
    participant = client.get("/meetings")
    assert "Plan a semester" not in _main(participant)
    login_as("coordinator", lang="en")
    coordinator = client.get("/meetings", headers={"If-None-Match": participant.headers["ETag"]})
    assert coordinator.status_code == 200 and "Plan a semester" in _main(coordinator)
    login_as("coordinator", lang="sv")
    swedish = client.get("/meetings", headers={"If-None-Match": coordinator.headers["ETag"]})
    assert swedish.status_code == 200 and "Planera en termin" in _main(swedish)
