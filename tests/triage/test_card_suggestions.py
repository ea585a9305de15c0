"""The meeting the triage card suggests for a question, with its reasons, and scheduling into
it with one click."""

import re
from datetime import timedelta

from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus
from tests.helpers import card, queued


def test_the_card_suggests_the_meeting_whose_theme_matches_and_says_why(client, world, login_as):
    area = next(a for a in world.neh.work_areas if a.name == "Avfallsplan")
    issue = queued(world, "Ny avfallsplan för kommunen", work_area=area)
    login_as("coordinator")
    page = card(client.get(f"/triage?open={issue.id}").get_data(as_text=True), issue)
    suggestion = re.search(r'id="issue-\d+-suggestion">(.*?)</div>', page, re.S).group(1)
    assert world.neh_later.name in suggestion
    assert "Temat stämmer med arbetsområdet ”Avfallsplan”" in suggestion
    assert "min kvar i tidsbudgeten efter punkten" in suggestion
    assert "Sista dag för frågor har inte passerat" in suggestion
    selected = re.search(r'<option selected value="(\d+)"', page).group(1)
    assert int(selected) == world.neh_later.id


def test_a_question_that_must_be_handled_soon_is_suggested_the_earlier_meeting(
    client, world, login_as
):
    area = next(a for a in world.neh.work_areas if a.name == "Avfallsplan")
    latest = (world.neh_meeting.starts_at + timedelta(days=2)).date()
    issue = queued(world, "Avfallsfrågan brådskar", work_area=area, latest_date=latest)
    login_as("coordinator")
    page = card(client.get(f"/triage?open={issue.id}").get_data(as_text=True), issue)
    selected = re.search(r'<option selected value="(\d+)"', page).group(1)
    assert int(selected) == world.neh_meeting.id
    assert f"Före frågans senaste datum, {latest:%Y-%m-%d}" in page


def test_a_full_meeting_is_said_to_be_over_budget(client, world, login_as):
    issue = queued(world, "Lång genomgång", minutes=400)
    login_as("coordinator")
    page = card(client.get(f"/triage?open={issue.id}").get_data(as_text=True), issue)
    assert "min över tidsbudgeten med punkten" in page
    assert "triage-reason--against" in page


def test_scheduling_into_the_suggestion_is_one_click(client, world, login_as):
    issue = queued(world, "Solceller på taken")
    login_as("coordinator")
    page = card(client.get(f"/triage?open={issue.id}").get_data(as_text=True), issue)
    form = re.search(r'<form class="triage-schedule".*?</form>', page, re.S).group(0)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data["meeting"] = re.search(r'<option selected value="(\d+)"', form).group(1)
    data["kind"] = re.search(r'<option selected value="(\w+)"', form.split('name="kind"')[1]).group(
        1
    )
    data["minutes"] = re.search(r'name="minutes"[^>]*value="(\d+)"', form).group(1)
    response = client.post(f"/triage/{issue.id}/schedule", data=data)
    assert response.status_code == 302
    assert db.session.get(Issue, issue.id).status == IssueStatus.SCHEDULED
