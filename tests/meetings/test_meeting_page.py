import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import publish_agenda, update_item
from hallbarhet.models import (
    AgendaItem,
    Event,
    IssueStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    User,
)
from hallbarhet.models.base import LOCAL_TZ, utcnow
from hallbarhet.triage.operations import schedule
from tests.factories import make_issue
from tests.helpers import count_statements

HTMX = {"HX-Request": "true"}


# Helpers shared with tests/agenda/test_agenda_page.py, test_ics.py and other tests.


def schedule_question(
    world, meeting=None, title="Solceller på kommunens tak", minutes=15, submitter=None
):
    """A submitted question put on the agenda by the world's coordinator."""
    meeting = meeting or world.neh_meeting
    issue = make_issue(meeting.network, submitter or world.representative, title=title)
    db.session.commit()
    return schedule(
        world.coordinator, issue, meeting, issue.version, kind=ItemKind.DIALOGUE, minutes=minutes
    )


def publish(world, meeting=None):
    meeting = meeting or world.neh_meeting
    publish_agenda(world.coordinator, meeting, meeting.version)


def add_items(meeting_id, count, emails=("representative@test.se", "other@test.se")):
    """Questions from the submitters' administrations straight on the agenda, without triage."""
    meeting = db.session.get(Meeting, meeting_id)
    submitters = db.session.scalars(
        select(User).where(User.email.in_(emails)).order_by(User.email)
    ).all()
    start = len(meeting.items)
    for number in range(count):
        issue = make_issue(
            meeting.network,
            submitters[number % len(submitters)],
            title=f"Fråga nummer {start + number}",
            status=IssueStatus.SCHEDULED,
        )
        db.session.add(
            AgendaItem(
                meeting=meeting,
                position=start + number,
                title=issue.title,
                kind=ItemKind.INFORMATION,
                allotted_minutes=5,
                issue=issue,
            )
        )
    # As every agenda change in the app does (meetings/operations.py): the version moves on.
    meeting.updated_at = utcnow()
    db.session.commit()


def published_with_questions(world, count, meeting=None):
    """A published agenda of only questions (no standing items), straight in the database."""
    meeting = meeting or world.neh_meeting
    meeting.items.clear()
    db.session.commit()
    # One administration first, so that loading a second one later would show in the count.
    add_items(meeting.id, count, emails=("representative@test.se",))
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.published_at = utcnow()
    db.session.commit()
    return meeting


def measure(client, url):
    """The statements one page view issues, loading everything afresh as a new request does.

    The test client keeps one application context, and with it the signed-in user in `g`
    and the database session; both are dropped first (the world's objects are then detached)."""
    g.pop("_login_user", None)
    db.session.remove()
    with count_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements, response.get_data(as_text=True)


def local_time(value):
    return value.astimezone(LOCAL_TZ).strftime("%H:%M")


def positions(meeting_id):
    db.session.expire_all()
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
    )
    return [item.title for item in items]


def current(meeting):
    db.session.expire_all()
    return db.session.get(Meeting, meeting.id)


def events(meeting, action):
    return db.session.scalars(
        select(Event).where(Event.meeting_id == meeting.id, Event.action == action)
    ).all()


def move(client, meeting, item, direction, version=None, headers=None):
    return client.post(
        f"/meetings/{meeting.id}/items/{item.id}/move",
        data={"direction": direction, "version": meeting.version if version is None else version},
        headers=headers or {},
    )


def publish_post(client, meeting, version=None):
    data = {} if version is False else {"version": meeting.version if version is None else version}
    return client.post(f"/meetings/{meeting.id}/publish", data=data)


def change(client, meeting, item, minutes="20", presenter="Rita", version=None, headers=None):
    return client.post(
        f"/meetings/{meeting.id}/items/{item.id}",
        data={
            "minutes": minutes,
            "presenter": presenter,
            "version": meeting.version if version is None else version,
        },
        headers=headers or {},
    )


# Who sees the meeting page.


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 200),
        ("neh_coordinator", 200),
        ("admin", 200),
        ("representative", 200),
        ("other_representative", 200),
        ("participant", 200),
        ("outsider", 404),
    ],
)
def test_meeting_page_per_role(client, world, login_as, role, status):
    login_as(role)
    assert client.get(f"/meetings/{world.neh_meeting.id}").status_code == status


def test_meeting_of_a_network_the_user_is_not_in_is_not_found(client, world, login_as):
    login_as("neh_coordinator")
    assert client.get(f"/meetings/{world.nsh_meeting.id}").status_code == 404


