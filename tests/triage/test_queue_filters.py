"""Filtering, searching and ordering the triage queue, and the filter kept through a decision."""

import re
from datetime import timedelta

import pytest

from hallbarhet.models import IssueKind, IssueStatus
from hallbarhet.models.base import utcnow
from tests.helpers import HX, form_for, post, queued


def titles(page: str) -> list[str]:
    """The questions' titles on a queue page, in their order."""
    return re.findall(
        r'class="triage-(?:card|row)__title">\s*<a [^>]*>'
        r'<span class="ref">[^<]*</span> ([^<]*)</a>',
        page,
    )


def test_filters_narrow_the_queue(client, world, login_as):
    area = world.neh.work_areas[1]
    neh = queued(world, title="Skyfallsplan", work_area=area)
    nsh = queued(
        world, title="Trygghetsvandring", network=world.nsh, submitter=world.other_representative
    )
    parked = queued(world, title="Parkerad fråga", status=IssueStatus.PARKED)
    returned = queued(world, title="Returnerad fråga", status=IssueStatus.RETURNED)
    login_as("coordinator")

    def shown(**args):
        page = client.get("/triage", query_string=args).get_data(as_text=True)
        return {i.title for i in (neh, nsh, parked, returned) if f'id="issue-{i.id}"' in page}

    assert shown() == {"Skyfallsplan", "Trygghetsvandring"}
    assert shown(network=world.nsh.id) == {"Trygghetsvandring"}
    assert shown(area=area.id) == {"Skyfallsplan"}
    assert shown(administration=world.social.id) == {"Trygghetsvandring"}
    assert shown(q="skyfall") == {"Skyfallsplan"}
    assert shown(q=nsh.reference) == {"Trygghetsvandring"}
    assert shown(q="100%_") == set()
    assert shown(status="parked") == {"Parkerad fråga"}
    assert shown(status="returned") == {"Returnerad fråga"}


def test_filter_with_htmx_returns_only_the_queue(client, world, login_as):
    issue = queued(world, title="Skyfallsplan")
    login_as("coordinator")
    response = client.get("/triage", query_string={"q": "skyfall"}, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<div id="queue"') and "<html" not in body
    assert f'id="issue-{issue.id}"' in body


@pytest.mark.parametrize(
    "args", [{"status": "closed"}, {"network": "abc"}, {"area": "999"}, {"q": "x" * 201}]
)
def test_a_filter_value_that_does_not_fit_is_marked(client, world, login_as, args):
    issue = queued(world)
    login_as("coordinator")
    response = client.get("/triage", query_string=args)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="field__error"' in page and f'id="issue-{issue.id}"' in page


def test_network_coordinator_may_not_filter_on_another_network(client, world, login_as):
    login_as("neh_coordinator")
    assert client.get("/triage", query_string={"network": world.nsh.id}).status_code == 422


def test_the_kind_filter_narrows_the_queue(client, world, login_as):
    queued(world, "Dialog om laddplatser")
    queued(world, "Information om ny plan", kind=IssueKind.INFORMATION)
    login_as("coordinator")
    page = client.get("/triage?kind=information").get_data(as_text=True)
    assert titles(page) == ["Information om ny plan"]
    assert client.get("/triage?kind=nonsense").status_code == 422


def test_order_by_desired_meeting_or_latest_date(client, world, login_as):
    queued(world, "Ingen önskan")
    queued(world, "Senare möte", desired_meeting=world.neh_later)
    queued(world, "Tidigare möte", desired_meeting=world.neh_meeting)
    queued(world, "Bara ett datum", latest_date=(utcnow() + timedelta(days=40)).date())
    login_as("coordinator")
    page = client.get("/triage?sort=desired").get_data(as_text=True)
    assert titles(page) == ["Tidigare möte", "Senare möte", "Bara ett datum", "Ingen önskan"]
    default = client.get("/triage").get_data(as_text=True)
    assert titles(default) == ["Ingen önskan", "Senare möte", "Tidigare möte", "Bara ett datum"]


def test_order_by_suggested_meeting(client, world, login_as):
    area = next(a for a in world.neh.work_areas if a.name == "Avfallsplan")
    queued(world, "Avfall först inlämnad", work_area=area)
    queued(world, "Vanlig fråga")
    queued(world, "Social fråga", network=world.nsh)
    login_as("coordinator")
    page = client.get("/triage?sort=suggested").get_data(as_text=True)
    # NEH's first meeting, then NSH's (35 days), then NEH's later one (the theme matches).
    assert titles(page) == ["Vanlig fråga", "Social fråga", "Avfall först inlämnad"]


def test_search_finds_a_question_by_its_reference(client, world, login_as):
    issue = queued(world, "Laddstolpar")
    queued(world, "Något annat")
    login_as("coordinator")
    page = client.get("/triage", query_string={"q": issue.reference.lower()}).get_data(as_text=True)
    assert titles(page) == ["Laddstolpar"]


@pytest.mark.parametrize(
    "text", ['""', '"Ladd', "**", "NEAR", "a:b", "%%", "__", "' OR 1=1 --", "50%_rabatt"]
)
def test_search_with_query_syntax_characters_is_plain_text(client, world, login_as, text):
    queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.get("/triage", query_string={"q": text})
    assert response.status_code == 200
    assert titles(response.get_data(as_text=True)) == []


def test_a_one_letter_or_overlong_search_is_refused_with_a_message(client, world, login_as):
    queued(world, "Laddstolpar")
    login_as("coordinator")
    for text in ("L", "x" * 10_000):
        response = client.get("/triage", query_string={"q": text}, headers=HX)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Sök med 2 till 200 tecken." in page
        assert titles(page) == ["Laddstolpar"]


@pytest.mark.parametrize("args", ["network=999999", "area=999999", "administration=abc", "kind=x"])
def test_unknown_ids_in_the_filter_are_marked_not_used(client, world, login_as, args):
    queued(world, "Laddstolpar")
    login_as("coordinator")
    response = client.get(f"/triage?{args}")
    assert response.status_code == 422
    assert titles(response.get_data(as_text=True)) == ["Laddstolpar"]


def test_parked_and_returned_questions_are_one_link_away(client, world, login_as):
    login_as("coordinator")
    page = client.get("/triage").get_data(as_text=True)
    assert 'href="/triage?status=parked"' in page
    assert 'href="/triage?status=returned"' in page


# The filter through a decision ------------------------------------------------------------------


def test_the_filter_survives_a_decision_without_javascript(client, world, login_as):
    issue = queued(world, status=IssueStatus.PARKED)
    login_as("coordinator")
    data = form_for("assess", issue, world, back="status=parked&evil=https://x")
    response = post(client, "assess", issue, data)
    assert response.headers["Location"].endswith(f"/triage?status=parked#issue-{issue.id}")


@pytest.mark.parametrize(
    "back, size",
    [
        ("", "1 fråga"),
        ("kind=information", "0 frågor"),
        ("network=999999&area=x&kind=nonsense&q=L&sort=evil", "1 fråga"),
        ("status=parked&sort=desired", "1 fråga"),
        ("q=Cykel", "1 fråga"),
        ("q=Ladd", "0 frågor"),
    ],
)
def test_the_queue_size_beside_a_decision_counts_with_the_filter_it_came_from(
    client, world, login_as, back, size
):
    issue, _other = queued(world, "Laddstolpar"), queued(world, "Cykelparkering")
    login_as("coordinator")
    data = form_for("park", issue, world, back=back)
    response = post(client, "park", issue, data, htmx=True)
    assert response.status_code == 200
    found = re.search(r'<p id="queue-size"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.S)
    assert found.group(1).startswith(size)
