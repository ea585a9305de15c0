"""What the people using it are told where it matters, in a browser, in Swedish (the demo
accounts' language): the demo's first look at a held meeting (nothing marked changed,
nothing discussed before its minutes); the words of signing in and of a decision;
scheduling past a meeting's length says so in the answer and offers the next meeting with
time left; a meeting whose submission deadline has passed is not offered on the question
form and is marked passed, never ✓, on the semester plan. JavaScript on and off, with axe
and the Nu Html Checker on each page and after each htmx swap.

The tests run in order on one copy of the demo data: the first look comes first."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.issues.operations import withdraw_issue
from hallbarhet.models import Issue, IssueStatus, Meeting, MeetingStatus
from hallbarhet.models.base import utcnow
from tests.factories import make_issue
from tests.helpers import deadline_in

from .conftest import MOBILE, screenshot
from .test_accessibility import _swap, check
from .test_html_validity import validate

WIDE = 1366
MODES = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])


@pytest.fixture(scope="module")
def demo(live_server):
    live_server.reset()

    def read():
        held = db.session.scalar(
            select(Meeting).where(Meeting.status == MeetingStatus.HELD).order_by(Meeting.starts_at)
        )
        return {
            "held": held.id,
            "held_questions": [item.issue_id for item in held.items if item.issue_id],
        }

    return live_server.run(read)


def _axe_and_html(page, where: str, documents: dict, js: bool, axe_page=None) -> list[str]:
    """axe on the page (or, without JavaScript, on the same address in a scripted page:
    axe needs scripts), and the document kept for the Nu Html Checker."""
    documents[where] = page.content().encode()
    if js:
        return check(page, where)
    axe_page.goto(page.url)
    return check(axe_page, where)


def _text(page, selector: str = "main") -> str:
    return " ".join(page.inner_text(selector).split())


@MODES
def test_the_demos_held_meeting_marks_nothing_changed_or_discussed(page_as, demo, js, tmp_path):
    documents, problems = {}, []
    axe_page = None if js else page_as("participant", bypass_csp=True)
    page = page_as("participant", js=js, bypass_csp=js)
    page.goto(f"/meetings/{demo['held']}")
    assert page.locator(".badge--changed").count() == 0, "the agenda is as it was published"
    assert "Ändrad" not in _text(page)
    problems += _axe_and_html(page, "held meeting", documents, js, axe_page)
    assert demo["held_questions"], "the demo's held meeting has questions on its agenda"
    for issue_id in demo["held_questions"]:
        page.goto(f"/issues/{issue_id}")
        status = _text(page, "#status-heading")
        assert "Behandlad" not in status and "Inplanerad" in status, status
        problems += _axe_and_html(page, f"question {issue_id}", documents, js, axe_page)
    screenshot(page, f"demo-held-question-{'js' if js else 'nojs'}")
    problems += validate(documents, tmp_path)
    assert not problems, "\n".join(problems)


def test_the_sign_in_prompt_is_in_swedish(page_as, demo, tmp_path):
    page = page_as(None, bypass_csp=True)
    page.goto("/triage")
    assert "/login" in page.url
    said = _text(page)
    assert "Logga in för att se den sidan." in said and "Please sign in" not in said
    problems = check(page, "sign-in prompt")
    problems += validate({"sign-in prompt": page.content().encode()}, tmp_path)
    assert not problems, "\n".join(problems)


def _open_row(page, js: bool, row_id: str | None = None) -> str:
    """Open a row of the queue (the first, unless row_id) to its card."""
    page.goto("/triage")
    row_id = row_id or page.locator("article.triage-row").first.get_attribute("id")
    if js:
        _swap(page, "/card", lambda: page.click(f"#{row_id} .triage-row__open"))
    else:
        with page.expect_navigation():
            page.click(f"#{row_id} .triage-row__open")
    assert page.locator(f"#{row_id}.triage-card").count() == 1
    return row_id


def _submit(page, js: bool, row_id: str, path: str, button: str) -> str:
    """Send the card's form; the words the coordinator is answered with."""
    if js:
        _swap(page, path, lambda: page.click(button))
        return _text(page, f"#{row_id}")
    with page.expect_navigation():
        page.click(button)
    return _text(page, ".flash")


