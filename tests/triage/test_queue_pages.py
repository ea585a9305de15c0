"""The triage queue in pages of 30 with "Show more", and the small answer to a checklist click."""

import re

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import IssueStatus
from hallbarhet.triage.queries import PAGE_SIZE
from tests.factories import make_issue

HX = {"HX-Request": "true"}


def queue_of(world, count, status=IssueStatus.SUBMITTED):
    issues = [
        make_issue(world.neh, world.representative, title=f"Fråga {number:02d}", status=status)
        for number in range(count)
    ]
    db.session.commit()
    return issues


def shown(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article id="issue-(\d+)"', page)]


def more_link(page: str) -> str | None:
    match = re.search(r'<p id="queue-more".*?href="([^"]+)"', page, re.S)
    return match.group(1).replace("&amp;", "&") if match else None


def test_the_first_page_shows_the_oldest_thirty_and_offers_more(client, world, login_as):
    issues = queue_of(world, PAGE_SIZE + 5)
    login_as("coordinator", lang="en")
    page = client.get("/triage").get_data(as_text=True)
    assert shown(page) == [issue.id for issue in issues[:PAGE_SIZE]]
    assert f"{PAGE_SIZE + 5} questions" in page
    assert more_link(page) == "/triage?page=2"
    assert "Show more questions" in page


def test_the_next_page_without_javascript_shows_the_rest(client, world, login_as):
    issues = queue_of(world, PAGE_SIZE + 5)
    login_as("coordinator", lang="en")
    response = client.get("/triage?page=2")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert shown(page) == [issue.id for issue in issues[PAGE_SIZE:]]
    assert more_link(page) is None
    assert 'href="/triage"' in page and "Show the questions before these" in page
    assert f"Questions {PAGE_SIZE + 1}–{PAGE_SIZE + 5} of {PAGE_SIZE + 5}" in page


def test_show_more_with_htmx_answers_with_the_next_cards_only(client, world, login_as):
    issues = queue_of(world, 2 * PAGE_SIZE + 1)
    login_as("coordinator")
    headers = {**HX, "HX-Target": "queue-more"}
    response = client.get("/triage?page=2", headers=headers)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert 'id="queue"' not in body and "<html" not in body
    assert shown(body) == [issue.id for issue in issues[PAGE_SIZE : 2 * PAGE_SIZE]]
    assert "data-focus-now" in body
    assert more_link(body) == "/triage?page=3"
    assert 'data-hx-target="#queue-more"' in body and 'data-hx-swap="outerHTML"' in body


def test_the_filter_travels_with_the_next_page(client, world, login_as):
    queue_of(world, PAGE_SIZE + 1, status=IssueStatus.PARKED)
    login_as("coordinator")
    page = client.get("/triage?status=parked").get_data(as_text=True)
    assert len(shown(page)) == PAGE_SIZE
    assert more_link(page) == "/triage?status=parked&page=2"
    assert len(shown(client.get(more_link(page)).get_data(as_text=True))) == 1


@pytest.mark.parametrize("value, expected", [("abc", 1), ("0", 1), ("-3", 1), ("99", 2)])
def test_a_page_number_that_does_not_fit_shows_the_nearest_page(
    client, world, login_as, value, expected
):
    issues = queue_of(world, PAGE_SIZE + 2)
    login_as("coordinator")
    response = client.get("/triage", query_string={"page": value})
    assert response.status_code == 200
    first = issues[(expected - 1) * PAGE_SIZE]
    assert shown(response.get_data(as_text=True))[0] == first.id


def test_a_short_queue_has_no_more_link(client, world, login_as):
    queue_of(world, 3)
    login_as("coordinator")
    page = client.get("/triage").get_data(as_text=True)
    assert len(shown(page)) == 3 and more_link(page) is None


def test_a_checklist_answer_sends_back_only_what_it_changes(client, world, login_as):
    (issue,) = queue_of(world, 1)
    login_as("coordinator", lang="en")
    page = client.get(f"/triage?open={issue.id}").get_data(as_text=True)
    assert f'<div id="issue-{issue.id}-about">' in page
    assert f'<details id="issue-{issue.id}-other" class="triage-other">' in page
    response = client.post(
        f"/triage/{issue.id}/assess",
        data={"question": "affects_several", "answer": "yes"},
        headers=HX,
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    # htmx keeps the facts and the other decisions already on the page (same ids).
    assert f'<div id="issue-{issue.id}-about" data-hx-preserve="true"></div>' in body
    assert f'<div id="issue-{issue.id}-other" data-hx-preserve="true"></div>' in body
    assert "Affected administrations" not in body and 'name="message"' not in body
    assert re.search(rf'id="issue-{issue.id}-affects_several-yes"[^>]*aria-pressed="true"', body)
    assert 'name="minutes"' in body
    assert len(response.data) < 9000


def test_a_refused_answer_sends_the_whole_card(client, world, login_as):
    (issue,) = queue_of(world, 1)
    login_as("coordinator")
    response = client.post(
        f"/triage/{issue.id}/assess", data={"question": "colour", "answer": "yes"}, headers=HX
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "data-hx-preserve" not in body and f'<div id="issue-{issue.id}-about">' in body
