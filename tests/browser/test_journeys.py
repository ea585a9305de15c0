"""The core flow as people do it in a browser, with JavaScript on and with it off:
a representative submits a question; a coordinator answers the checklist and schedules it
by keyboard alone; the coordinator publishes the agenda; a participant reads it at /agenda
and takes the meeting into the calendar.

The four tests run in order for each mode on a fresh copy of the demo data; each
continues from what the one before left."""

from datetime import UTC

import pytest
from icalendar import Calendar
from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus, Meeting, MeetingStatus, Network

TITLE = "Laddplatser för elbilar vid kommunens förskolor"
ANSWERS = {
    "affects_several": "yes",
    "info_for_all": "no",
    "needs_dialogue": "yes",
    "short_info": "no",
}


def _first_coming_neh_meeting() -> Meeting:
    network = db.session.scalar(select(Network).where(Network.slug == "neh"))
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.network_id == network.id, Meeting.status != MeetingStatus.HELD)
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def _unpublish_first_neh_meeting() -> None:
    # The demo has already published this agenda; the journey publishes it itself.
    meeting = _first_coming_neh_meeting()
    meeting.status = MeetingStatus.PLANNED
    meeting.published_at = None
    # Questions are still taken for it and it has time left, so that the submitter's wish
    # is the suggestion.
    meeting.network.submission_lead_days = 3
    meeting.duration_minutes = 180
    db.session.commit()


@pytest.fixture(scope="module", params=[True, False], ids=["js", "no-js"])
def journey(request, live_server):
    """The mode (JavaScript on or off) and what the journey has made so far."""
    live_server.reset()
    live_server.run(_unpublish_first_neh_meeting)
    meeting_id = live_server.run(lambda: _first_coming_neh_meeting().id)
    return {"js": request.param, "title": f"{TITLE} ({request.param_index})", "meeting": meeting_id}


def _issue(live_server, title: str) -> Issue | None:
    def load():
        issue = db.session.scalar(select(Issue).where(Issue.title == title))
        if issue is not None:
            db.session.expunge(issue)
        return issue

    return live_server.run(load)


