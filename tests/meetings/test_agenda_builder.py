"""The agenda builder: free items, kinds, removing items, the network's standing items, the
print view."""

import re

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import (
    AgendaItem,
    Event,
    IssueStatus,
    ItemKind,
    MeetingStatus,
    Network,
    StandingItem,
)
from hallbarhet.models.base import LOCAL_TZ
from tests.factories import make_meeting
from tests.meetings.test_meeting_page import (
    HTMX,
    change,
    current,
    events,
    positions,
    publish,
    schedule_question,
)


def add(client, meeting, headers=None, version=None, **fields):
    data = {"title": "Föreläsning om klimatanpassning", "kind": "competence", "minutes": "30"}
    data |= {"presenter": "Kim Klimat", "version": meeting.version if version is None else version}
    data |= fields
    return client.post(f"/meetings/{meeting.id}/items", data=data, headers=headers or {})


def remove(client, meeting, item, version=None, headers=None):
    version = meeting.version if version is None else version
    return client.post(
        f"/meetings/{meeting.id}/items/{item.id}/remove",
        data={"version": version},
        headers=headers or {},
    )


def item_titled(meeting_id, title):
    return db.session.scalar(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.title == title)
    )


# Free items.


def test_coordinator_adds_a_free_item_before_the_closing_item(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator", lang="en")
    response = add(client, meeting)
    item = item_titled(meeting.id, "Föreläsning om klimatanpassning")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/meetings/{meeting.id}#item-{item.id}"
    assert item.kind == ItemKind.COMPETENCE and item.allotted_minutes == 30
    assert item.presenter == "Kim Klimat" and item.issue_id is None
    assert positions(meeting.id)[-2:] == ["Föreläsning om klimatanpassning", "Nästa möte"]
    [added] = events(meeting, "item_added")
    assert (
        added.message == "Föreläsning om klimatanpassning"
        and added.to_value == "30 min, Kim Klimat"
    )
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Added: Föreläsning om klimatanpassning" in page
    assert "Allotted 60 of 120 min" in page
    assert re.search(r'<option value="competence" selected>Competence development', page)


def test_adding_with_htmx_returns_the_agenda_and_keeps_focus_on_the_form(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator", lang="en")
    response = add(client, meeting, headers=HTMX, minutes="100")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert "Added: Föreläsning om klimatanpassning" in page
    assert re.search(r'id="new-title"[^>]*data-focus', page, re.S)
    assert "Over by 10 min: the meeting would end at" in page
    assert f'name="version" value="{current(meeting).version}"' in page


BAD_ITEMS = [
    ({"title": ""}, "title", "Write what the item is about."),
    ({"title": "   "}, "title", "Write what the item is about."),
    ({"title": "x" * 201}, "title", "Write at most 200 characters."),
    ({"minutes": ""}, "minutes", "Enter a whole number of minutes from 0 to 480."),
    ({"minutes": "-5"}, "minutes", "Enter a whole number of minutes from 0 to 480."),
    ({"minutes": "481"}, "minutes", "Enter a whole number of minutes from 0 to 480."),
    ({"minutes": "tio"}, "minutes", "Enter a whole number of minutes from 0 to 480."),
    ({"kind": "standing"}, "kind", "Choose one of the kinds in the list."),
    ({"kind": "party"}, "kind", "Choose one of the kinds in the list."),
    ({"kind": ""}, "kind", "Choose one of the kinds in the list."),
    ({"presenter": "p" * 201}, "presenter", "Write at most 200 characters."),
]


@pytest.mark.parametrize("fields, field, message", BAD_ITEMS)
def test_a_bad_free_item_is_refused_beside_the_field(
    client, world, login_as, fields, field, message
):
    meeting = world.neh_meeting
    login_as("coordinator", lang="en")
    for headers in ({}, HTMX):
        response = add(client, meeting, headers=headers, **fields)
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert f'<p class="field__error" id="new-{field}-error">{message}</p>' in page
        assert re.search(rf'id="new-{field}"[^>]*aria-describedby="new-{field}-error"', page, re.S)
        assert re.search(rf'id="new-{field}"[^>]*data-focus', page, re.S)
    assert len(current(meeting).items) == 3
    assert events(meeting, "item_added") == []


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.CANCELLED])
def test_a_held_or_cancelled_meeting_takes_no_new_item(client, world, login_as, status):
    meeting = world.neh_meeting
    meeting.status = status
    db.session.commit()
    login_as("coordinator", lang="en")
    response = add(client, meeting)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "its agenda can no longer change" in page
    assert "Nästa möte" in page
    assert remove(client, meeting, meeting.items[1]).status_code == 409
    assert len(current(meeting).items) == 3


