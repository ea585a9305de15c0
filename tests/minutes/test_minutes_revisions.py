"""Published minutes are an official record: a correction is a new revision, and every
earlier published revision stays readable as it was published."""

from datetime import timedelta

from flask_migrate import stamp, upgrade
from sqlalchemy import select, text

from hallbarhet import create_app
from hallbarhet.extensions import db
from hallbarhet.minutes import operations
from hallbarhet.models import (
    ActionItem,
    Event,
    ItemOutcome,
    MeetingStatus,
    MinutesRevision,
)
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.factories import make_world
from tests.minutes_data import (
    add_action,
    events,
    local_today,
    past_meeting,
    published_meeting,
    question_items,
    save,
)

HTMX = {"HX-Request": "true"}
CORRECTED = "Nätverket enades, med tillägg om skolorna."


def revisions(meeting):
    db.session.expire_all()
    query = select(MinutesRevision).where(MinutesRevision.meeting_id == meeting.id)
    return db.session.scalars(query.order_by(MinutesRevision.number)).all()


def today() -> str:
    return utcnow().astimezone(LOCAL_TZ).date().isoformat()


def correct(client, meeting, notes=CORRECTED, reason="Skolorna föll bort.", headers=None):
    (item,) = question_items(meeting)
    return save(
        client, meeting, item, notes=notes, outcome=item.outcome.value, reason=reason,
        headers=headers,
    )  # fmt: skip


def test_publishing_freezes_revision_one(world):
    meeting = published_meeting(world)
    (revision,) = revisions(meeting)
    assert (revision.number, revision.published_by_id) == (1, world.coordinator.id)
    assert revision.published_at == meeting.minutes_published_at
    (item,) = question_items(meeting)
    frozen = next(each for each in revision.content["items"] if each["item_id"] == item.id)
    assert frozen["title"] == "Matsvinn i skolan" and frozen["reference"] == item.issue.reference
    assert (frozen["notes"], frozen["outcome"]) == ("Nätverket enades.", "concluded")
    (action,) = frozen["actions"]
    assert (action["what"], action["administration"]) == ("Ta fram underlag", "Miljöförvaltningen")
    assert action["due_date"] == item.action_items[0].due_date.isoformat()
    assert len(revision.content["items"]) == len(meeting.items)


