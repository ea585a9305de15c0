"""The representative's list of questions (/issues): the own administration's, filtered,
counted per status, in a number of statements that does not grow with the questions."""

import pytest
from sqlalchemy import event

from hallbarhet.extensions import db
from hallbarhet.issues.queries import PAGE_SIZE
from hallbarhet.models import IssueStatus
from tests.factories import make_issue
from tests.helpers import page, schedule


@pytest.fixture
def several(world):
    make_issue(world.neh, world.representative, title="NEH inskickad")
    make_issue(world.nsh, world.representative, title="NSH utkast", status=IssueStatus.DRAFT)
    scheduled = make_issue(world.neh, world.representative, title="NEH schemalagd")
    make_issue(world.neh, world.other_representative, title="Annan förvaltning")
    db.session.commit()
    schedule(world, scheduled)
    return scheduled


def test_list_shows_the_own_administrations_questions(client, login_as, world, several):
    login_as("representative", lang="en")
    html = page(client.get("/issues"))
    assert "NEH inskickad" in html and "NSH utkast" in html and "NEH schemalagd" in html
    assert "Annan förvaltning" not in html
    assert html.index("NEH schemalagd") < html.index("NEH inskickad")
    assert f"{world.neh_meeting.name} · Klimatanpassning" in html
    assert '<span class="badge badge--draft">Draft</span>' in html
    assert '<th scope="col">Reference</th>' in html
    assert "3 questions shown." in html


def test_list_filters_by_status_and_network(client, login_as, world, several):
    login_as("representative")
    html = page(client.get("/issues?status=scheduled"))
    assert "NEH schemalagd" in html and "NEH inskickad" not in html
    html = page(client.get(f"/issues?network={world.nsh.id}"))
    assert "NSH utkast" in html and "NEH inskickad" not in html
    html = page(client.get(f"/issues?network={world.nsh.id}&status=submitted"))
    assert "NSH utkast" not in html


def test_list_filter_with_htmx_returns_the_results_only(client, login_as, world, several):
    login_as("representative", lang="en")
    response = client.get("/issues?status=draft", headers={"HX-Request": "true"})
    html = page(response)
    assert response.status_code == 200 and "<html" not in html
    assert "NSH utkast" in html and "NEH inskickad" not in html
    assert 'data-hx-swap-oob="innerHTML:#result-summary"' in html and "1 question shown." in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("query", ["status=lost", "network=999", "network=neh"])
def test_list_refuses_a_forged_filter(client, login_as, world, query):
    login_as("representative")
    assert client.get(f"/issues?{query}").status_code == 422


def test_list_counts_each_status(client, login_as, world, several):
    login_as("representative", lang="en")
    html = page(client.get("/issues"))
    assert '<a href="/issues?status=scheduled">' in html
    assert 'Scheduled</span> <span class="status-counts__number">1</span>' in html


def test_list_statements_do_not_grow_with_the_questions(client, login_as, world, several):
    login_as("representative")

    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/issues").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    few = statements()
    for number in range(5):
        make_issue(
            world.nsh,
            world.representative,
            title=f"Fler {number}",
            desired_meeting=world.nsh_meeting,
        )
    db.session.commit()
    assert statements() == few


def test_a_long_list_is_in_pages_that_keep_the_filter(client, login_as, world):
    # Ten years of an administration's questions are thousands: fifty a page, newest first.
    for number in range(PAGE_SIZE + 5):
        make_issue(world.neh, world.representative, title=f"Fråga nummer {number:03d}")
    make_issue(world.nsh, world.representative, title="I det andra nätverket")
    db.session.commit()
    login_as("representative", lang="en")
    first = page(client.get(f"/issues?network={world.neh.id}"))
    assert first.count('<th scope="row">') == PAGE_SIZE
    assert f"Fråga nummer {PAGE_SIZE + 4:03d}" in first and "Fråga nummer 000" not in first
    assert f"Questions 1–{PAGE_SIZE} of {PAGE_SIZE + 5}." in first
    assert "Page 1 of 2" in first and "I det andra nätverket" not in first
    following = f'href="/issues?page=2&amp;network={world.neh.id}" rel="next"'
    assert following in first
    second = page(client.get(f"/issues?page=2&network={world.neh.id}"))
    assert second.count('<th scope="row">') == 5 and "Fråga nummer 000" in second
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second
    # A page that is not there is the nearest one that is; one that is not a number, the first.
    assert "Page 2 of 2" in page(client.get(f"/issues?page=9&network={world.neh.id}"))
    assert "Page 1 of 2" in page(client.get(f"/issues?page=x²&network={world.neh.id}"))
