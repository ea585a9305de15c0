"""/meetings: every network's plan by semester for each role, one semester per page for
the past, and a statement count that does not grow with ten years of meetings."""

from datetime import date, timedelta

import pytest
from flask import g
from sqlalchemy import select

from hallbarhet.extensions import cache, db
from hallbarhet.meetings.operations import plan_meeting
from hallbarhet.meetings.planning import rules
from hallbarhet.meetings.planning.rules import Semester
from hallbarhet.models import Meeting, MeetingStatus, Network
from hallbarhet.models.base import LOCAL_TZ, utcnow
from tests.factories import session_id
from tests.helpers import count_statements
from tests.meetings.test_planning import local, today


def test_overview_shows_each_members_networks_by_semester(client, world, login_as):
    neh, nsh = world.neh_meeting, world.nsh_meeting
    login_as("participant", lang="en")
    page = client.get("/meetings").get_data(as_text=True)
    for meeting in (neh, world.neh_later, nsh):
        semester = Semester.of(rules.local_day(meeting.starts_at))
        assert f'id="semester-{semester.key}-heading"' in page
        assert f'href="/meetings/{meeting.id}"' in page
        assert meeting.theme in page
    assert "Autumn" in page or "Spring" in page
    assert neh.network.name in page and nsh.network.name in page
    assert neh.submission_deadline.astimezone(LOCAL_TZ).strftime("%Y-%m-%d") in page
    assert "v. " in page and "Planned" in page and "On site" in page
    # Participants read the plan; only coordinators plan, change and cancel.
    assert "/edit" not in page and "/cancel" not in page and "meetings/new" not in page


def test_overview_for_coordinators_offers_planning_their_networks_only(client, world, login_as):
    login_as("neh_coordinator", lang="en")
    page = client.get("/meetings").get_data(as_text=True)
    assert "/networks/neh/meetings/new" in page and "/networks/nsh/meetings/new" not in page
    assert f"/meetings/{world.neh_meeting.id}/edit" in page
    assert f"/meetings/{world.neh_meeting.id}/cancel" in page
    # Another network's plan is not shown to someone who is not in it.
    assert world.nsh_meeting.theme not in page
    assert world.nsh.name not in page
    login_as("admin", lang="en")
    page = client.get("/meetings").get_data(as_text=True)
    assert "/networks/neh/meetings/new" in page and "/networks/nsh/meetings/new" in page
    assert world.nsh_meeting.theme in page


def test_overview_for_someone_in_no_network_and_signed_out(client, world, login_as):
    login_as("outsider", lang="en")
    response = client.get("/meetings")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You are not a member of any network yet" in page
    assert world.neh_meeting.theme not in page and world.nsh_meeting.theme not in page
    client.post("/logout")
    assert client.get("/meetings").headers["Location"].startswith("/login")


def test_overview_is_linked_from_the_navigation(client, world, login_as):
    login_as("representative", lang="en")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/meetings"' in page and ">Meetings</a>" in page


def test_past_meetings_by_semester_with_deadline_passed_and_minutes(client, world, login_as):
    past_day = date(today().year - 2, 3, 10)
    held = plan_meeting(world.neh, local(past_day, "09:00"), theme="Koldioxidmålet förr")
    held.status = MeetingStatus.MINUTES_PUBLISHED
    db.session.commit()
    semester = Semester.of(past_day)
    login_as("representative", lang="en")
    page = client.get("/meetings").get_data(as_text=True)
    # Coming semesters in full; past ones one semester per page, linked.
    assert "Koldioxidmålet förr" not in page
    assert f'href="/meetings?semester={semester.key}"' in page
    response = client.get(f"/meetings?semester={semester.key}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Koldioxidmålet förr" in page and world.neh_meeting.theme not in page
    assert f"Spring {semester.year}" in page and "passed" in page
    assert "Minutes published" in page and ">Meeting minutes<" in page
    assert f'href="/meetings/{held.id}"' in page
    empty = client.get(f"/meetings?semester={semester.previous().key}")
    assert empty.status_code == 200 and "No meetings this semester." in empty.get_data(True)


@pytest.mark.parametrize("value", ["2025", "2025-XT", "HT", "x" * 300, "9999-HT"])
def test_an_unknown_semester_is_a_clear_404(client, world, login_as, value):
    login_as("participant", lang="en")
    response = client.get("/meetings", query_string={"semester": value})
    assert response.status_code == 404
    assert "Semesters are written like 2026-HT" in response.get_data(as_text=True)


def measure(client, url) -> int:
    """Statements of one page view, loaded afresh as a served request does."""
    g.pop("_login_user", None)
    db.session.remove()
    with count_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def add_meetings(networks, years: int, coming: int) -> None:
    """Fifteen meetings a year per network for the past years, and some coming ones, in
    every status a plan shows."""
    now = utcnow().replace(hour=8, minute=0, second=0, microsecond=0)
    statuses = [MeetingStatus.MINUTES_PUBLISHED, MeetingStatus.HELD, MeetingStatus.CANCELLED]
    for network in networks:
        for number in range(15 * years):
            db.session.add(
                Meeting(
                    network=network,
                    starts_at=now - timedelta(days=10 + 24 * number),
                    theme=f"Tema {number}",
                    status=statuses[number % len(statuses)],
                    cancel_reason="Sjukdom" if number % 3 == 2 else "",
                )
            )
        for number in range(coming):
            db.session.add(
                Meeting(
                    network=network,
                    starts_at=now + timedelta(days=70 + 3 * number),
                    theme=f"Kommande {number}",
                )
            )
    db.session.commit()


def test_the_plans_statement_count_does_not_grow_with_the_data(client, world, login_as):
    past = Semester.of(today()).previous().key
    urls = ["/meetings", f"/meetings?semester={past}"]
    roles = ["coordinator", "neh_coordinator", "participant", "admin", "outsider"]
    users = {role: getattr(world, role).id for role in roles}
    add_meetings([world.neh, world.nsh], years=1, coming=1)

    def counts(role):
        with client.session_transaction() as session:
            session["_user_id"] = session_id(users[role])
            session["_fresh"] = True
        # The plan as it is rendered, not the copy kept of it for the same state.
        cache.clear()
        return [measure(client, url) for url in urls]

    few = {role: counts(role) for role in roles}
    networks = db.session.scalars(select(Network).order_by(Network.id)).all()
    add_meetings(networks, years=9, coming=10)
    for role in roles:
        assert counts(role) == few[role], role
    assert counts("participant") == few["participant"]
    page = client.get("/meetings").get_data(as_text=True)
    assert "Kommande 9" in page and "<strong>Tema 20</strong>" not in page