def test_unknown_meeting_is_not_found(client, world, login_as):
    login_as("coordinator")
    assert client.get("/meetings/9999").status_code == 404


def test_signed_out_user_is_sent_to_login(client, world):
    meeting = world.neh_meeting
    item = meeting.items[0]
    for response in (
        client.get(f"/meetings/{meeting.id}"),
        move(client, meeting, item, "down"),
        change(client, meeting, item),
        publish_post(client, meeting),
    ):
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert positions(meeting.id)[0] == item.title


def test_page_shows_theme_time_place_and_deadlines(client, world, login_as):
    meeting = world.neh_meeting
    meeting.place = "Stadshuset, sal B"
    meeting.theme_description = "Hur rustar vi staden för skyfall?"
    db.session.commit()
    login_as("participant", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert re.search(r"<h1>\s*Klimatanpassning\s*</h1>", page)
    assert meeting.name in page
    assert f"{local_time(meeting.starts_at)}</time>–<time" in page
    assert local_time(meeting.ends_at) in page
    assert "v. " in page
    assert meeting.starts_at.astimezone(LOCAL_TZ).strftime("%A") in page
    assert "Hur rustar vi staden för skyfall?" in page
    assert "Stadshuset, sal B" in page
    assert "On site" in page
    assert "Planned" in page
    assert meeting.submission_deadline.astimezone(LOCAL_TZ).strftime("%Y-%m-%d") in page
    assert meeting.agenda_due.astimezone(LOCAL_TZ).strftime("%Y-%m-%d") in page


# Who sees the agenda.


@pytest.mark.parametrize("role", ["participant", "representative"])
def test_members_see_the_agenda_only_once_published(client, world, login_as, role):
    schedule_question(world)
    login_as(role, lang="en")
    page = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    assert "The agenda is not yet published" in page
    assert "Solceller på kommunens tak" not in page
    publish(world)
    page = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    assert "The agenda is not yet published" not in page
    assert "Solceller på kommunens tak" in page
    assert "Agenda published" in page
    assert "/move" not in page and "Publish the agenda" not in page


@pytest.mark.parametrize("role", ["coordinator", "neh_coordinator", "admin"])
def test_coordinators_and_admins_see_the_working_agenda(client, world, login_as, role):
    item = schedule_question(world)
    login_as(role, lang="en")
    page = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    assert "The agenda is not yet published" not in page
    assert item.issue.reference in page
    assert f'href="/issues/{item.issue.id}"' in page
    assert "Miljöförvaltningen" in page
    assert "Dialogue" in page
    assert f"/meetings/{world.neh_meeting.id}/items/{item.id}/move" in page
    assert "Publish the agenda" in page


def test_controls_say_which_item_and_ends_have_one_direction(client, world, login_as):
    meeting = world.neh_meeting
    first, last = meeting.items[0], meeting.items[-1]
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'id="up-{first.id}"' not in page and f'id="down-{first.id}"' in page
    assert f'id="down-{last.id}"' not in page and f'id="up-{last.id}"' in page
    assert f'Move up<span class="visually-hidden">: {last.title}</span>' in page


def test_start_times_follow_the_allotted_minutes(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    times = re.findall(r'agenda-table__time"><time datetime="[^"]+">(\d\d:\d\d)<', page)
    start = meeting.starts_at
    assert times == [
        local_time(start),
        local_time(start + timedelta(minutes=5)),
        local_time(start + timedelta(minutes=25)),
    ]


def test_budget_shows_minutes_left(client, world, login_as):
    schedule_question(world, minutes=15)
    login_as("participant", lang="en")
    publish(world)
    page = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    assert "Allotted 45 of 120 min" in page
    assert "75 min left" in page
    assert "budget--over" not in page
    assert "budget__fill w-35" in page


def test_budget_over_is_warned_in_words(client, world, login_as):
    meeting = world.neh_meeting
    schedule_question(world, minutes=100)
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    end = local_time(meeting.starts_at + timedelta(minutes=130))
    assert "budget--over" in page
    assert f"Over by 10 min: the meeting would end at {end}" in page
    assert "min left" not in page


# Reordering.


def test_coordinator_moves_an_item_down(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    login_as("coordinator")
    response = move(client, meeting, item, "down")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/meetings/{meeting.id}#item-{item.id}"
    assert positions(meeting.id)[-1] == "Solceller på kommunens tak"
    assert len(events(meeting, "item_moved")) == 1


def test_admin_moves_an_item_up(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    login_as("admin")
    assert move(client, meeting, item, "up").status_code == 302
    assert positions(meeting.id)[1] == "Solceller på kommunens tak"


def test_moving_the_first_item_up_is_refused(client, world, login_as):
    meeting = world.neh_meeting
    before = positions(meeting.id)
    login_as("coordinator", lang="en")
    response = move(client, meeting, meeting.items[0], "up")
    assert response.status_code == 422
    assert "The item cannot move further." in response.get_data(as_text=True)
    assert positions(meeting.id) == before
    assert events(meeting, "item_moved") == []


def test_unknown_direction_is_refused(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator")
    assert move(client, meeting, meeting.items[1], "sideways").status_code == 422
    assert move(client, meeting, meeting.items[1], "up", version="x").status_code == 422
    assert events(meeting, "item_moved") == []


def test_moving_with_htmx_returns_the_agenda_fragment(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    login_as("coordinator", lang="en")
    response = move(client, meeting, item, "up", headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in page and "<h1" not in page
    assert 'data-hx-swap-oob="innerHTML"' in page
    assert "Moved: Solceller på kommunens tak" in page
    assert re.search(rf'id="up-{item.id}"[^>]*data-focus', page)
    assert positions(meeting.id)[1] == "Solceller på kommunens tak"
    assert f'name="version" value="{current(meeting).version}"' in page


def test_moving_to_the_top_keeps_focus_on_the_item(client, world, login_as):
    meeting = world.neh_meeting
    second = meeting.items[1]
    login_as("coordinator")
    page = move(client, meeting, second, "up", headers=HTMX).get_data(as_text=True)
    assert re.search(rf'id="down-{second.id}"[^>]*data-focus', page)


def test_stale_version_is_refused_and_shows_the_current_agenda(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    stale = meeting.version - 1
    before = positions(meeting.id)
    login_as("coordinator", lang="en")
    response = move(client, meeting, item, "up", version=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "<html" in page
    assert "Someone else changed this agenda" in page
    assert "Solceller på kommunens tak" in page
    assert positions(meeting.id) == before
    response = change(client, meeting, item, version=stale, headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "<html" not in page and "Someone else changed this agenda" in page
    assert f'name="version" value="{meeting.version}"' in page
    assert current(meeting).items[2].allotted_minutes == 15


def test_unknown_item_or_item_of_another_meeting_is_not_found(client, world, login_as):
    meeting = world.neh_meeting
    other = world.neh_later.items[0]
    login_as("coordinator")
    assert (
        client.post(
            f"/meetings/{meeting.id}/items/9999/move",
            data={"direction": "up", "version": meeting.version},
        ).status_code
        == 404
    )
    assert move(client, meeting, other, "down").status_code == 404
    assert change(client, meeting, other).status_code == 404
    assert positions(world.neh_later.id)[0] == other.title


@pytest.mark.parametrize("role", ["participant", "representative", "outsider"])
def test_members_without_the_coordinator_role_may_not_change(client, world, login_as, role):
    meeting = world.neh_meeting
    item = meeting.items[1]
    login_as(role)
    assert move(client, meeting, item, "up").status_code == 403
    assert change(client, meeting, item).status_code == 403
    assert publish_post(client, meeting).status_code == 403
    assert positions(meeting.id)[1] == item.title
    assert current(meeting).status == MeetingStatus.PLANNED


def test_coordinator_of_the_other_network_may_not_change(client, world, login_as):
    meeting = world.nsh_meeting
    item = meeting.items[1]
    login_as("neh_coordinator")
    assert move(client, meeting, item, "up").status_code == 403
    assert change(client, meeting, item, minutes="abc").status_code == 403
    assert publish_post(client, meeting).status_code == 403
    assert current(meeting).items[1].allotted_minutes == 20


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.CANCELLED])
def test_held_or_cancelled_meeting_cannot_change(client, world, login_as, status):
    meeting = world.neh_meeting
    meeting.status = status
    db.session.commit()
    item = meeting.items[1]
    login_as("coordinator")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "/move" not in page
    assert move(client, meeting, item, "up").status_code == 409
    assert change(client, meeting, item).status_code == 409
    assert publish_post(client, meeting).status_code == 409
    assert positions(meeting.id)[1] == item.title
    assert current(meeting).items[1].allotted_minutes == 20


# Minutes and presenter.


def test_coordinator_changes_minutes_and_presenter(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    login_as("coordinator")
    response = change(client, meeting, item, minutes="25", presenter="  Rita Representant ")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/meetings/{meeting.id}#item-{item.id}"
    db.session.expire_all()
    changed = db.session.get(AgendaItem, item.id)
    assert changed.allotted_minutes == 25
    assert changed.presenter == "Rita Representant"
    [event_row] = events(meeting, "item_changed")
    assert event_row.from_value == "15 min, "
    assert event_row.to_value == "25 min, Rita Representant"


def test_change_with_htmx_returns_the_fragment_with_new_times(client, world, login_as):
    meeting = world.neh_meeting
    opening = meeting.items[0]
    login_as("coordinator", lang="en")
    response = change(client, meeting, opening, minutes="10", presenter="Cora", headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page
    assert "Saved: " in page
    assert re.search(rf'id="save-{opening.id}"[^>]*data-focus', page)
    assert local_time(meeting.starts_at + timedelta(minutes=10)) in page


@pytest.mark.parametrize("minutes", ["", "abc", "-1", "481", "12.5"])
def test_bad_minutes_are_refused_beside_the_field(client, world, login_as, minutes):
    meeting = world.neh_meeting
    item = meeting.items[1]
    login_as("coordinator", lang="en")
    for headers in ({}, HTMX):
        response = change(client, meeting, item, minutes=minutes, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert f'id="minutes-{item.id}-error"' in page
        assert "Enter a whole number of minutes from 0 to 480." in page
        assert re.search(rf'id="minutes-{item.id}"[^>]*aria-invalid="true"', page, re.S)
    assert current(meeting).items[1].allotted_minutes == 20
    assert events(meeting, "item_changed") == []


def test_too_long_presenter_is_refused(client, world, login_as):
    meeting = world.neh_meeting
    item = meeting.items[1]
    login_as("coordinator", lang="en")
    response = change(client, meeting, item, presenter="x" * 201)
    assert response.status_code == 422
    assert f'id="presenter-{item.id}-error"' in response.get_data(as_text=True)
    assert current(meeting).items[1].presenter == ""


def test_item_changed_after_publishing_is_marked(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    assert "badge--changed" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    meeting = current(meeting)
    update_item(world.coordinator, meeting, item.id, meeting.version, minutes=30, presenter="")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    row = page[page.index(f'id="item-{item.id}"') :]
    row = row[: row.index("</tr>")]
    assert "Changed" in row


# Publishing.


def test_coordinator_publishes_the_agenda(client, world, login_as):
    meeting = world.neh_meeting
    schedule_question(world)
    login_as("coordinator", lang="en")
    response = publish_post(client, meeting)
    assert response.status_code == 302
    published = current(meeting)
    assert published.status == MeetingStatus.AGENDA_PUBLISHED
    assert published.published_at is not None
    [status_event] = events(meeting, "status")
    assert status_event.to_value == "agenda_published"
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Agenda published" in page and "Publish the agenda" not in page
    assert 'class="publish-form"' not in page


def test_publish_form_asks_for_confirmation(client, world, login_as):
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    assert re.search(r'<form class="publish-form"[^>]*data-confirm="Publish the agenda', page)


def test_publishing_an_empty_agenda_is_refused(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator", lang="en")
    response = publish_post(client, meeting)
    assert response.status_code == 422
    assert "Put at least one question or item on the agenda" in response.get_data(as_text=True)
    assert current(meeting).status == MeetingStatus.PLANNED
    assert events(meeting, "status") == []


def test_publishing_twice_or_stale_is_a_conflict(client, world, login_as):
    meeting = world.neh_meeting
    schedule_question(world)
    login_as("coordinator", lang="en")
    stale = meeting.version - 1
    response = publish_post(client, meeting, stale)
    assert response.status_code == 409
    assert current(meeting).status == MeetingStatus.PLANNED
    publish(world)
    response = publish_post(client, current(meeting))
    assert response.status_code == 409
    assert len(events(meeting, "status")) == 1


def test_publish_without_version_is_refused(client, world, login_as):
    meeting = world.neh_meeting
    schedule_question(world)
    login_as("coordinator")
    assert publish_post(client, meeting, version=False).status_code == 422
    assert current(meeting).status == MeetingStatus.PLANNED


# Statements per page.


@pytest.mark.parametrize("role", ["coordinator", "participant", "admin"])
def test_meeting_page_statements_do_not_grow_with_the_items(client, world, login_as, role):
    meeting_id = published_with_questions(world, 3).id
    login_as(role)
    few, _page = measure(client, f"/meetings/{meeting_id}")
    add_items(meeting_id, 12)
    many, page = measure(client, f"/meetings/{meeting_id}")
    assert page.count('<tr id="item-') == 15
    assert "Fråga nummer 14" in page
    assert len(many) == len(few), "\n".join(many) + "\n======\n" + "\n".join(few)