def test_a_stale_form_adds_nothing(client, world, login_as):
    meeting = world.neh_meeting
    stale = meeting.version
    schedule_question(world)
    login_as("coordinator", lang="en")
    response = add(client, current(meeting), version=stale)
    assert response.status_code == 409
    assert "Someone else changed this agenda" in response.get_data(as_text=True)
    assert item_titled(meeting.id, "Föreläsning om klimatanpassning") is None
    assert remove(client, current(meeting), meeting.items[0], version=stale).status_code == 409


@pytest.mark.parametrize("role", ["participant", "representative", "outsider"])
def test_only_coordinators_add_and_remove(client, world, login_as, role):
    meeting = world.neh_meeting
    login_as(role)
    assert add(client, meeting).status_code == 403
    assert remove(client, meeting, meeting.items[0]).status_code == 403
    assert len(current(meeting).items) == 3


def test_coordinator_of_another_network_may_not_add(client, world, login_as):
    login_as("neh_coordinator")
    assert add(client, world.nsh_meeting).status_code == 403


# Removing items.


def test_removing_a_free_item_keeps_what_it_was_in_the_history(client, world, login_as):
    meeting = world.neh_meeting
    login_as("coordinator", lang="en")
    add(client, meeting)
    item = item_titled(meeting.id, "Föreläsning om klimatanpassning")
    response = remove(client, current(meeting), item)
    assert response.status_code == 302
    assert item_titled(meeting.id, "Föreläsning om klimatanpassning") is None
    [removed] = events(meeting, "item_removed")
    assert removed.message == "Föreläsning om klimatanpassning"
    assert removed.from_value == "30 min, Kim Klimat"
    rows = db.session.scalars(
        select(AgendaItem.position).where(AgendaItem.meeting_id == meeting.id)
    ).all()
    assert sorted(rows) == [0, 1, 2]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Taken off the agenda: Föreläsning om klimatanpassning" in page


def test_a_standing_item_is_removed_from_one_meeting_only(client, world, login_as):
    meeting, later = world.neh_meeting, world.neh_later
    round_item, closing_id = meeting.items[1], meeting.items[2].id
    login_as("coordinator", lang="en")
    response = remove(client, meeting, round_item, headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Taken off the agenda: Förvaltningsrunda" in page
    assert re.search(rf'id="save-{closing_id}"[^>]*data-focus', page)
    assert positions(meeting.id) == ["Inledning och dagens dagordning", "Nästa möte"]
    assert len(positions(later.id)) == 3


def test_removing_a_question_sends_it_back_to_the_queue(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    issue_id = item.issue_id
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'Back to the queue<span class="visually-hidden">: {item.title}' in page
    response = remove(client, current(meeting), item)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id) is None
    issue = db.session.get(type(item.issue), issue_id)
    assert issue.status == IssueStatus.SUBMITTED
    assert "Back in the queue: Solceller på kommunens tak" in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)


# Kinds.