def test_a_correction_is_a_new_revision_and_the_first_stays_readable(client, world, login_as):
    meeting = published_meeting(world)
    login_as("coordinator", lang="en")
    response = correct(client, meeting)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "published as revision 2" in page
    first, second = revisions(meeting)
    assert (second.number, second.published_by_id) == (2, world.coordinator.id)
    assert second.reason == "Skolorna föll bort."
    assert [item["notes"] for item in second.content["items"] if item["outcome"]] == [CORRECTED]
    assert [item["notes"] for item in first.content["items"] if item["outcome"]] == [
        "Nätverket enades."
    ]
    assert [(e.message, e.to_value) for e in events("minutes_corrected", meeting)] == [
        ("Matsvinn i skolan", "2")
    ]

    login_as("participant", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert CORRECTED in page and f"Corrected {today()} by Cora Samordnare" in page
    assert f'href="/meetings/{meeting.id}/minutes/revisions/1"' in page
    assert "Skolorna föll bort." in page
    earlier = client.get(f"/meetings/{meeting.id}/minutes/revisions/1")
    assert earlier.status_code == 200
    text = earlier.get_data(as_text=True)
    assert "Nätverket enades." in text and CORRECTED not in text
    assert "Ta fram underlag" in text and "Concluded" in text
    assert "an earlier revision" in text and f'href="/meetings/{meeting.id}"' in text
    printed = client.get(f"/meetings/{meeting.id}/minutes/print?revision=1").get_data(as_text=True)
    assert "Nätverket enades." in printed and CORRECTED not in printed
    assert "Revision 1 of 2" in printed
    current = client.get(f"/meetings/{meeting.id}/minutes/print").get_data(as_text=True)
    assert CORRECTED in current and f"/meetings/{meeting.id}/minutes/print?revision=1" in current
    assert f"Corrected {today()} by Cora Samordnare" in current
    latest = client.get(f"/meetings/{meeting.id}/minutes/revisions/2").get_data(as_text=True)
    assert CORRECTED in latest and "an earlier revision" not in latest

    login_as("representative", lang="sv")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"Rättad {today()} av Cora Samordnare" in page


def test_the_minutes_page_lists_the_revisions_and_asks_for_a_reason(client, world, login_as):
    meeting = published_meeting(world)
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert 'name="reason"' in page and "Publish the correction" in page
    assert f'href="/meetings/{meeting.id}/minutes/revisions/1"' in page
    response = correct(client, meeting, reason="x" * 501)
    assert response.status_code == 422 and "Write at most 500 characters." in response.get_data(
        as_text=True
    )
    assert len(revisions(meeting)) == 1
    # Through htmx too, a correction leaves the page for the page that shows the new revision.
    response = correct(client, meeting, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith(f"/meetings/{meeting.id}/minutes#")
    assert [revision.number for revision in revisions(meeting)] == [1, 2]
    page = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert f"Corrected {today()} by Cora Samordnare" in page
    assert f'href="/meetings/{meeting.id}/minutes/revisions/2"' in page


def test_each_correction_and_late_action_item_is_a_revision_of_its_own(client, world, login_as):
    meeting = published_meeting(world)
    login_as("coordinator", lang="en")
    assert correct(client, meeting, reason="").status_code == 302
    # The same text again is no correction.
    assert correct(client, meeting, reason="Igen").status_code == 302
    (item,) = question_items(meeting)
    due = (local_today() + timedelta(days=40)).isoformat()
    data = {"what": "Följ upp i skolorna", "administration": str(world.social.id), "due_date": due}
    assert add_action(client, meeting, item, **data).status_code == 302
    numbers = [(r.number, r.reason) for r in revisions(meeting)]
    assert numbers == [(1, ""), (2, ""), (3, "")]
    frozen = [
        next(each for each in revision.content["items"] if each["item_id"] == item.id)
        for revision in revisions(meeting)
    ]
    assert [len(each["actions"]) for each in frozen] == [1, 1, 2]
    assert frozen[2]["actions"][1]["what"] == "Följ upp i skolorna"
    assert revisions(meeting)[2].published_by_id == world.coordinator.id
    # Marking an action item done changes no published text: no revision.
    action = db.session.scalar(select(ActionItem).order_by(ActionItem.id))
    operations.mark_done(world.coordinator, action, action.version)
    assert len(revisions(meeting)) == 3
    login_as("participant", lang="en")
    earlier = client.get(f"/meetings/{meeting.id}/minutes/revisions/2").get_data(as_text=True)
    assert "Följ upp i skolorna" not in earlier and CORRECTED in earlier


def test_revisions_that_do_not_exist_or_are_not_published_are_not_found(client, world, login_as):
    meeting = published_meeting(world)
    draft = past_meeting(world, questions=[("Utkast", world.representative)], days_ago=2)
    login_as("participant", lang="en")
    for url in (
        f"/meetings/{meeting.id}/minutes/revisions/2",
        f"/meetings/{meeting.id}/minutes/revisions/0",
        f"/meetings/{draft.id}/minutes/revisions/1",
        f"/meetings/{meeting.id}/minutes/print?revision=9",
        f"/meetings/{meeting.id}/minutes/print?revision=abc",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "no such revision" in response.get_data(as_text=True) or "not yet" in (
            response.get_data(as_text=True)
        ), url
    login_as("outsider")
    assert client.get(f"/meetings/{meeting.id}/minutes/revisions/1").status_code == 404


def test_the_migration_gives_published_minutes_a_first_revision(tmp_path):
    """Minutes published before revisions existed get revision 1 from what they hold."""
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"}
    )
    with app.app_context(), app.test_request_context():
        # The data is made with today's models on today's schema; then the revisions' table
        # goes and the database is marked as from before it, so that the migration that
        # brings it runs on minutes published without revisions.
        upgrade()
        world = make_world()
        meeting = past_meeting(world, questions=[("Solceller", world.representative)])
        item = next(each for each in meeting.items if each.issue is not None)
        item.notes, item.outcome = "Beslut om solceller.", ItemOutcome.CONCLUDED
        db.session.add(
            ActionItem(agenda_item=item, what="Räkna på taken", due_date=local_today(),
                       responsible_name="Kim Ansvarig")
        )  # fmt: skip
        meeting.status = MeetingStatus.MINUTES_PUBLISHED
        meeting.minutes_published_at = utcnow() - timedelta(days=1)
        db.session.add(
            Event(action="status", actor=world.neh_coordinator, meeting=meeting,
                  from_value="held", to_value="minutes_published")
        )  # fmt: skip
        db.session.commit()
        past_meeting(world, days_ago=1)  # held, its minutes not published: no revision
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE minutes_revision"))
        stamp(revision="f3a7c9e1b5d2")
        upgrade(revision="f3a7c9d1b2e6")
        stamp()
        (revision,) = db.session.scalars(select(MinutesRevision)).all()
        assert (revision.meeting_id, revision.number) == (meeting.id, 1)
        assert revision.published_by_id == world.neh_coordinator.id
        assert revision.published_at == meeting.minutes_published_at
        frozen = next(each for each in revision.content["items"] if each["item_id"] == item.id)
        assert (frozen["notes"], frozen["outcome"]) == ("Beslut om solceller.", "concluded")
        assert frozen["reference"] == item.issue.reference
        assert frozen["actions"] == [
            {"what": "Räkna på taken", "administration": None, "person": "Kim Ansvarig",
             "due_date": local_today().isoformat()}
        ]  # fmt: skip
        assert [i["title"] for i in revision.content["items"]] == [
            each.title for each in db.session.get(type(meeting), meeting.id).items
        ]
