"""The queue as rows: each opens in place to its card, with htmx or by a plain link, and the
page of ten stays small."""

import re

from hallbarhet.extensions import db
from hallbarhet.models import IssueStatus
from tests.factories import make_issue
from tests.helpers import card

HX = {"HX-Request": "true"}


def queue_of(world, count):
    issues = [
        make_issue(
            world.neh, world.representative, title=f"Fråga {number:02d}", description="x" * 600
        )
        for number in range(count)
    ]
    db.session.commit()
    return issues


def test_a_page_of_ten_rows_is_small_and_holds_no_decision_forms(client, world, login_as):
    issues = queue_of(world, 12)
    login_as("coordinator", lang="en")
    response = client.get("/triage")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(response.data) <= 60_000
    first = card(page, issues[0])
    assert 'class="triage-row"' in first and "Fråga 00" in first
    assert "0 of 4 answered" in first and "Suggested:" in first
    assert "/assess" not in first and 'name="minutes"' not in first


def test_a_row_opens_to_its_card_and_closes_back_with_htmx(client, world, login_as):
    (issue,) = queue_of(world, 1)
    login_as("coordinator", lang="en")
    opened = client.get(f"/triage/{issue.id}/card?kind=dialogue", headers=HX)
    body = opened.get_data(as_text=True)
    assert opened.status_code == 200
    assert body.lstrip().startswith(f'<article id="issue-{issue.id}" class="panel triage-card"')
    assert f'action="/triage/{issue.id}/assess"' in body and 'name="minutes"' in body
    # Its forms come back to the same filter with the card open.
    assert 'name="back" value="kind=dialogue&amp;open=' in body
    closed = client.get(f"/triage/{issue.id}/row?kind=dialogue", headers=HX)
    row = closed.get_data(as_text=True)
    assert row.lstrip().startswith(f'<article id="issue-{issue.id}" class="triage-row"')
    assert "/assess" not in row


def test_without_javascript_the_link_reloads_the_queue_with_the_card_open(client, world, login_as):
    first, second = queue_of(world, 2)
    login_as("coordinator", lang="en")
    response = client.get(f"/triage/{second.id}/card?status=submitted")
    assert response.status_code == 302
    assert response.location.endswith(
        f"/triage?status=submitted&open={second.id}#issue-{second.id}"
    )
    page = client.get(f"/triage?open={second.id}").get_data(as_text=True)
    assert 'class="panel triage-card"' in card(page, second)
    assert 'class="triage-row"' in card(page, first)
    closed = client.get(f"/triage/{second.id}/row")
    assert closed.status_code == 302 and closed.location.endswith(f"/triage#issue-{second.id}")


def test_the_open_card_stays_open_after_a_checklist_answer(client, world, login_as):
    (issue,) = queue_of(world, 1)
    login_as("coordinator", lang="en")
    page = client.get(f"/triage?open={issue.id}").get_data(as_text=True)
    back = re.search(r'name="back" value="([^"]*)"', card(page, issue)).group(1)
    response = client.post(
        f"/triage/{issue.id}/assess",
        data={"question": "affects_several", "answer": "yes", "back": back.replace("&amp;", "&")},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/triage?open={issue.id}#issue-{issue.id}")
    page = client.get(response.location).get_data(as_text=True)
    assert re.search(rf'id="issue-{issue.id}-affects_several-yes"[^>]*aria-pressed="true"', page)


def test_a_parked_row_keeps_its_select_box(client, world, login_as):
    issue = make_issue(world.neh, world.representative, status=IssueStatus.PARKED)
    db.session.commit()
    login_as("coordinator", lang="en")
    row = card(client.get("/triage?status=parked").get_data(as_text=True), issue)
    assert f'form="bulk" name="selected" value="{issue.id}:{issue.version}"' in row
    closed = client.get(f"/triage/{issue.id}/row?status=parked", headers=HX).get_data(as_text=True)
    assert 'form="bulk" name="selected"' in closed


def test_a_question_outside_ones_networks_does_not_open(client, world, login_as):
    issue = make_issue(world.nsh, world.other_representative)
    db.session.commit()
    login_as("neh_coordinator")
    assert client.get(f"/triage/{issue.id}/card", headers=HX).status_code == 404