def _active(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
        return {id: e.id, tag: e.tagName, focus: e.hasAttribute("data-focus"),
                text: e.textContent.trim(), role: e.getAttribute("role")}; }"""
    )


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}; focus is on {_active(page)}")


def test_representative_submits_a_question(page_as, live_server, journey):
    page = page_as("representative", js=journey["js"])
    page.goto("/issues/new")
    neh = live_server.run(
        lambda: db.session.scalar(select(Network.id).where(Network.slug == "neh"))
    )
    page.select_option("#network", str(neh))
    page.fill("#title", journey["title"])
    page.select_option("#kind", "dialogue")
    page.select_option("#asked_for", "dialogue")
    page.fill(
        "#description",
        "Förskolorna vill ha laddplatser; vi behöver samordna med fastighetsägare och el-nät.",
    )
    page.fill("#estimated_minutes", "25")
    page.fill("#presenter", "Rasmus Ek")
    page.check("input[name=affected] >> nth=0")
    page.select_option("#desired_meeting", str(journey["meeting"]))
    with page.expect_navigation():
        page.click("button[name=action][value=submit]")

    issue = _issue(live_server, journey["title"])
    assert issue is not None and issue.status == IssueStatus.SUBMITTED
    assert issue.reference.startswith("NEH-")
    assert page.url.endswith(f"/issues/{issue.id}")
    main = page.inner_text("main")
    assert issue.reference in main and journey["title"] in main
    page.goto("/issues")
    row = page.locator("main").get_by_text(journey["title"])
    assert row.count() >= 1
    assert issue.reference in page.inner_text("main")
    journey["issue"] = issue.id


def test_coordinator_answers_and_schedules_by_keyboard(page_as, live_server, journey):
    issue_id = journey["issue"]
    card = f"#issue-{issue_id}"
    page = page_as("coordinator", js=journey["js"])
    page.goto("/triage")
    # The question is a row: its Open link shows the card (in place, or by reloading).
    page.locator(f"{card} h3 a").focus()
    _tab_to(page, f"{card} .triage-row__open")
    if journey["js"]:
        page.keyboard.press("Enter")
        page.wait_for_selector(f"{card}.triage-card")
    else:
        with page.expect_navigation():
            page.keyboard.press("Enter")
    url = page.url
    budgets = page.inner_text("#budgets")
    for question, answer in ANSWERS.items():
        button = f"{card}-{question}-{answer}"
        # Start at the card's title; everything after is Tab and Enter.
        page.locator(f"{card} h3 a").focus()
        _tab_to(page, button)
        if journey["js"]:
            page.keyboard.press("Enter")
            page.wait_for_selector(f"{button}[aria-pressed=true]")
            assert page.url == url
            # The swap replaced the button; the focus stays on its successor.
            page.wait_for_function(
                "id => document.activeElement && document.activeElement.id === id",
                arg=button[1:],
            )
        else:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.locator(button).get_attribute("aria-pressed") == "true"
    assert "dialog" in page.inner_text(f"{card}-recommendation").lower()

    page.locator(f"{card} h3 a").focus()
    selected = page.eval_on_selector(
        f"{card} .triage-schedule select[name=meeting]", "s => s.value"
    )
    assert selected == str(journey["meeting"])
    _tab_to(page, f"{card} .triage-schedule button[type=submit]")
    if journey["js"]:
        page.keyboard.press("Space")
        page.wait_for_selector(f"{card}.triage-done")
        # Focus moves once htmx has settled the swap, a moment after the new content shows.
        page.wait_for_function(
            "id => document.activeElement && document.activeElement.id === id",
            arg=f"issue-{issue_id}",
        )
        assert page.url == url, "scheduling must not load a new page"
        assert page.inner_text("#budgets") != budgets
        active = _active(page)
        assert active["focus"] and active["id"] == f"issue-{issue_id}"
        assert active["role"] == "status" and active["text"]
        assert page.locator("[aria-live=polite], [role=status]").count() >= 1
    else:
        with page.expect_navigation():
            page.keyboard.press("Space")
        assert page.locator(f"{card} .triage-schedule").count() == 0
        assert page.inner_text("#flash-region").strip()

    issue = _issue(live_server, journey["title"])
    assert issue.status == IssueStatus.SCHEDULED


def test_coordinator_publishes_the_agenda(page_as, live_server, journey):
    meeting_id = journey["meeting"]
    page = page_as("coordinator", js=journey["js"])
    page.goto(f"/meetings/{meeting_id}")
    assert journey["title"] in page.inner_text("#agenda")
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    with page.expect_navigation():
        page.click("form.publish-form button[type=submit]")
    assert len(dialogs) == (1 if journey["js"] else 0)
    assert page.locator("form.publish-form").count() == 0

    def status():
        return db.session.get(Meeting, meeting_id).status

    assert live_server.run(status) == MeetingStatus.AGENDA_PUBLISHED


def test_participant_reads_the_agenda_and_takes_the_calendar_file(page_as, live_server, journey):
    meeting_id = journey["meeting"]
    page = page_as("participant", js=journey["js"])
    page.goto("/agenda")
    assert journey["title"] in page.inner_text("main")
    link = page.locator(f"main a[href='/meetings/{meeting_id}.ics']")
    with page.expect_download() as download:
        link.click()
    calendar = Calendar.from_ical(download.value.path().read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1

    def meeting_facts():
        meeting = db.session.get(Meeting, meeting_id)
        return meeting.name, meeting.theme, meeting.starts_at

    name, theme, starts_at = live_server.run(meeting_facts)
    summary = str(events[0]["SUMMARY"])
    assert name.split()[0] in summary or theme in summary
    start = events[0].decoded("DTSTART")
    assert start.astimezone(UTC) == starts_at.astimezone(UTC)
