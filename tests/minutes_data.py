"""Meetings that have been held, their minutes written and published: built through the
minutes' own rules, for the tests in minutes/ and reportback/ and some in app/."""

from datetime import timedelta

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.minutes import operations
from hallbarhet.minutes.publishing import publish_minutes
from hallbarhet.models import (
    AgendaItem,
    Event,
    IssueStatus,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
)
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.factories import make_issue, make_meeting, session_id
from tests.helpers import count_statements


def past_meeting(world, network=None, days_ago=3, questions=(), theme="Avfallsplanen"):
    """A meeting that has been held days ago, with its agenda published and the questions
    [(title, submitter)] on it as scheduled items."""
    meeting = make_meeting(network or world.neh, -days_ago, theme)
    db.session.flush()
    closing = meeting.items[-1]
    for number, (title, submitter) in enumerate(questions):
        issue = make_issue(meeting.network, submitter, title=title, status=IssueStatus.SCHEDULED)
        meeting.items.append(
            AgendaItem(
                position=closing.position + number,
                title=title,
                kind=ItemKind.DIALOGUE,
                allotted_minutes=20,
                issue=issue,
            )
        )
    closing.position += len(questions)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.published_at = meeting.starts_at - timedelta(days=5)
    for item in meeting.items:
        item.updated_at = meeting.published_at - timedelta(days=1)
    db.session.commit()
    return meeting


def question_items(meeting):
    return [item for item in fresh(meeting).items if item.issue is not None]


def fresh(meeting):
    db.session.expire_all()
    return db.session.get(Meeting, meeting.id)


def local_today():
    return utcnow().astimezone(LOCAL_TZ).date()


def meeting_day(meeting):
    return meeting.starts_at.astimezone(LOCAL_TZ).date()


def write(world, meeting, item, notes="", outcome=None, actions=()):
    """Minutes of one item through the rules: notes, outcome, action items [(what, adm, due)]."""
    meeting = fresh(meeting)
    operations.save_item(
        world.coordinator, meeting, item.id, item.version, notes=notes, outcome=outcome
    )
    for what, administration, due in actions:
        operations.add_action(
            world.coordinator,
            fresh(meeting),
            item.id,
            what=what,
            administration_id=administration.id if administration else None,
            responsible_name="" if administration else "Kim Ansvarig",
            due_date=due,
        )


def publish(world, meeting):
    meeting = fresh(meeting)
    publish_minutes(world.coordinator, meeting, meeting.version)


def published_meeting(world, days_ago=10, due_in=20, network=None, submitter=None):
    """Held, written and published: one concluded question with an action item for the
    environment administration, due `due_in` days from today."""
    meeting = past_meeting(
        world,
        network,
        days_ago,
        [("Matsvinn i skolan", submitter or world.other_representative)],
    )
    (item,) = question_items(meeting)
    due = local_today() + timedelta(days=due_in)
    write(world, meeting, item, "Nätverket enades.", ItemOutcome.CONCLUDED,
          [("Ta fram underlag", world.env, due)])  # fmt: skip
    publish(world, meeting)
    return fresh(meeting)


def save(client, meeting, item, version=None, headers=None, **data):
    url = f"/meetings/{meeting.id}/minutes/items/{item.id}"
    data = {"version": item.version if version is None else version, **data}
    return client.post(url, data=data, headers=headers or {})


def add_action(client, meeting, item, **data):
    return client.post(f"/meetings/{meeting.id}/minutes/items/{item.id}/actions", data=data)


def events(action, meeting=None):
    query = select(Event).where(Event.action == action)
    if meeting is not None:
        query = query.where(Event.meeting_id == meeting.id)
    return db.session.scalars(query).all()


def grow(world, count):
    """count published meetings with an open action item each, and one more whose minutes
    have count questions, each with notes, an outcome and an action item."""
    for number in range(count):
        published_meeting(world, days_ago=20 + number, due_in=30 + number)
    questions = [(f"Fråga {n}", world.representative) for n in range(count)]
    meeting = past_meeting(world, days_ago=1, questions=questions)
    for item in question_items(meeting):
        write(world, meeting, item, "Text", ItemOutcome.DISCUSSED,
              [("Åtgärd", world.env, local_today() + timedelta(days=9))])  # fmt: skip
    publish(world, meeting)
    return meeting.id


def measure_statements(app, client, url, user_id):
    """Statements of one page view in an application context of its own: a fresh session
    with nothing in its identity map, as a served request has."""
    with app.app_context():
        with client.session_transaction() as session:
            session["_user_id"] = session_id(user_id)
            session["_fresh"] = True
        with count_statements() as statements:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(statements), len(response.get_data())
