"""Scheduling a question into a meeting from its card, and the meetings' time budgets beside
the queue."""

import re

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import AgendaItem, Event, Issue, IssueStatus, ItemKind, MeetingStatus
from tests.factories import make_meeting
from tests.helpers import card, form_for, post, queued


def budget_block(page: str, meeting) -> str:
    match = re.search(rf'<li class="triage-meeting" id="budget-{meeting.id}">.*?</li>', page, re.S)
    return match.group(0) if match else ""


def test_scheduling_puts_the_question_before_the_closing_item(client, world, login_as):
    issue = queued(world, title="Klimatanpassa skolgårdar")
    login_as("coordinator", lang="en")
    response = post(
        client,
        "schedule",
        issue,
        form_for("schedule", issue, world, kind="consultation", minutes="25"),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/triage")
    assert db.session.get(Issue, issue.id).status == IssueStatus.SCHEDULED
    items = db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == world.neh_meeting.id)
        .order_by(AgendaItem.position)
    ).all()
    assert [i.title for i in items][-2:] == ["Klimatanpassa skolgårdar", "Nästa möte"]
    assert (items[-2].kind, items[-2].allotted_minutes, items[-2].issue_id) == (
        ItemKind.CONSULTATION,
        25,
        issue.id,
    )
    actions = set(db.session.scalars(select(Event.action)))
    assert {"status", "item_added"} <= actions
    page = client.get("/triage").get_data(as_text=True)
    assert f"{issue.reference} scheduled into {world.neh_meeting.name}" in page
    block = budget_block(page, world.neh_meeting)
    assert "Allotted 55 of 120 min" in block and "65 min left" in block
    assert 'class="budget__fill w-45"' in block


def test_scheduling_with_htmx_replaces_the_card_and_updates_budgets(client, world, login_as):
    issue = queued(world)
    other = queued(world, title="Kvar i kön")
    login_as("coordinator", lang="en")
    response = post(client, "schedule", issue, form_for("schedule", issue, world), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'<p id="issue-{issue.id}"[^>]*role="status"[^>]*data-focus', body)
    assert f"{issue.reference} scheduled into {world.neh_meeting.name}" in body
    assert '<section id="budgets"' in body and 'data-hx-swap-oob="true"' in body
    assert "Allotted 45 of 120 min" in budget_block(body, world.neh_meeting)
    assert re.search(r'id="queue-counts"[^>]*data-hx-swap-oob="true"', body)
    assert 'Submitted: <span class="triage-counts__number">1</span>' in body
    assert f'id="issue-{other.id}"' not in body


def test_going_over_the_budget_is_allowed_and_said_in_words(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    post(client, "schedule", issue, form_for("schedule", issue, world, minutes="100"))
    block = budget_block(client.get("/triage").get_data(as_text=True), world.neh_meeting)
    assert "budget budget--over" in block and "Over by 10 min" in block
    assert "w-100" in block


def test_schedule_form_offers_the_networks_coming_meetings(client, world, login_as):
    make_meeting(world.neh, 10, "Snart")
    cancelled = make_meeting(world.neh, 20, "Inställt")
    cancelled.status = MeetingStatus.CANCELLED
    issue = queued(world, desired_meeting=world.neh_later)
    login_as("coordinator", lang="en")
    one = card(client.get(f"/triage?open={issue.id}").get_data(as_text=True), issue)
    select_ = re.search(r'<select[^>]*name="meeting".*?</select>', one, re.S).group(0)
    assert "Snart" in select_ and "submission deadline passed" in select_
    assert "Inställt" not in select_ and world.nsh_meeting.name not in select_
    assert f"{world.neh_meeting.name} · Klimatanpassning · 90 of 120 min left" in select_
    assert re.search(rf'<option selected value="{world.neh_later.id}">', select_)


def test_without_a_wish_the_first_meeting_with_time_left_is_chosen(client, world, login_as):
    world.neh_meeting.items[1].allotted_minutes = 85
    issue = queued(world, minutes=30)
    login_as("coordinator")
    one = card(client.get(f"/triage?open={issue.id}").get_data(as_text=True), issue)
    assert re.search(rf'<option selected value="{world.neh_later.id}">', one)


@pytest.mark.parametrize(
    "changes",
    [
        {"minutes": "abc"},
        {"minutes": "0"},
        {"minutes": "481"},
        {"minutes": ""},
        {"kind": "standing"},
        {"meeting": "9999"},
        {"meeting": "x"},
        {"meeting": "nsh"},
        {"version": ""},
    ],
)
def test_bad_schedule_input_is_refused_and_nothing_changes(client, world, login_as, changes):
    if changes.get("meeting") == "nsh":
        changes = {"meeting": world.nsh_meeting.id}
    issue = queued(world)
    login_as("coordinator", lang="en")
    for htmx in (False, True):
        response = post(
            client, "schedule", issue, form_for("schedule", issue, world, **changes), htmx=htmx
        )
        body = response.get_data(as_text=True)
        assert response.status_code == 422
        marked = "The form is incomplete" if "version" in changes else 'class="field__error"'
        assert marked in body and f'id="issue-{issue.id}"' in card(body, issue)
    assert db.session.get(Issue, issue.id).status == IssueStatus.SUBMITTED
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.issue_id.is_not(None))) is None


def test_meeting_of_the_other_network_says_so(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    response = post(
        client,
        "schedule",
        issue,
        form_for("schedule", issue, world, meeting=world.nsh_meeting.id),
        htmx=True,
    )
    assert "own network" in response.get_data(as_text=True)
