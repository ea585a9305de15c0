from datetime import timedelta

import pytest

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import move_item, update_item
from hallbarhet.models import MeetingStatus
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.factories import make_meeting
from tests.meetings.test_meeting_page import (
    add_items,
    current,
    local_time,
    measure,
    publish,
    published_with_questions,
    schedule_question,
)


def agenda_page(client):
    response = client.get("/agenda")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(page, network):
    """The part of /agenda about one network."""
    start = page.index(f'id="network-{network.id}"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize(
    "role",
    [
        "coordinator",
        "neh_coordinator",
        "admin",
        "representative",
        "other_representative",
        "participant",
        "outsider",
    ],
)
def test_agenda_is_open_to_every_signed_in_user(client, world, login_as, role):
    login_as(role)
    assert client.get("/agenda").status_code == 200


def test_signed_out_user_is_sent_to_login(client, world):
    response = client.get("/agenda")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_user_without_a_network_gets_an_explanation(client, world, login_as):
    login_as("outsider", lang="en")
    page = agenda_page(client)
    assert "You are not a member of any network yet" in page
    assert "Klimatanpassning" not in page


def test_next_published_agenda_is_shown_in_full(client, world, login_as):
    meeting = world.neh_meeting
    meeting.place = "Stadshuset, sal B"
    db.session.commit()
    item = schedule_question(world)
    item.presenter = "Rita Representant"
    db.session.commit()
    publish(world)
    later = schedule_question(world, world.neh_later, title="Matavfall i skolorna")
    publish(world, world.neh_later)
    login_as("participant", lang="en")
    neh = section(agenda_page(client), world.neh)
    assert "Klimatanpassning" in neh
    assert meeting.name in neh
    assert meeting.starts_at.astimezone(LOCAL_TZ).strftime("%A") in neh
    assert f"{local_time(meeting.starts_at)}</time>–<time" in neh
    assert "v. " in neh and "On site" in neh and "Stadshuset, sal B" in neh
    assert item.issue.reference in neh and "Solceller på kommunens tak" in neh
    assert "Dialogue" in neh and "Rita Representant" in neh
    assert f"{local_time(meeting.starts_at + timedelta(minutes=25))}</time>" in neh
    assert f"/meetings/{meeting.id}.ics" in neh and "Add to calendar (.ics)" in neh
    assert f'href="/meetings/{meeting.id}"' in neh
    assert later.title not in neh and "Avfallsplan" not in neh
    assert "badge--changed" not in neh


def test_network_without_a_published_agenda_says_so(client, world, login_as):
    schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    page = agenda_page(client)
    nsh = section(page, world.nsh)
    assert "No agenda has been published yet for a coming meeting" in nsh
    assert "Barnperspektiv" in nsh
    assert world.nsh_meeting.starts_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d") in nsh
    assert f"/meetings/{world.nsh_meeting.id}.ics" not in nsh
    assert "No agenda has been published yet" not in section(page, world.neh)


def test_network_without_any_coming_meeting_says_so(client, world, login_as):
    world.nsh_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    login_as("participant", lang="en")
    assert "No meeting is planned yet." in section(agenda_page(client), world.nsh)


def test_ended_agendas_give_way_to_the_next(client, world, login_as):
    past = make_meeting(world.neh, -1, "Förra mötet")
    past.status = MeetingStatus.AGENDA_PUBLISHED
    past.published_at = utcnow() - timedelta(days=5)
    schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    neh = section(agenda_page(client), world.neh)
    assert "Förra mötet" not in neh
    assert "Klimatanpassning" in neh


def test_a_meeting_under_way_is_still_the_next_agenda(client, world, login_as):
    ongoing = make_meeting(world.neh, 0, "Pågående möte")
    ongoing.starts_at = utcnow() - timedelta(minutes=30)
    ongoing.status = MeetingStatus.AGENDA_PUBLISHED
    ongoing.published_at = utcnow() - timedelta(days=5)
    schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    neh = section(agenda_page(client), world.neh)
    assert "Pågående möte" in neh
    assert "Klimatanpassning" not in neh