@MODES
@pytest.mark.parametrize("width", [WIDE, MOBILE])
def test_scheduling_past_the_length_says_so_where_it_is_decided(
    page_as, live_server, demo, js, width, tmp_path
):
    def two_questions():
        # Two of one network, so both can go to the same meeting.
        model = db.session.scalar(select(Issue).where(Issue.status == IssueStatus.SUBMITTED))
        made = [
            make_issue(model.network, model.submitter, title=f"Fråga om tid {n}") for n in (1, 2)
        ]
        db.session.commit()
        return [f"issue-{issue.id}" for issue in made]

    first, second = live_server.run(two_questions)
    documents, problems = {}, []
    axe_page = None if js else page_as("coordinator", width=width, bypass_csp=True)
    page = page_as("coordinator", js=js, width=width, bypass_csp=js)
    row_id = _open_row(page, js, first)
    problems += _axe_and_html(page, "card opened", documents, js, axe_page)
    form = f"#{row_id} .triage-schedule"
    # The earliest meeting offered: a later one is left to offer its time.
    offered = [
        int(option.get_attribute("value"))
        for option in page.locator(f"{form} select[name=meeting] option").all()
    ]
    meeting = str(
        live_server.run(
            lambda: db.session.scalar(
                select(Meeting.id).where(Meeting.id.in_(offered)).order_by(Meeting.starts_at)
            )
        )
    )
    page.select_option(f"{form} select[name=meeting]", meeting)
    page.fill(f"{form} input[name=minutes]", "480")
    said = _submit(page, js, row_id, "/schedule", f"{form} button[type=submit]")

    def facts():
        issue = db.session.get(Issue, int(row_id.removeprefix("issue-")))
        chosen = db.session.get(Meeting, int(meeting))
        taken = sum(item.allotted_minutes for item in chosen.items)
        return issue.status, issue.agenda_item.meeting_id, taken - chosen.duration_minutes

    status, scheduled_into, over = live_server.run(facts)
    assert status is IssueStatus.SCHEDULED and scheduled_into == int(meeting)
    assert "planerad in på" in said and "schemalag" not in said, said
    assert f"Mötet blir {over} min för långt." in said, said
    problems += _axe_and_html(page, "scheduled past the length", documents, js, axe_page)
    screenshot(page, f"triage-too-long-{width}-{'js' if js else 'nojs'}")

    # A question of a few minutes, past the same length: the next meeting with time for it
    # is offered beside the words.
    row_id = _open_row(page, js, second)
    form = f"#{row_id} .triage-schedule"
    page.select_option(f"{form} select[name=meeting]", meeting)
    page.fill(f"{form} input[name=minutes]", "5")
    said = _submit(page, js, row_id, "/schedule", f"{form} button[type=submit]")
    assert f"Mötet blir {over + 5} min för långt." in said, said
    assert "Nästa möte med tid kvar:" in said, said
    problems += _axe_and_html(page, "the next meeting offered", documents, js, axe_page)
    problems += validate(documents, tmp_path)
    assert not problems, "\n".join(problems)


@MODES
def test_a_question_withdrawn_meanwhile_says_who_withdrew_it(page_as, live_server, demo, js):
    page = page_as("coordinator", js=js)
    row_id = _open_row(page, js)
    issue_id = int(row_id.removeprefix("issue-"))

    def withdraw():
        issue = db.session.get(Issue, issue_id)
        withdraw_issue(issue.submitter, issue, issue.version)
        db.session.commit()
        return issue.submitter.name

    name = live_server.run(withdraw)
    button = f"#{row_id} .triage-schedule button[type=submit]"
    if js:
        with page.expect_response(lambda response: "/schedule" in response.url):
            page.click(button)
        page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    else:
        with page.expect_navigation():
            page.click(button)
    said = _text(page)
    assert f"{name} drog tillbaka" in said and "En annan samordnare" not in said, said
    assert live_server.run(lambda: db.session.get(Issue, issue_id).status) is IssueStatus.WITHDRAWN


@MODES
def test_a_meeting_past_its_deadline_is_not_offered_and_is_marked_passed(
    page_as, live_server, demo, js, tmp_path
):
    def close_the_next_meeting():
        meeting = db.session.scalar(
            select(Meeting)
            .where(Meeting.status == MeetingStatus.PLANNED, Meeting.starts_at > utcnow())
            .order_by(Meeting.starts_at)
        )
        # Its deadline (a number of days before it begins) passed an hour ago.
        deadline_in(meeting, -timedelta(hours=1))
        db.session.commit()
        return meeting.id, meeting.network_id

    closed, network_id = live_server.run(close_the_next_meeting)
    documents, problems = {}, []
    axe_page = None if js else page_as("representative", bypass_csp=True)
    page = page_as("representative", js=js, bypass_csp=js)
    page.goto("/issues/new")
    if page.input_value("#network") != str(network_id):
        if js:
            with page.expect_response(lambda r: "/issues/new?" in r.url):
                page.select_option("#network", str(network_id))
            page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
        else:
            page.select_option("#network", str(network_id))
            with page.expect_navigation():
                page.click("button[name=update_choices]")
    assert page.input_value("#network") == str(network_id)
    offered = [o.get_attribute("value") for o in page.locator("#desired_meeting option").all()]
    assert offered, "the network's later meetings are offered"
    assert str(closed) not in offered
    problems += _axe_and_html(page, "question form", documents, js, axe_page)

    page.goto("/meetings")
    row = page.locator("tr", has=page.locator(f"a[href$='/meetings/{closed}']"))
    deadline = " ".join(row.locator(".plan-table__deadline").inner_text().split())
    assert "passerat" in deadline and "✓" not in deadline, deadline
    assert ":" in deadline, "the deadline is shown to the minute it is enforced"
    problems += _axe_and_html(page, "semester plan", documents, js, axe_page)
    screenshot(page, f"plan-deadline-passed-{'js' if js else 'nojs'}")
    problems += validate(documents, tmp_path)
    assert not problems, "\n".join(problems)