def test_coordinator_changes_an_items_kind(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    login_as("coordinator", lang="en")
    response = client.post(
        f"/meetings/{meeting.id}/items/{item.id}",
        data={"version": current(meeting).version, "minutes": "15", "kind": "anchoring"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).kind == ItemKind.ANCHORING
    assert len(events(meeting, "item_changed")) == 1


def test_a_standing_item_has_no_kind_to_choose_and_keeps_it(client, world, login_as):
    meeting = world.neh_meeting
    opening = meeting.items[0]
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'id="kind-{opening.id}"' not in page
    response = client.post(
        f"/meetings/{meeting.id}/items/{opening.id}",
        data={"version": meeting.version, "minutes": "5", "kind": "dialogue"},
    )
    assert response.status_code == 422
    assert "A standing item keeps its kind" in response.get_data(as_text=True)
    assert current(meeting).items[0].kind == ItemKind.STANDING


def test_an_unknown_kind_is_refused_beside_the_field(client, world, login_as):
    meeting = world.neh_meeting
    item = schedule_question(world)
    login_as("coordinator", lang="en")
    response = change(client, current(meeting), item, minutes="15")
    assert response.status_code == 302
    response = client.post(
        f"/meetings/{meeting.id}/items/{item.id}",
        data={"version": current(meeting).version, "minutes": "15", "kind": "party"},
        headers=HTMX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="field__error" id="kind-{item.id}-error">' in page
    assert re.search(rf'id="kind-{item.id}"[^>]*aria-invalid="true"', page, re.S)
    assert current(meeting).items[2].kind == ItemKind.DIALOGUE


# The print view.


def test_print_view_shows_the_agenda_on_a_plain_sheet(client, world, login_as):
    meeting = world.neh_meeting
    meeting.place = "Stadshuset, sal B"
    meeting.theme_description = "Hur rustar vi staden för skyfall?"
    db.session.commit()
    item = schedule_question(world)
    publish(world)
    login_as("participant", lang="en")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting.id}/print"' in page
    response = client.get(f"/meetings/{meeting.id}/print")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "css/agenda-print.css" in page and "main-nav" not in page and "<form" not in page
    for text in ("Exempelkommun", "Nätverk för ekologisk hållbarhet", meeting.name):
        assert text in page
    assert "Klimatanpassning" in page and "Stadshuset, sal B" in page and "skyfall" in page
    local = meeting.starts_at.astimezone(LOCAL_TZ)
    assert local.strftime("%Y-%m-%d") in page and local.strftime("%H:%M") in page
    times = re.findall(r'sheet__time"><time datetime="[^"]+">(\d\d:\d\d)<', page)
    assert len(times) == 4 and times[0] == local.strftime("%H:%M")
    assert item.issue.reference in page and "Miljöförvaltningen" in page


def test_print_view_of_an_unpublished_agenda(client, world, login_as):
    meeting = world.neh_meeting
    schedule_question(world)
    login_as("participant", lang="en")
    page = client.get(f"/meetings/{meeting.id}/print").get_data(as_text=True)
    assert "The agenda is not yet published." in page
    assert "Solceller" not in page
    login_as("outsider")
    assert client.get(f"/meetings/{meeting.id}/print").status_code == 404


def test_print_stylesheet_fits_a4_and_hides_the_screen_parts(client, world):
    css = client.get("/static/css/agenda-print.css").get_data(as_text=True)
    assert "@page { size: A4;" in css
    assert re.search(r"@media print \{[^@]*\.screen-only \{ display: none", css)


# The network's standing items.


def standing(slug="neh"):
    network = db.session.scalar(select(Network).where(Network.slug == slug))
    db.session.refresh(network)
    return [(item.title, item.minutes) for item in network.standing_items]


def template_form(client, slug="neh"):
    """The standing-item form's fields as the page renders them."""
    page = client.get(f"/networks/{slug}/standing-items").get_data(as_text=True)
    fields = dict(
        re.findall(r'name="(rows-\d+-(?:title|minutes)|rendered_from)"\s+value="([^"]*)"', page)
    )
    if "rendered_from" not in fields:
        fields["rendered_from"] = re.search(r'name="rendered_from" value="([^"]*)"', page).group(1)
    return fields


def test_coordinator_edits_the_networks_standing_items(client, world, login_as):
    login_as("coordinator", lang="en")
    page = client.get(f"/meetings/{world.neh_meeting.id}").get_data(as_text=True)
    assert 'href="/networks/neh/standing-items"' in page
    data = template_form(client)
    assert data["rows-0-title"] == "Inledning och dagens dagordning"
    data |= {"rows-0-minutes": "10", "rows-1-remove": "y"}
    data |= {"new_title": "Uppföljning av åtgärder", "new_minutes": "15"}
    response = client.post("/networks/neh/standing-items", data=data)
    assert response.status_code == 302
    assert standing() == [
        ("Inledning och dagens dagordning", 10),
        ("Uppföljning av åtgärder", 15),
        ("Nästa möte", 5),
    ]
    [event] = db.session.scalars(select(Event).where(Event.action == "standing_items")).all()
    assert event.actor_id == world.coordinator.id and "Uppföljning av åtgärder" in event.to_value
    assert "saved" in client.get(response.headers["Location"]).get_data(as_text=True)
    planned = make_meeting(world.neh, 90, "Giftfri miljö")
    db.session.commit()
    assert [item.title for item in planned.items][1] == "Uppföljning av åtgärder"
    assert positions(world.neh_meeting.id)[1] == "Förvaltningsrunda"
    assert standing("nsh") == []


def test_standing_items_move_by_buttons(client, world, login_as):
    login_as("coordinator", lang="en")
    data = template_form(client) | {"move": "2:up"}
    response = client.post("/networks/neh/standing-items", data=data, headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert "Moved: Nästa möte" in page
    assert re.search(r'id="up-row-1"[^>]*data-focus', page)
    assert [title for title, _ in standing()][1:] == ["Nästa möte", "Förvaltningsrunda"]
    data = template_form(client) | {"move": "0:up"}
    assert client.post("/networks/neh/standing-items", data=data).status_code == 302
    assert standing()[0][0] == "Inledning och dagens dagordning"


@pytest.mark.parametrize(
    "change, status, message",
    [
        ({"rows-1-title": ""}, 422, "Write a title, or tick Remove."),
        ({"rows-1-minutes": "500"}, 422, "Enter a whole number of minutes from 0 to 480."),
        ({"new_title": "Fika", "new_minutes": "x"}, 422, "Enter a whole number of minutes"),
        ({"move": "1:sideways"}, 422, "Choose to move the item up or down."),
        (
            {"rows-0-remove": "y", "rows-1-remove": "y", "rows-2-remove": "y"},
            422,
            "Keep at least one standing item",
        ),
        ({"rendered_from": "99:1"}, 409, "Someone else changed the standing items"),
    ],
)
def test_bad_standing_items_are_refused(client, world, login_as, change, status, message):
    login_as("coordinator", lang="en")
    response = client.post("/networks/neh/standing-items", data=template_form(client) | change)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in page
    if status == 422 and "rows-1-title" in change:
        assert re.search(r'id="rows-1-title"[^>]*aria-describedby="rows-1-title-error"', page, re.S)
    assert standing() == []
    assert db.session.scalars(select(Event).where(Event.action == "standing_items")).all() == []


def test_a_saved_template_refuses_a_form_rendered_before(client, world, login_as):
    login_as("coordinator", lang="en")
    first = template_form(client)
    assert client.post("/networks/neh/standing-items", data=first).status_code == 302
    assert len(db.session.scalars(select(StandingItem)).all()) == 3
    again = client.post("/networks/neh/standing-items", data=template_form(client))
    assert "Nothing was changed." in client.get(again.headers["Location"]).get_data(as_text=True)
    assert client.post("/networks/neh/standing-items", data=first).status_code == 409


@pytest.mark.parametrize(
    "role, slug, status",
    [
        ("admin", "nsh", 200),
        ("neh_coordinator", "neh", 200),
        ("neh_coordinator", "nsh", 403),
        ("participant", "neh", 403),
        ("representative", "neh", 403),
        ("coordinator", "xyz", 404),
    ],
)
def test_who_edits_standing_items(client, world, login_as, role, slug, status):
    login_as(role)
    assert client.get(f"/networks/{slug}/standing-items").status_code == status
    assert client.post(f"/networks/{slug}/standing-items", data={}).status_code in (status, 422)
    assert standing("neh") == [] and standing("nsh") == []