def test_users_see_only_their_networks(client, world, login_as):
    login_as("neh_coordinator")
    page = agenda_page(client)
    assert world.neh.name in page and world.nsh.name not in page


def test_admin_sees_every_network(client, world, login_as):
    login_as("admin")
    page = agenda_page(client)
    assert world.neh.name in page and world.nsh.name in page


def test_item_changed_after_publishing_is_marked(client, world, login_as):
    item = schedule_question(world)
    publish(world)
    meeting = current(world.neh_meeting)
    update_item(world.coordinator, meeting, item.id, meeting.version, minutes=25, presenter="")
    login_as("participant", lang="en")
    neh = section(agenda_page(client), world.neh)
    row = neh[neh.index(f'id="item-{item.id}"') :]
    assert "Changed" in row[: row.index("</tr>")]
    opening = neh[neh.index(f'id="item-{meeting.items[0].id}"') :]
    assert "Changed" not in opening[: opening.index("</tr>")]


def test_a_change_after_publishing_shows_at_once(client, world, login_as):
    """The rendered agenda is kept between requests; a change is never served stale."""
    item = schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    before = section(agenda_page(client), world.neh)
    assert section(agenda_page(client), world.neh) == before
    meeting = current(world.neh_meeting)
    update_item(world.coordinator, meeting, item.id, meeting.version, minutes=40, presenter="Ny")
    meeting = current(world.neh_meeting)
    move_item(world.coordinator, meeting, item.id, "up", meeting.version)
    after = section(agenda_page(client), world.neh)
    row = after[after.index(f'id="item-{item.id}"') :]
    assert ">40<" in row[: row.index("</tr>")] and "Ny" in row[: row.index("</tr>")]
    assert after.index(f'id="item-{item.id}"') < before.index(f'id="item-{item.id}"')


def test_each_language_gets_its_own_agenda(client, world, login_as):
    schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    assert "Add to calendar (.ics)" in section(agenda_page(client), world.neh)
    login_as("participant", lang="sv")
    swedish = section(agenda_page(client), world.neh)
    assert "Add to calendar (.ics)" not in swedish and "Lägg till i kalendern" in swedish


def test_planned_items_do_not_leak_before_publishing(client, world, login_as):
    schedule_question(world)
    login_as("participant")
    page = agenda_page(client)
    assert "Solceller på kommunens tak" not in page


@pytest.mark.parametrize("role", ["participant", "admin"])
def test_agenda_statements_do_not_grow_with_the_items(client, world, login_as, role):
    neh_id = published_with_questions(world, 3).id
    nsh_id = published_with_questions(world, 3, world.nsh_meeting).id
    login_as(role)
    few, _page = measure(client, "/agenda")
    add_items(neh_id, 12)
    add_items(nsh_id, 12)
    many, page = measure(client, "/agenda")
    assert page.count('<tr id="item-') == 30
    assert len(many) == len(few)


def test_a_revisit_is_a_304_until_an_agenda_changes(client, world, login_as):
    item = schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    first = client.get("/agenda")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    etag = {"If-None-Match": first.headers["ETag"]}
    assert client.get("/agenda", headers=etag).status_code == 304
    meeting = current(world.neh_meeting)
    update_item(world.coordinator, meeting, item.id, meeting.version, minutes=40, presenter="Ny")
    changed = client.get("/agenda", headers=etag)
    assert changed.status_code == 200 and ">40<" in section(
        changed.get_data(as_text=True), world.neh
    )
    login_as("representative", lang="en")
    other = client.get("/agenda", headers={"If-None-Match": changed.headers["ETag"]})
    assert other.status_code == 200 and world.representative.name in other.get_data(as_text=True)
