"""The coming meetings' time budgets beside the queue are rendered once per state and language
(queue_page.budgets_panel): an item's minutes, a meeting or its network changed, a deadline
passing and a decision's out-of-band copy are never answered from an older copy."""

import re
from datetime import timedelta

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import AgendaItem, Meeting, Network
from hallbarhet.models.base import utcnow
from hallbarhet.triage import queue_page
from tests.helpers import deadline_in, post, queued


def _panel(response) -> str:
    text = response.get_data(as_text=True)
    match = re.search(r'<section id="budgets".*?</section>', text, re.S)
    assert match, "no budgets panel"
    return match.group(0)


def _block(panel: str, meeting) -> str:
    match = re.search(rf'<li class="triage-meeting" id="budget-{meeting.id}">.*?</li>', panel, re.S)
    assert match, f"meeting {meeting.id} not in the panel"
    return match.group(0)


def test_an_items_minutes_changed_elsewhere_are_shown_at_once(client, world, login_as):
    login_as("coordinator", lang="en")
    first = _block(_panel(client.get("/triage")), world.neh_meeting)
    assert "Allotted 30 of 120 min" in first
    item = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == world.neh_meeting.id)
    ).first()
    item.allotted_minutes += 15
    db.session.commit()
    after = _block(_panel(client.get("/triage")), world.neh_meeting)
    assert "Allotted 45 of 120 min" in after and "75 min left" in after


def test_a_meeting_or_its_network_changed_is_shown_at_once(client, world, login_as):
    login_as("coordinator", lang="en")
    client.get("/triage")
    meeting = db.session.get(Meeting, world.neh_meeting.id)
    meeting.theme = "Skyfall och klimatanpassning"
    db.session.commit()
    themed = _block(_panel(client.get("/triage")), meeting)
    assert "Skyfall och klimatanpassning" in themed
    network = db.session.get(Network, meeting.network_id)
    network.submission_lead_days += 7
    db.session.commit()
    moved = _block(_panel(client.get("/triage")), meeting)
    deadline = re.search(r"Questions in by ([^<(]+)", moved).group(1)
    assert deadline != re.search(r"Questions in by ([^<(]+)", themed).group(1)


def test_a_deadline_passing_is_shown_at_once(client, world, login_as, monkeypatch):
    # Nothing in the database changes when a deadline passes: only the time does.
    meeting = db.session.get(Meeting, world.neh_meeting.id)
    deadline_in(meeting, timedelta(hours=1))
    db.session.commit()
    login_as("coordinator", lang="en")
    assert "(passed)" not in _block(_panel(client.get("/triage")), meeting)
    later = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(queue_page, "utcnow", lambda: later)
    assert "(passed)" in _block(_panel(client.get("/triage")), meeting)


def test_a_decision_carries_the_panel_out_of_band_and_the_page_does_not(client, world, login_as):
    issue = queued(world)
    login_as("coordinator", lang="en")
    page = _panel(client.get("/triage"))
    assert "data-hx-swap-oob" not in page
    response = post(client, "park", issue, {"version": issue.version, "message": ""}, htmx=True)
    assert response.status_code == 200
    decided = _panel(response)
    assert 'data-hx-swap-oob="true"' in decided
    assert _block(decided, world.neh_meeting) == _block(page, world.neh_meeting)
    # And the page after it is the page's own copy again.
    assert "data-hx-swap-oob" not in _panel(client.get("/triage"))


def test_each_language_has_its_own_copy(client, world, login_as):
    login_as("coordinator", lang="en")
    assert "Coming meetings" in _panel(client.get("/triage"))
    login_as("coordinator", lang="sv")
    swedish = _panel(client.get("/triage"))
    assert "Coming meetings" not in swedish and "min kvar" in swedish
